package subscribers

import (
	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
)

// Route binds a seeds endpoint path to a command.
type Route struct{ Path, Command string }

// Commands holds what the subscriber commands need besides the graph.
type Commands struct {
	// Secrets encrypts passphrases and reset codes and computes passphrase blind indexes.
	Secrets *vaultcrypto.KeyRing
	// Accounts hashes and verifies subscriber passwords.
	Accounts *identity.Subscribers
	// Sessions issues subscriber tokens (login, refreshAccessToken, logout).
	Sessions *auth.Sessions
	// Logins limits password guessing per account and address; OTPs limits reset-code
	// guessing per subscriber and address.
	Logins, OTPs *auth.AttemptLimiter
}

// Roles.
var (
	// venueConsole: every administrator who reaches a venue.
	venueConsole = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator, auth.RoleAccountManager,
		auth.RoleCustomerSupport, auth.RoleVenueAdministrator, auth.RoleLeasingAgent}
	// operatorConsole: the operator's subscriber managers.
	operatorConsole = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator, auth.RoleAccountManager,
		auth.RoleCustomerSupport}
	// operatorReaders add the SIEM administrator, who reads logs.
	operatorReaders = append([]auth.Role{auth.RoleSIEMAdministrator}, operatorConsole...)
	// erasers may delete a subscriber's data permanently.
	erasers = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator}
	// subscriberOnly is the subscriber console.
	subscriberOnly = []auth.Role{auth.RoleSubscriber}
)

// Register adds every subscriber command and returns the endpoint routes.
func (s *Commands) Register(r *gremlinconsole.Registry) []Route {
	var routes []Route
	for _, g := range []func() ([]*gremlinconsole.Command, []Route){s.venueGroup, s.operatorGroup, s.eraseGroup, s.consoleGroup, s.selfGroup} {
		cmds, rs := g()
		r.Register(cmds...)
		routes = append(routes, rs...)
	}
	return routes
}
