package auth

import (
	"errors"
	"fmt"
	"slices"
)

// Kind says which population a principal belongs to.
type Kind string

// Principal kinds.
const (
	KindAdmin      Kind = "admin"
	KindSubscriber Kind = "subscriber"
)

// Role is what a principal may do. Administrator roles are the seeds' role
// names; subscribers have RoleSubscriber.
type Role string

// Roles.
const (
	// RoleNetworkSoftwareProvider administers every operator.
	RoleNetworkSoftwareProvider Role = "NetworkSoftwareProvider"
	// Operator roles: one operator.
	RoleDomainAdministrator Role = "DomainAdministrator"
	RoleSIEMAdministrator   Role = "SIEMAdministrator"
	RoleAccountManager      Role = "AccountManager"
	RoleCustomerSupport     Role = "CustomerSupport"
	// Venue roles: the listed venues of one operator.
	RoleVenueAdministrator Role = "VenueAdministrator"
	RoleLeasingAgent       Role = "LeasingAgent"
	// RoleSubscriber is every subscriber's role: their own account.
	RoleSubscriber Role = "Subscriber"
)

// Scope is the reach a role grants.
type Scope int

// Scopes, from widest to narrowest.
const (
	ScopeNone Scope = iota
	// ScopeAllOperators reaches every operator and venue.
	ScopeAllOperators
	// ScopeOperator reaches one operator (Principal.OperatorID) and its venues.
	ScopeOperator
	// ScopeVenues reaches the listed venues (Principal.VenueIDs) of one operator.
	ScopeVenues
	// ScopeSelf reaches the subscriber's own account only.
	ScopeSelf
)

// String names the scope.
func (s Scope) String() string {
	switch s {
	case ScopeAllOperators:
		return "all operators"
	case ScopeOperator:
		return "operator"
	case ScopeVenues:
		return "venues"
	case ScopeSelf:
		return "self"
	}
	return "none"
}

// AdminRoles lists every administrator role.
var AdminRoles = []Role{
	RoleNetworkSoftwareProvider,
	RoleDomainAdministrator, RoleSIEMAdministrator, RoleAccountManager, RoleCustomerSupport,
	RoleVenueAdministrator, RoleLeasingAgent,
}

// Scope returns the reach of r; ScopeNone for an unknown role.
func (r Role) Scope() Scope {
	switch r {
	case RoleNetworkSoftwareProvider:
		return ScopeAllOperators
	case RoleDomainAdministrator, RoleSIEMAdministrator, RoleAccountManager, RoleCustomerSupport:
		return ScopeOperator
	case RoleVenueAdministrator, RoleLeasingAgent:
		return ScopeVenues
	case RoleSubscriber:
		return ScopeSelf
	}
	return ScopeNone
}

// Kind returns the principal kind that may hold r.
func (r Role) Kind() Kind {
	if r == RoleSubscriber {
		return KindSubscriber
	}
	return KindAdmin
}

// AccessCategory returns the seeds' access category of r:
// "NetworkSoftwareProvider", "NetworkOperator", "Venue" or "Subscriber".
func (r Role) AccessCategory() string {
	switch r.Scope() {
	case ScopeAllOperators:
		return "NetworkSoftwareProvider"
	case ScopeOperator:
		return "NetworkOperator"
	case ScopeVenues:
		return "Venue"
	case ScopeSelf:
		return "Subscriber"
	}
	return "Public"
}

// Principal is an authenticated caller.
type Principal struct {
	// Subject is the administrator's or subscriber's id.
	Subject string `json:"sub"`
	Kind    Kind   `json:"kind"`
	Role    Role   `json:"role"`
	// OperatorID is the operator an operator or venue role works for;
	// empty for NetworkSoftwareProvider, optional for subscribers.
	OperatorID string `json:"operator_id,omitempty"`
	// VenueIDs are the venues a venue role reaches; empty otherwise.
	VenueIDs []string `json:"venue_ids,omitempty"`
}

// ErrInvalidPrincipal reports a principal whose fields do not fit its role.
var ErrInvalidPrincipal = errors.New("auth: invalid principal")

// Validate reports whether p is consistent: a subject, a known role held by
// the right kind, an operator for operator and venue roles (and none for
// NetworkSoftwareProvider), venues exactly for venue roles.
func (p Principal) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidPrincipal, fmt.Sprintf(format, args...))
	}
	if p.Subject == "" {
		return bad("empty subject")
	}
	scope := p.Role.Scope()
	if scope == ScopeNone {
		return bad("unknown role %q", p.Role)
	}
	if p.Kind != p.Role.Kind() {
		return bad("role %s cannot be held by kind %q", p.Role, p.Kind)
	}
	switch scope {
	case ScopeAllOperators:
		if p.OperatorID != "" {
			return bad("role %s takes no operator", p.Role)
		}
	case ScopeOperator, ScopeVenues:
		if p.OperatorID == "" {
			return bad("role %s needs an operator", p.Role)
		}
	}
	if scope == ScopeVenues {
		if len(p.VenueIDs) == 0 {
			return bad("role %s needs at least one venue", p.Role)
		}
		if slices.Contains(p.VenueIDs, "") {
			return bad("empty venue id")
		}
	} else if len(p.VenueIDs) != 0 {
		return bad("role %s takes no venues", p.Role)
	}
	return nil
}

// CanAccessOperator reports whether p reaches the whole of operator
// operatorID: NetworkSoftwareProvider always, operator roles for their own
// operator. Venue roles and subscribers never reach a whole operator.
func (p Principal) CanAccessOperator(operatorID string) bool {
	switch p.Role.Scope() {
	case ScopeAllOperators:
		return true
	case ScopeOperator:
		return operatorID != "" && p.OperatorID == operatorID
	}
	return false
}

// CanAccessVenue reports whether p reaches venue venueID of operator
// operatorID: through its operator for operator-wide roles, or by listing
// the venue (under its own operator) for venue roles.
func (p Principal) CanAccessVenue(operatorID, venueID string) bool {
	if venueID == "" {
		return false
	}
	switch p.Role.Scope() {
	case ScopeAllOperators, ScopeOperator:
		return p.CanAccessOperator(operatorID)
	case ScopeVenues:
		return operatorID != "" && p.OperatorID == operatorID && slices.Contains(p.VenueIDs, venueID)
	}
	return false
}
