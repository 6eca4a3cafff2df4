package network

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// demoPlans are the demo operator's plans: a monthly resident plan, a faster monthly plan
// and a free day pass.
var demoPlans = []struct {
	Name, Description string
	Up, Down          int64
	Devices           int64
	Hours             string
	PriceUSD          int64
}{
	{"100 Mbps", "Resident internet", 100000, 100000, 10, "730.5", 4500},
	{"1 Gbps", "Resident internet, gigabit", 1000000, 1000000, 100, "730.5", 7500},
	{"Day Pass", "24 hr guest access", 25000, 25000, 3, "24", 0},
}

// DemoKeypoolSSID is the SSID of the demo operator's global keypool.
const DemoKeypoolSSID = "DemoResidents"

// LoadDemoPlans adds, through the commands (so with their validation, audit and events),
// three plans and a global keypool to operator operatorID as principal (a Network Software
// Provider or the operator's DomainAdministrator). Plans and pool that exist already are
// kept, so loading twice changes nothing.
func LoadDemoPlans(ctx context.Context, registry *gremlinconsole.Registry, principal *auth.Principal, operatorID string) error {
	run := func(command string, params map[string]any) (gremlinconsole.Result, error) {
		params["OperatorID"] = operatorID
		res, err := registry.Execute(ctx, gremlinconsole.Request{Command: command, Params: params, Principal: principal,
			Source: gremlinconsole.Source{Via: "demo"}})
		var re *gremlinconsole.Error
		if errors.As(err, &re) && re.Status == http.StatusConflict {
			return nil, nil // loaded before
		}
		return res, err
	}
	num := func(v int64) json.Number { return json.Number(jsonInt(v)) }
	for _, p := range demoPlans {
		res, err := run("ServicePlan.addServicePlan", map[string]any{
			"ServicePlanName": p.Name, "ServicePlanDescription": p.Description,
			"UploadKbps": num(p.Up), "DownloadKbps": num(p.Down), "ConcurrentDevices": num(p.Devices),
			"BillingCycleHours": json.Number(p.Hours),
		})
		if err != nil {
			return err
		}
		if res == nil {
			continue
		}
		if _, err := run("ServicePlan.configureServicePlan", map[string]any{
			"ServicePlanID": res["ServicePlanID"], "BillingCyclePrice.USD": num(p.PriceUSD),
			"GloballyAvailablePlan": true, "AllowSelfSignup": true,
		}); err != nil {
			return err
		}
	}
	_, err := run("Keypool.addKeypool", map[string]any{"SSID": DemoKeypoolSSID, "Scope": "global"})
	return err
}

func jsonInt(v int64) string {
	b, _ := json.Marshal(v)
	return string(b)
}
