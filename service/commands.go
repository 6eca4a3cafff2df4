package service

import (
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/handlers"
	"github.com/wifivault/wifivault/network"
	"github.com/wifivault/wifivault/schema"
)

// registerCommands registers every domain's commands and returns their endpoint routes.
func registerCommands(s *Service) []handlers.Route {
	var routes []handlers.Route
	net := &network.Commands{Admins: s.Admins, Secrets: s.Secrets, Registry: s.Registry}
	for _, r := range net.Register(s.Registry) {
		routes = append(routes, handlers.Route{Path: r.Path, Command: r.Command})
	}
	return routes
}

// graphIndexes declares the schema's indexes on the embedded graph.
func graphIndexes(graphName string) []store.Index {
	var out []store.Index
	for _, ix := range schema.Indexes() {
		out = append(out, store.Index{Label: ix.Label, Key: ix.Key, Unique: ix.Unique})
	}
	return out
}
