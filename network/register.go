package network

import (
	"github.com/wifivault/wifivault/gremlinconsole"
)

// Route binds a seeds endpoint path to a command.
type Route struct{ Path, Command string }

// Register adds the network commands and returns their endpoint routes.
func (n *Commands) Register(r *gremlinconsole.Registry) []Route {
	r.Register(n.operatorCommands()...)
	return []Route{
		{"/networkoperatorconsole/operators/addNetworkOperator", "Operator.addNetworkOperator"},
		{"/networkoperatorconsole/equipment/listOperatorDetails", "Operator.listOperatorDetails"},
	}
}
