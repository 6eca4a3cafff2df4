package service

import (
	"context"
	"errors"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/network"
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
// bootstrap account was configured), an operator with its Domain Administrator, three
// plans, a global keypool and two venues with units in several buildings and floors, all
// through the commands. Running it again changes nothing.
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
	if err != nil {
		return err
	}
	admin := &auth.Principal{Subject: DemoOperatorEmail, Kind: auth.KindAdmin, Role: auth.RoleDomainAdministrator, OperatorID: DemoOperatorID}
	if err := network.LoadDemoPlans(ctx, s.Registry, admin, DemoOperatorID); err != nil {
		return err
	}
	venues, err := network.LoadDemo(ctx, s.Registry, admin)
	if err != nil {
		return err
	}
	s.Log.Info("demo operator loaded", "OperatorID", DemoOperatorID, "venues", venues)
	return nil
}
