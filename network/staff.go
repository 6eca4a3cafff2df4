package network

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
)

// Staff access. Staff are administrator accounts (package identity): one role per
// account, the operator it works for and, for the venue roles, the venues it reaches.
// The seeds let roles "accumulate"; with one role per account this reads: granting a
// venue role the account already holds adds the venue to its list, granting an operator
// role replaces the account's role (an operator role reaches every venue), and granting
// a venue role to an account that holds an operator role or the other venue role is a
// conflict (409) the caller resolves by disabling first.
//
// Who may grant which role (seeds, enableStaffAccess "Hierarchy"): a Network Software
// Provider any role of any operator; a DomainAdministrator any role of its operator;
// an AccountManager or CustomerSupport only the venue roles, at the operator's venues; a
// VenueAdministrator only the venue roles at its own venues. Nobody changes or removes
// their own access. A new account is created without a password, in the seeds'
// FORCE_CHANGE_PASSWORD state; the StaffAccessEnabled event with Invitation=true tells the
// mailer to send the welcome mail with a temporary password (identity.IssueTemporaryPassword).

// staffGrantRoles may run the enable and venue disable commands (the hierarchy is
// checked in the command).
var staffGrantRoles = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
	auth.RoleAccountManager, auth.RoleCustomerSupport, auth.RoleVenueAdministrator}

var (
	operatorRoleNames = []string{string(auth.RoleDomainAdministrator), string(auth.RoleSIEMAdministrator),
		string(auth.RoleAccountManager), string(auth.RoleCustomerSupport)}
	venueRoleNames = []string{string(auth.RoleVenueAdministrator), string(auth.RoleLeasingAgent)}
)

// localePattern accepts the seeds' locales in either case (en-us, en-US, es-xl).
const localePattern = `^(?i:en-us|es-xl)$`

func staffGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return n.staffCommands(), []Route{
		{"/networkoperatorconsole/staff/enableStaffAccess", "Staff.enableStaffAccess"},
		{"/networkoperatorconsole/staff/disableStaffAccess", "Staff.disableStaffAccess"},
		{"/venuemgmtconsole/staff/enableStaffAccess", "Staff.enableVenueStaffAccess"},
		{"/networkoperatorconsole/venues/enableStaffAccess", "Staff.enableVenueStaffAccess"},
		{"/venuemgmtconsole/staff/disableStaffAccess", "Staff.disableVenueStaffAccess"},
		{"/networkoperatorconsole/venues/disableStaffAccess", "Staff.revokeVenueStaffRole"},
	}
}

