package network

import (
	"github.com/wifivault/wifivault/gremlinconsole"
)

// Route binds a seeds endpoint path to a command.
type Route struct{ Path, Command string }

// group is one area's commands and the endpoints that run them.
type group func(n *Commands) ([]*gremlinconsole.Command, []Route)

// groups lists every area of the network commands.
var groups = []group{
	operatorGroup,
	operatorConfigGroup,
	staffGroup,
	planGroup,
	keypoolGroup,
	venueGroup,
	unitGroup,
	cartGroup,
	packetToolsGroup,
	webhookGroup,
}

// Register adds the network commands and returns their endpoint routes.
func (n *Commands) Register(r *gremlinconsole.Registry) []Route {
	var routes []Route
	for _, g := range groups {
		cmds, rs := g(n)
		r.Register(cmds...)
		routes = append(routes, rs...)
	}
	return routes
}
