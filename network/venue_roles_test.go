package network_test

import (
	"net/http"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestVenueRoles: every venue and unit endpoint, each role of operator X on venue A
// (allowed or 403), a venue role on venue B (403) and operator Y's administrator on
// venue A (403).
func TestVenueRoles(t *testing.T) {
	f := newVenueFixture(t)
	readers := map[auth.Role]bool{auth.RoleNetworkSoftwareProvider: true, auth.RoleDomainAdministrator: true, auth.RoleSIEMAdministrator: true,
		auth.RoleAccountManager: true, auth.RoleCustomerSupport: true, auth.RoleVenueAdministrator: true, auth.RoleLeasingAgent: true}
	writers := map[auth.Role]bool{auth.RoleNetworkSoftwareProvider: true, auth.RoleDomainAdministrator: true}
	configurers := map[auth.Role]bool{auth.RoleNetworkSoftwareProvider: true, auth.RoleDomainAdministrator: true,
		auth.RoleAccountManager: true, auth.RoleCustomerSupport: true, auth.RoleVenueAdministrator: true}
	unit := func(venue string) string {
		r := f.addUnit(t, venue, map[string]any{"UnitID": servicetest.Unique("U")}).Must(t, http.StatusOK)
		return r.Body["UnitID_internal"].(string)
	}
	unitA := unit(f.venueA)
	cases := []struct {
		path    string
		allowed map[auth.Role]bool
		body    func(venue string) map[string]any
	}{
		{"/networkoperatorconsole/venues/listVenueDetails", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/venuemgmtconsole/venues/listVenueDetails", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/venuemgmtconsole/venues/listVenueBuildings", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/networkoperatorconsole/venues/listVenueLog", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/venuemgmtconsole/venues/listVenueLog", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/networkoperatorconsole/venues/listVenueUnits", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/networkoperatorconsole/venues/listVenueUnitDetails", readers, func(v string) map[string]any { return map[string]any{"VenueID": v} }},
		{"/networkoperatorconsole/venues/configureVenue", configurers, func(v string) map[string]any {
			return map[string]any{"VenueID": v, "Notifications": map[string]any{"suppressSubscriberSMS": true}}
		}},
		{"/venuemgmtconsole/venues/configureVenue", configurers, func(v string) map[string]any {
			return map[string]any{"VenueID": v, "PrimaryContactGivenName": "Jo"}
		}},
		{"/networkoperatorconsole/venues/updateVenueAddress", writers, func(v string) map[string]any {
			return map[string]any{"VenueID": v, "VenueName": "Renamed"}
		}},
		{"/networkoperatorconsole/venues/addVenueUnits", writers, func(v string) map[string]any {
			return map[string]any{"VenueID": v, "UnitID": servicetest.Unique("R")}
		}},
		{"/networkoperatorconsole/admin/deleteAllVenueUnitsPermanently", writers, func(v string) map[string]any {
			// a count that never matches: allowed roles get 400, the others 403 first
			return map[string]any{"VenueID": v, "DeletionReason": "SystemMigration", "ConfirmationCode": "DELETE-UNITS-AB12", "UnitCountConfirmation": 99999}
		}},
		{"/networkoperatorconsole/admin/deleteVenueUnitPermanently", writers, func(v string) map[string]any {
			return map[string]any{"VenueID": v, "UnitID": "NOSUCHUNIT", "DeletionReason": "TenantMoveOut", "ConfirmationCode": "DELETE-UNIT-AB12"}
		}},
		{"/networkoperatorconsole/admin/deleteVenuePermanently", writers, func(v string) map[string]any {
			// DataRetentionCompliance false: allowed roles get 400, nothing is deleted
			return map[string]any{"VenueID": v, "DeletionReason": "BusinessClosure", "ConfirmationCode": "DELETE-VENUE-AB12", "DataRetentionCompliance": false}
		}},
	}
	okStatus := map[string]int{
		"/networkoperatorconsole/admin/deleteAllVenueUnitsPermanently": http.StatusBadRequest,
		"/networkoperatorconsole/admin/deleteVenueUnitPermanently":     http.StatusNotFound,
		"/networkoperatorconsole/admin/deleteVenuePermanently":         http.StatusBadRequest,
	}
	for _, c := range cases {
		want := okStatus[c.path]
		if want == 0 {
			want = http.StatusOK
		}
		for _, role := range auth.AdminRoles {
			t.Run(c.path+"/"+string(role), func(t *testing.T) {
				r := f.env.Post(c.path, f.x[role], c.body(f.venueA))
				if c.allowed[role] {
					r.Must(t, want)
				} else {
					r.Must(t, http.StatusForbidden)
				}
			})
		}
		t.Run(c.path+"/venue role on venue B", func(t *testing.T) {
			f.env.Post(c.path, f.x[auth.RoleVenueAdministrator], c.body(f.venueB)).Must(t, http.StatusForbidden)
		})
		t.Run(c.path+"/operator Y on venue A", func(t *testing.T) {
			f.env.Post(c.path, f.yAdmin, c.body(f.venueA)).Must(t, http.StatusForbidden)
		})
		t.Run(c.path+"/no token", func(t *testing.T) {
			f.env.Post(c.path, "", c.body(f.venueA)).Must(t, http.StatusUnauthorized)
		})
	}
	unitCases := []struct {
		path string
		body map[string]any
	}{
		{"/networkoperatorconsole/venues/configureVenueUnit", map[string]any{"UnitID_internal": unitA, "SMSCode": "ROLE1"}},
		{"/networkoperatorconsole/venues/updateVenueUnitAddress", map[string]any{"UnitID_internal": unitA, "AddressInformation": map[string]any{"City": "Evanston"}}},
	}
	for _, c := range unitCases {
		for _, role := range auth.AdminRoles {
			t.Run(c.path+"/"+string(role), func(t *testing.T) {
				r := f.env.Post(c.path, f.x[role], copyMap(c.body))
				if writers[role] {
					r.Must(t, http.StatusOK)
				} else {
					r.Must(t, http.StatusForbidden)
				}
			})
		}
		t.Run(c.path+"/operator Y", func(t *testing.T) {
			f.env.Post(c.path, f.yAdmin, copyMap(c.body)).Must(t, http.StatusForbidden)
		})
	}
	for _, path := range []string{"/networkoperatorconsole/venues/listVenueUnitLog", "/venuemgmtconsole/venue_units/listVenueUnitLog"} {
		for _, role := range auth.AdminRoles {
			t.Run(path+"/"+string(role), func(t *testing.T) {
				f.env.Post(path, f.x[role], map[string]any{"VenueID": f.venueA, "UnitID_internal": unitA}).Must(t, http.StatusOK)
			})
		}
		t.Run(path+"/operator Y", func(t *testing.T) {
			f.env.Post(path, f.yAdmin, map[string]any{"VenueID": f.venueA, "UnitID_internal": unitA}).Must(t, http.StatusForbidden)
		})
	}
	t.Run("addVenue", func(t *testing.T) {
		for _, role := range auth.AdminRoles {
			body := map[string]any{"VenueName": servicetest.Unique("V"), "AddressLine1": servicetest.Unique("9 Elm "), "City": "Austin",
				"State": "TX", "Country": "USA", "PostalCode": "78701"}
			if role == auth.RoleNetworkSoftwareProvider {
				body["OperatorID"] = f.opX
			}
			r := f.env.Post("/networkoperatorconsole/venues/addVenue", f.x[role], body)
			if writers[role] {
				r.Must(t, http.StatusOK)
			} else {
				r.Must(t, http.StatusForbidden)
			}
		}
		f.env.Post("/networkoperatorconsole/venues/addVenue", f.yAdmin, map[string]any{"OperatorID": f.opX, "VenueName": "X", "AddressLine1": "1 A St",
			"City": "Austin", "State": "TX", "Country": "USA", "PostalCode": "78701"}).Must(t, http.StatusForbidden)
	})
}

func copyMap(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}