func (n *Commands) staffCommands() []*gremlinconsole.Command {
	email := gremlinconsole.Param{Name: "EmailAddress", Kind: gremlinconsole.String, Required: true,
		Format: gremlinconsole.FormatEmail, MaxLen: 254, Doc: "the staff member; lower-cased"}
	locale := gremlinconsole.Param{Name: "locale", Kind: gremlinconsole.String, Pattern: localePattern, Doc: "en-us or es-xl"}
	return []*gremlinconsole.Command{
		{
			Name:     "Staff.enableStaffAccess",
			Summary:  "Grants an operator or venue role to a staff member, creating the account (invitation) when needed.",
			Roles:    staffGrantRoles,
			Mutating: true,
			Params: []gremlinconsole.Param{
				{Name: "OperatorID", Kind: gremlinconsole.String, Pattern: operatorIDPattern,
					Doc: "required for a Network Software Provider granting an operator role"},
				email,
				{Name: "Role", Kind: gremlinconsole.String, Required: true, Enum: append(slices.Clone(operatorRoleNames), venueRoleNames...)},
				{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: 256, Doc: "required for VenueAdministrator and LeasingAgent"},
				{Name: "GivenName", Kind: gremlinconsole.String, MaxLen: 40, Doc: "required for the operator roles"},
				{Name: "FamilyName", Kind: gremlinconsole.String, MaxLen: 40, Doc: "required for the operator roles"},
				locale,
				{Name: "Domain", Kind: gremlinconsole.String, MaxLen: 253,
					Doc: "accepted for compatibility; the operator is chosen with OperatorID"},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID", Venue: "VenueID"},
			Run:   n.enableStaffAccess,
		},
		{
			Name:     "Staff.enableVenueStaffAccess",
			Summary:  "Grants VenueAdministrator or LeasingAgent at a venue, creating the account (invitation) when needed.",
			Roles:    staffGrantRoles,
			Mutating: true,
			Params: []gremlinconsole.Param{
				{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: 256},
				{Name: "Role", Kind: gremlinconsole.String, Required: true, Enum: venueRoleNames},
				email,
				{Name: "GivenName", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 40},
				{Name: "FamilyName", Kind: gremlinconsole.String, MaxLen: 40,
					Doc: "required by the venue console's schema, optional in the operator console's: optional here"},
				locale,
			},
			Scope: gremlinconsole.ScopeParams{Venue: "VenueID"},
			Run:   n.enableStaffAccess,
		},
		{
			Name:     "Staff.disableStaffAccess",
			Summary:  "Removes a staff member's operator role (DomainAdministrator, SIEMAdministrator, AccountManager, CustomerSupport); the account is kept, disabled.",
			Roles:    []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator},
			Mutating: true,
			Params: []gremlinconsole.Param{
				email,
				{Name: "OperatorID", Kind: gremlinconsole.String, Pattern: operatorIDPattern,
					Doc: "required for a Network Software Provider; defaults to the caller's operator"},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:   n.disableStaffAccess,
		},
		{
			Name:     "Staff.disableVenueStaffAccess",
			Summary:  "Removes a staff member's venue role (VenueAdministrator or LeasingAgent) at a venue; the account is kept.",
			Roles:    staffGrantRoles,
			Mutating: true,
			Params: []gremlinconsole.Param{
				{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: 256},
				email,
			},
			Scope: gremlinconsole.ScopeParams{Venue: "VenueID"},
			Run:   n.disableVenueStaffAccess,
		},
		{
			Name:     "Staff.revokeVenueStaffRole",
			Summary:  "Revokes one venue role of a staff member at a venue, with a reason for the audit trail.",
			Roles:    staffGrantRoles,
			Mutating: true,
			Params: []gremlinconsole.Param{
				{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: 256},
				{Name: "StaffEmailAddress", Kind: gremlinconsole.String, Required: true, Format: gremlinconsole.FormatEmail, MaxLen: 254},
				{Name: "Role", Kind: gremlinconsole.String, Required: true, Enum: venueRoleNames,
					Doc: "the seeds also list CustomerService and MaintenanceStaff, roles no endpoint grants"},
				{Name: "RevocationReason", Kind: gremlinconsole.String,
					Enum: []string{"EmploymentTermination", "RoleChange", "SecurityIncident", "BusinessRestructuring", "PolicyViolation"}},
				{Name: "EffectiveDate", Kind: gremlinconsole.String, MaxLen: 40,
					Doc: "date-time; only a time not in the future is accepted (revocation is immediate)"},
				{Name: "NotificationPreferences", Kind: gremlinconsole.Object},
				{Name: "AuditNotes", Kind: gremlinconsole.String, MaxLen: 2000},
			},
			Scope: gremlinconsole.ScopeParams{Venue: "VenueID"},
			Run:   n.revokeVenueStaffRole,
		},
	}
}

// mayGrant reports whether the caller may grant role (the seeds' hierarchy).
func mayGrant(p *auth.Principal, role auth.Role) error {
	switch p.Role {
	case auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator:
		return nil
	case auth.RoleAccountManager, auth.RoleCustomerSupport, auth.RoleVenueAdministrator:
		if role.Scope() == auth.ScopeVenues {
			return nil
		}
	}
	return &gremlinconsole.Error{Status: http.StatusForbidden, Message: fmt.Sprintf("The %s role may not grant %s.", p.Role, role)}
}

func notSelf(c *gremlinconsole.Call, email string) error {
	if c.Principal != nil && identity.Normalize(c.Principal.Subject) == identity.Normalize(email) {
		return &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not change your own access."}
	}
	return nil
}

func (n *Commands) enableStaffAccess(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	role := auth.Role(c.Params.String("Role"))
	email := identity.Normalize(c.Params.String("EmailAddress"))
	given, family := c.Params.String("GivenName"), c.Params.String("FamilyName")
	locale := strings.ToLower(c.Params.String("locale"))
	venueRole := role.Scope() == auth.ScopeVenues
	switch {
	case venueRole && c.VenueID == "":
		return nil, &gremlinconsole.ValidationError{Field: "VenueID", Message: "is required for " + string(role)}
	case !venueRole && c.Params.Has("VenueID"):
		return nil, &gremlinconsole.ValidationError{Field: "VenueID", Message: "is only for the venue roles; " + string(role) + " reaches every venue"}
	case !venueRole && given == "":
		return nil, &gremlinconsole.ValidationError{Field: "GivenName", Message: "is required for " + string(role)}
	case !venueRole && family == "":
		return nil, &gremlinconsole.ValidationError{Field: "FamilyName", Message: "is required for " + string(role)}
	case c.OperatorID == "":
		return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required for a Network Software Provider"}
	}
	if err := mayGrant(c.Principal, role); err != nil {
		return nil, err
	}
	if err := notSelf(c, email); err != nil {
		return nil, err
	}
	current, found, err := n.Admins.Find(ctx, email)
	if err != nil {
		return nil, err
	}
	opVID := gremlinconsole.VertexID(LabelOperator, c.OperatorID)
	adminVID := identity.VertexID(email)
	var venues []string
	if venueRole {
		venues = []string{c.VenueID}
	}
	invitation := !found
	var t *gremlingo.GraphTraversal
	var changes []gremlinconsole.Change
	if !found {
		a := identity.Admin{Email: email, Role: role, OperatorID: c.OperatorID, VenueIDs: venues}
		t = c.G().Inject(0).
			Coalesce(__.V(opVID).HasLabel(LabelOperator), __.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)))).
			Coalesce(__.V(adminVID).Fail(graphdb.FailMessage(http.StatusConflict, "The account changed meanwhile; try again.")), __.Constant(0)).
			SideEffect(identity.AddInvitedAdmin(a, identity.StaffProfile{GivenName: given, FamilyName: family, Locale: locale}, c.NowMillis()))
		changes = []gremlinconsole.Change{{Field: "Role", After: string(role)}, {Field: "VenueIDs", After: identity.VenueIDsValue(venues)}}
	} else {
		newRole, newVenues, err := grantedAccess(current, c.OperatorID, role, c.VenueID)
		if err != nil {
			return nil, err
		}
		venues = newVenues
		status := identity.StatusActive
		if current.Status == identity.StatusInvited {
			status = identity.StatusInvited
		}
		invitation = status == identity.StatusInvited
		t = c.G().Inject(0).
			Coalesce(__.V(adminVID).Has(identity.KeyRole, string(current.Role)).Has(gremlinconsole.KeyOperatorID, current.OperatorID).
				Has(identity.KeyVenueIDs, identity.VenueIDsValue(current.VenueIDs)).Has(identity.KeyStatus, current.Status),
				__.Fail(graphdb.FailMessage(http.StatusConflict, "The account changed meanwhile; try again."))).
			Property(gremlingo.Cardinality.Single, identity.KeyRole, string(newRole)).
			Property(gremlingo.Cardinality.Single, identity.KeyVenueIDs, identity.VenueIDsValue(newVenues)).
			Property(gremlingo.Cardinality.Single, identity.KeyStatus, status)
		changes = []gremlinconsole.Change{
			{Field: "Role", Before: string(current.Role), After: string(newRole)},
			{Field: "VenueIDs", Before: identity.VenueIDsValue(current.VenueIDs), After: identity.VenueIDsValue(newVenues)},
			{Field: "Status", Before: current.Status, After: status},
		}
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: email, Changes: changes,
		Message: fmt.Sprintf("Staff access %s enabled for %s.", role, email)})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "StaffAccessEnabled", Key: email, Payload: map[string]any{
		"EmailAddress": email, "Role": string(role), "OperatorID": c.OperatorID, "VenueID": c.VenueID, "Invitation": invitation,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	res := gremlinconsole.Result{
		"message":      "Staff access has been enabled successfully.",
		"EmailAddress": email, "Role": string(role), "OperatorID": c.OperatorID,
		"GivenName": given, "FamilyName": family, "locale": locale,
		"dateAddedUTC": c.Now.Format("2006-01-02T15:04:05.000Z"),
	}
	if venueRole {
		res["VenueID"] = c.VenueID
		res["VenueIDs"] = venues
	}
	return res, nil
}

