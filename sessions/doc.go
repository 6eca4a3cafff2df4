// Package sessions holds the RADIUS-facing endpoints: a subscriber's Calling-Station and
// NAS whitelists (stored on the subscriber vertex, projected by package projection),
// forgetting a subscriber's device bindings, and the session, usage and CPE-status
// reports, read from radiusd's Redis projection (policycache) for what is live and from
// the graph for history.
//
// Tenant rules are those of every command: an operator role reaches its operator's
// subscribers and venues, a venue role only the venues it lists (a subscriber is
// reachable through the keys it has there, and only those keys' sessions are shown), a
// subscriber only its own keys.
//
// Accounting history reaches the graph through the Flusher, which the service runs every
// 30 seconds: a session vertex per venue and Acct-Session-Id and a unit_daily_usage vertex
// per unit and UTC day, written so that replays and a refilled Redis never lower or
// double-count them. Redis keeps a stopped session for
// policycache.StoppedSessionRetention only; the graph keeps it after that.
//
// Session lists are the active sessions Redis holds (policycache.SessionsOfKey; Redis
// decides what is active) plus the sessions the graph holds that reported accounting
// within the endpoint's window (listSessions: 7 days; listSubscriberKeySessions,
// listKeySessions and listDeviceSessions: 30 days), each reported once with the larger of
// the two copies' counters. Usage is, per unit and UTC day, the larger of the graph's
// daily record and Redis's counters (policycache.UnitUsages), which hold today's figures
// before they are flushed.
package sessions

import (
	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/policycache"
)

// Route binds a seeds endpoint path to a command.
type Route struct{ Path, Command string }

// Commands holds what the RADIUS endpoints need besides the graph.
type Commands struct {
	Secrets *vaultcrypto.KeyRing
	// Cache is the projection the reports read and forgetSubscriberDevices clears.
	Cache *policycache.Store
}

// Roles.
var (
	venueConsole = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator, auth.RoleAccountManager,
		auth.RoleCustomerSupport, auth.RoleVenueAdministrator, auth.RoleLeasingAgent}
	operatorConsole = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator, auth.RoleAccountManager,
		auth.RoleCustomerSupport}
	subscriberOnly = []auth.Role{auth.RoleSubscriber}
)

// Register adds the commands and returns their endpoint routes.
func (s *Commands) Register(r *gremlinconsole.Registry) []Route {
	var routes []Route
	for _, g := range []func() ([]*gremlinconsole.Command, []Route){s.whitelistGroup, s.sessionGroup, s.usageGroup} {
		cmds, rs := g()
		r.Register(cmds...)
		routes = append(routes, rs...)
	}
	return routes
}
