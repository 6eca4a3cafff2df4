package network

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// LoadDemo adds, through the commands (so with their validation, audit entries and
// events), two venues of the principal's operator with units in several buildings and
// floors. principal must be able to run addVenue: a DomainAdministrator of the demo
// operator (or a Network Software Provider principal carrying the OperatorID to use).
// It returns the VenueIDs.
func LoadDemo(ctx context.Context, r *gremlinconsole.Registry, principal *auth.Principal) ([]string, error) {
	operatorID := principal.OperatorID
	run := func(cmd string, params map[string]any) (gremlinconsole.Result, error) {
		raw := map[string]any{}
		for k, v := range params {
			switch x := v.(type) {
			case int:
				raw[k] = json.Number(fmt.Sprint(x))
			default:
				raw[k] = x
			}
		}
		if operatorID != "" {
			raw["OperatorID"] = operatorID
		}
		return r.Execute(ctx, gremlinconsole.Request{Command: cmd, Params: raw, Principal: principal,
			Source: gremlinconsole.Source{IP: "127.0.0.1", UserAgent: "wifivault-demo", Via: "demo"}})
	}
	venues := []struct {
		name, line1, city, state, postal string
		buildings, floors, perFloor      int
	}{
		{"Sunset Apartments", "100 Sunset Blvd", "Los Angeles", "CA", "90028", 2, 3, 4},
		{"Harbor Lofts", "27 Renmar Ave", "Walpole", "MA", "02081", 3, 2, 3},
	}
	var ids []string
	for _, v := range venues {
		res, err := run("Venue.addVenue", map[string]any{"VenueName": v.name, "AddressLine1": v.line1, "City": v.city,
			"State": v.state, "Country": "USA", "PostalCode": v.postal})
		if err != nil {
			return ids, fmt.Errorf("demo venue %s: %w", v.name, err)
		}
		id, _ := res["VenueID"].(string)
		ids = append(ids, id)
		if _, err := run("Venue.configureVenue", map[string]any{"VenueID": id,
			"ShoppingCart": map[string]any{"enableShoppingCart": true},
			"FCCLabel":     map[string]any{"displayLabel": true, "TypicalLatency": json.Number("25")}}); err != nil {
			return ids, fmt.Errorf("demo venue %s: %w", v.name, err)
		}
		for b := 1; b <= v.buildings; b++ {
			for f := 1; f <= v.floors; f++ {
				for u := 1; u <= v.perFloor; u++ {
					purpose := PurposeWiredUnit
					if u == v.perFloor {
						purpose = PurposeLocalWirelessOnly
					}
					if _, err := run("Venue.addVenueUnits", map[string]any{"VenueID": id, "UnitID": fmt.Sprintf("%d%02d", f, u),
						"UnitBuilding": fmt.Sprintf("Building %c", 'A'+b-1), "UnitFloor": fmt.Sprint(f), "purpose": purpose}); err != nil {
						return ids, fmt.Errorf("demo unit at %s: %w", v.name, err)
					}
				}
			}
		}
	}
	return ids, nil
}