// grantedAccess is the role and venue list an existing account has after being granted
// role (at venue, for a venue role), or the conflict that prevents it.
func grantedAccess(a identity.Admin, operatorID string, role auth.Role, venue string) (auth.Role, []string, error) {
	conflict := func(format string, args ...any) error {
		return &gremlinconsole.Error{Status: http.StatusConflict, Message: fmt.Sprintf(format, args...)}
	}
	if a.OperatorID != operatorID || a.Role.Scope() == auth.ScopeAllOperators {
		return "", nil, conflict("The account %s belongs to another operator.", a.Email)
	}
	if role.Scope() == auth.ScopeOperator {
		if a.Role == role && !a.Disabled {
			return "", nil, conflict("%s already holds %s.", a.Email, role)
		}
		return role, nil, nil
	}
	switch {
	case a.Disabled && a.Status != identity.StatusInvited:
		return role, []string{venue}, nil
	case a.Role.Scope() == auth.ScopeOperator:
		return "", nil, conflict("%s holds %s, which reaches every venue of the operator.", a.Email, a.Role)
	case a.Role != role:
		return "", nil, conflict("%s holds %s; disable it before granting %s.", a.Email, a.Role, role)
	case slices.Contains(a.VenueIDs, venue):
		return "", nil, conflict("%s already holds %s at %s.", a.Email, role, venue)
	}
	return role, append(slices.Clone(a.VenueIDs), venue), nil
}

