package service

import (
	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/handlers"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/network"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/subscribers"
)

// registerCommands registers every domain's commands and returns their endpoint routes.
func registerCommands(s *Service) []handlers.Route {
	var routes []handlers.Route
	net := &network.Commands{Admins: s.Admins, Secrets: s.Secrets, Registry: s.Registry}
	for _, r := range net.Register(s.Registry) {
		routes = append(routes, handlers.Route{Path: r.Path, Command: r.Command})
	}
	for _, r := range subscriberCommands(s).Register(s.Registry) {
		routes = append(routes, handlers.Route{Path: r.Path, Command: r.Command})
	}
	routes = append(routes, sessionRoutes(s)...)
	return routes
}

// subscriberCommands wires the subscriber commands: their sessions use the API's signing
// keys, issuer and audience, so subscriber tokens verify like every other token.
func subscriberCommands(s *Service) *subscribers.Commands {
	tokens, err := auth.NewAccessTokens(s.Keys, auth.AccessTokenConfig{Issuer: s.Config.Issuer, Audience: "wifivault-api"})
	if err != nil {
		panic("service: subscriber access tokens: " + err.Error()) // Start built the same configuration already
	}
	logins, _ := auth.NewAttemptLimiter(s.Redis, auth.AttemptLimiterConfig{Name: "subscriber-login"})
	otps, _ := auth.NewAttemptLimiter(s.Redis, auth.AttemptLimiterConfig{Name: "subscriber-otp"})
	return &subscribers.Commands{
		Secrets:  s.Secrets,
		Accounts: &identity.Subscribers{DB: s.DB, Params: s.Admins.Params},
		Sessions: &auth.Sessions{AccessTokens: tokens, RefreshTokens: auth.NewRefreshTokens(s.Redis, auth.RefreshTokenConfig{})},
		Logins:   logins, OTPs: otps,
	}
}

// graphIndexes declares the schema's indexes on the embedded graph.
func graphIndexes(graphName string) []store.Index {
	var out []store.Index
	for _, ix := range schema.Indexes() {
		out = append(out, store.Index{Label: ix.Label, Key: ix.Key, Unique: ix.Unique})
	}
	return out
}
