package service

import (
	"context"
	"errors"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// Demo accounts, printed in the README's walk-through.
const (
	DemoAdminEmail     = "admin@demo.wifivault.test"
	DemoAdminPassword  = "wifivault-demo"
	DemoOperatorID     = "DEMO_OPERATOR"
	DemoOperatorEmail  = "domainadmin@demo.wifivault.test"
	DemoOperatorPasswd = "wifivault-demo"
)

// loadDemo loads the demo operator once: a Network Software Provider account (unless a
// bootstrap account was configured), an operator and its Domain Administrator. Running it
// again changes nothing.
func loadDemo(ctx context.Context, s *Service) error {
	if s.Config.BootstrapEmail == "" {
		if err := s.Admins.Bootstrap(ctx, DemoAdminEmail, DemoAdminPassword); err != nil {
			return err
		}
		s.Log.Info("demo administrator", "EmailAddress", DemoAdminEmail, "Password", "see README")
	}
	nsp := &auth.Principal{Subject: "demo-loader", Kind: auth.KindAdmin, Role: auth.RoleNetworkSoftwareProvider}
	_, err := s.Registry.Execute(ctx, gremlinconsole.Request{
		Command:   "Operator.addNetworkOperator",
		Principal: nsp,
		Source:    gremlinconsole.Source{Via: "demo"},
		Params: map[string]any{
			"OperatorID": DemoOperatorID, "OperatorName": "Demo Operator",
			"EmailAddress": DemoOperatorEmail, "Password": DemoOperatorPasswd,
		},
	})
	var re *gremlinconsole.Error
	if errors.As(err, &re) && re.Status == 409 {
		return nil // loaded before
	}
	return err
}