func (n *Commands) disableStaffAccess(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	email := identity.Normalize(c.Params.String("EmailAddress"))
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	if err := notSelf(c, email); err != nil {
		return nil, err
	}
	a, found, err := n.Admins.Find(ctx, email)
	if err != nil {
		return nil, err
	}
	if !found || a.OperatorID != c.OperatorID || a.Role.Scope() != auth.ScopeOperator || a.Status == identity.StatusDisabled {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound,
			Message: fmt.Sprintf("%s holds no operator role at %s.", email, c.OperatorID)}
	}
	t := c.G().Inject(0).
		Coalesce(__.V(identity.VertexID(email)).Has(identity.KeyRole, string(a.Role)).Has(identity.KeyStatus, a.Status),
			__.Fail(graphdb.FailMessage(http.StatusConflict, "The account changed meanwhile; try again."))).
		Property(gremlingo.Cardinality.Single, identity.KeyStatus, identity.StatusDisabled)
	t = c.WithAudit(t, gremlinconsole.Audit{Target: email, Message: fmt.Sprintf("Staff access %s disabled for %s.", a.Role, email),
		Changes: []gremlinconsole.Change{{Field: "Status", Before: a.Status, After: identity.StatusDisabled}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "StaffAccessDisabled", Key: email, Payload: map[string]any{
		"EmailAddress": email, "OperatorID": c.OperatorID, "RolesRemoved": []string{string(a.Role)},
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{
		"message": "", "EmailAddress": email, "OperatorID": c.OperatorID,
		"DisabledDateTime": c.Now.Format("2006-01-02T15:04:05.000Z"), "RolesRemoved": []string{string(a.Role)},
	}, nil
}

// removeVenueRole takes venue out of the venue list of email's account, which must hold
// role there (any venue role when role is empty). An account left without venues is
// disabled.
func (n *Commands) removeVenueRole(ctx context.Context, c *gremlinconsole.Call, email string, role auth.Role, audit string) (identity.Admin, error) {
	if err := notSelf(c, email); err != nil {
		return identity.Admin{}, err
	}
	a, found, err := n.Admins.Find(ctx, email)
	if err != nil {
		return identity.Admin{}, err
	}
	if !found || a.OperatorID != c.OperatorID || a.Role.Scope() != auth.ScopeVenues ||
		!slices.Contains(a.VenueIDs, c.VenueID) || (role != "" && a.Role != role) {
		held := "no venue role"
		if role != "" {
			held = "no " + string(role) + " role"
		}
		return identity.Admin{}, &gremlinconsole.Error{Status: http.StatusNotFound,
			Message: fmt.Sprintf("%s holds %s at %s.", email, held, c.VenueID)}
	}
	rest := slices.DeleteFunc(slices.Clone(a.VenueIDs), func(v string) bool { return v == c.VenueID })
	status := a.Status
	if len(rest) == 0 {
		status = identity.StatusDisabled
	}
	t := c.G().Inject(0).
		Coalesce(__.V(identity.VertexID(email)).Has(identity.KeyRole, string(a.Role)).
			Has(identity.KeyVenueIDs, identity.VenueIDsValue(a.VenueIDs)).Has(identity.KeyStatus, a.Status),
			__.Fail(graphdb.FailMessage(http.StatusConflict, "The account changed meanwhile; try again."))).
		Property(gremlingo.Cardinality.Single, identity.KeyVenueIDs, identity.VenueIDsValue(rest)).
		Property(gremlingo.Cardinality.Single, identity.KeyStatus, status)
	t = c.WithAudit(t, gremlinconsole.Audit{Target: email, Message: audit,
		Changes: []gremlinconsole.Change{
			{Field: "VenueIDs", Before: identity.VenueIDsValue(a.VenueIDs), After: identity.VenueIDsValue(rest)},
			{Field: "Status", Before: a.Status, After: status},
		}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "StaffAccessDisabled", Key: email, Payload: map[string]any{
		"EmailAddress": email, "OperatorID": c.OperatorID, "VenueID": c.VenueID, "RolesRemoved": []string{string(a.Role)},
	}})
	return a, graphdb.Exec(t)
}

func (n *Commands) disableVenueStaffAccess(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	email := identity.Normalize(c.Params.String("EmailAddress"))
	if _, err := n.removeVenueRole(ctx, c, email, "", fmt.Sprintf("Venue staff access at %s disabled for %s.", c.VenueID, email)); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "Operation complete. "}, nil
}

func (n *Commands) revokeVenueStaffRole(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	email := identity.Normalize(c.Params.String("StaffEmailAddress"))
	role := auth.Role(c.Params.String("Role"))
	if eff := c.Params.String("EffectiveDate"); eff != "" {
		at, err := time.Parse(time.RFC3339Nano, eff)
		if err != nil {
			return nil, &gremlinconsole.ValidationError{Field: "EffectiveDate", Message: "must be an ISO 8601 date-time"}
		}
		if at.After(c.Now) {
			return nil, &gremlinconsole.ValidationError{Field: "EffectiveDate",
				Message: "must not be in the future: revocations take effect immediately"}
		}
	}
	reason, notes := c.Params.String("RevocationReason"), c.Params.String("AuditNotes")
	msg := fmt.Sprintf("%s revoked for %s at %s.", role, email, c.VenueID)
	if reason != "" {
		msg += " Reason: " + reason + "."
	}
	if notes != "" {
		msg += " Notes: " + notes
	}
	if _, err := n.removeVenueRole(ctx, c, email, role, msg); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{
		"success":      true,
		"revocationId": fmt.Sprintf("REV_%d", c.NowMillis()),
		"staffMember":  map[string]any{"EmailAddress": email, "Role": string(role)},
		"venue":        map[string]any{"VenueID": c.VenueID},
		"audit": map[string]any{"RevocationReason": reason, "AuditNotes": notes,
			"dateAddedUTC.ISO8601": c.Now.Format("2006-01-02T15:04:05.000Z")},
	}, nil
}
