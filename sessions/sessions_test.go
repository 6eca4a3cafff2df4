package sessions_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/wifivault/wifivault/policycache"
)

// TestProjectionFollowsTheAPI: a key added through the API is projected, whitelists
// change its projected policy, removing it deletes it and disconnects it.
func TestProjectionFollowsTheAPI(t *testing.T) {
	f := newFixture(t)
	token, _, keys := f.subscriber(t)
	key := keys[0]

	t.Run("added key is projected with its passphrase and PMK", func(t *testing.T) {
		k := f.env.ProjectedKey(t, key, "projection", func(k *policycache.Key) bool { return k != nil })
		if k.VenueID != f.venueA || k.UnitID != f.unitA || k.SubscriberToken != token || len(k.PMK) != 32 || k.Passphrase == "" {
			t.Fatalf("projected key %+v", k)
		}
	})
	t.Run("calling-station whitelist is projected", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/subscribers/addCallingStationWhitelist", f.domainX, map[string]any{
			"SubscriberID": token, "DeviceMAC": "AA-BB-CC-00-11-22", "DeviceType": "LAPTOP", "AccessLevel": "FULL_ACCESS",
		}).Must(t, http.StatusOK)
		f.env.ProjectedKey(t, key, "whitelist added", func(k *policycache.Key) bool {
			return k != nil && slices.Equal(k.CallingStationWhitelist, []string{"aabbcc001122"})
		})
		r := f.env.Post("/networkoperatorconsole/subscribers/addCallingStationWhitelist", f.domainX, map[string]any{
			"SubscriberID": token, "DeviceMAC": "aa:bb:cc:00:11:22", "DeviceType": "LAPTOP", "AccessLevel": "FULL_ACCESS",
		})
		if r.Status != http.StatusConflict {
			t.Fatalf("duplicate: %d %s", r.Status, r.Raw)
		}
		f.env.Post("/networkoperatorconsole/subscribers/removeCallingStationWhitelist", f.domainX, map[string]any{
			"SubscriberID": token, "DeviceMAC": "aa:bb:cc:00:11:22", "RemovalReason": "LOST_STOLEN",
		}).Must(t, http.StatusOK)
		f.env.ProjectedKey(t, key, "whitelist removed", func(k *policycache.Key) bool { return k != nil && len(k.CallingStationWhitelist) == 0 })
		r = f.env.Post("/networkoperatorconsole/subscribers/removeCallingStationWhitelist", f.domainX, map[string]any{
			"SubscriberID": token, "DeviceMAC": "aa:bb:cc:00:11:22", "RemovalReason": "LOST_STOLEN",
		})
		if r.Status != http.StatusNotFound {
			t.Fatalf("removing an absent entry: %d %s", r.Status, r.Raw)
		}
	})
	t.Run("NAS whitelist is stored", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/subscribers/addNASWhitelist", f.domainX, map[string]any{
			"SubscriberID": token, "NASID": "NAS_AP001_LOBBY", "NASType": "WIRELESS_AP", "AccessLevel": "LIMITED_ACCESS",
		}).Must(t, http.StatusOK)
		f.env.Post("/networkoperatorconsole/subscribers/removeNASWhitelist", f.domainX, map[string]any{
			"SubscriberID": token, "NASID": "NAS_AP001_LOBBY", "RemovalReason": "MAINTENANCE",
		}).Must(t, http.StatusOK)
	})
	t.Run("forgetSubscriberDevices keeps the key", func(t *testing.T) {
		if err := f.env.Service.Cache.BindDevice(t.Context(), f.venueA, "02:00:00:00:00:01", key); err != nil {
			t.Fatal(err)
		}
		f.env.Post("/networkoperatorconsole/subscribers/forgetSubscriberDevices", f.domainX, map[string]any{"SubscriberToken": token}).Must(t, http.StatusOK)
		dl, err := f.env.Service.Cache.NewReader().Device(t.Context(), f.venueA, "020000000001", 0)
		if err != nil {
			t.Fatal(err)
		}
		if dl != nil && dl.Key != nil {
			t.Fatalf("device still bound: %+v", dl)
		}
		f.env.ProjectedKey(t, key, "key still there", func(k *policycache.Key) bool { return k != nil })
	})
	t.Run("removed key is deleted and disconnected", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/subscribers/removeKey", f.domainX, map[string]any{
			"SubscriberToken": token, "KeyID": key, "RemovalReason": "KEY_COMPROMISE",
		}).Must(t, http.StatusOK)
		f.env.ProjectedKey(t, key, "deletion", func(k *policycache.Key) bool { return k == nil })
		deadline := time.Now().Add(10 * time.Second)
		for !f.disconnected.has(key) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if !f.disconnected.has(key) {
			t.Fatalf("Disconnector was not called for %s", key)
		}
	})
}

// TestSessionsAndTenants: sessions written through policycache appear in every sessions
// endpoint for those allowed to see them, and nowhere else.
func TestSessionsAndTenants(t *testing.T) {
	f := newFixture(t)
	token, access, keys := f.subscriber(t)
	_, otherAccess, _ := f.subscriber(t)
	f.account(t, keys[0], "sess-1", "aabbcc000001", 1000, 2000)

	tests := []struct {
		name, path, token string
		body              map[string]any
		status            int
		sessions          int // -1: do not count
		list              string
	}{
		{"operator sees key sessions", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainX, map[string]any{"SubscriberToken": token}, 200, 1, "usageData"},
		{"operator filters by MAC", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainX, map[string]any{"SubscriberToken": token, "Calling-Station-Id": "AA-BB-CC-00-00-02"}, 200, 0, "usageData"},
		{"other operator: not found", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainY, map[string]any{"SubscriberToken": token}, 404, -1, ""},
		{"venue admin A sees sessions", "/venuemgmtconsole/subscribers/listSessions", f.venueAdminA, map[string]any{"SubscriberToken": token}, 200, 1, "UsageData"},
		{"venue admin B: not found", "/venuemgmtconsole/subscribers/listSessions", f.venueAdminB, map[string]any{"SubscriberToken": token}, 404, -1, ""},
		{"venue admin on operator endpoint: forbidden", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.venueAdminA, map[string]any{"SubscriberToken": token}, 403, -1, ""},
		{"subscriber sees own key sessions", "/subscriberconsole/listKeySessions", access, map[string]any{"VenueID": f.venueA}, 200, 1, "UsageData"},
		{"subscriber sees own devices", "/subscriberconsole/listDeviceSessions", access, nil, 200, 1, "UsageData"},
		{"other subscriber sees none", "/subscriberconsole/listKeySessions", otherAccess, map[string]any{"VenueID": f.venueA}, 200, 0, "UsageData"},
		{"subscriber on venue endpoint: forbidden", "/venuemgmtconsole/subscribers/listSessions", access, map[string]any{"SubscriberToken": token}, 403, -1, ""},
		{"usage of the unit", "/venuemgmtconsole/venue_units/listVenueUnitUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA}, 200, -1, ""},
		{"usage of another venue's unit: forbidden", "/venuemgmtconsole/venue_units/listVenueUnitUsageData", f.venueAdminB, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA}, 403, -1, ""},
		{"venue usage", "/venuemgmtconsole/venues/listVenueUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueA}, 200, -1, ""},
		{"operator venue usage", "/networkoperatorconsole/venues/listVenueUsageData", f.domainX, map[string]any{"VenueID": f.venueA}, 200, -1, ""},
		{"operator venue usage, other operator", "/networkoperatorconsole/venues/listVenueUsageData", f.domainY, map[string]any{"VenueID": f.venueA}, 403, -1, ""},
		{"operator venue usage, venue admin", "/networkoperatorconsole/venues/listVenueUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueA}, 403, -1, ""},
		{"CPE status", "/venuemgmtconsole/venues/listVenueCPEStatus", f.venueAdminA, map[string]any{"VenueID": f.venueA}, 200, -1, ""},
		{"CPE status of another venue", "/venuemgmtconsole/venues/listVenueCPEStatus", f.venueAdminB, map[string]any{"VenueID": f.venueA}, 403, -1, ""},
		{"whitelist by venue admin: forbidden", "/networkoperatorconsole/subscribers/addCallingStationWhitelist", f.venueAdminA, map[string]any{"SubscriberID": token, "DeviceMAC": "AA-BB-CC-00-11-22", "DeviceType": "LAPTOP", "AccessLevel": "FULL_ACCESS"}, 403, -1, ""},
		{"whitelist by other operator: not found", "/networkoperatorconsole/subscribers/addNASWhitelist", f.domainY, map[string]any{"SubscriberID": token, "NASID": "N1", "NASType": "ROUTER", "AccessLevel": "LIMITED_ACCESS"}, 404, -1, ""},
		{"forget by subscriber: forbidden", "/networkoperatorconsole/subscribers/forgetSubscriberDevices", access, map[string]any{"SubscriberToken": token}, 403, -1, ""},
		{"forget by other operator: not found", "/networkoperatorconsole/subscribers/forgetSubscriberDevices", f.domainY, map[string]any{"SubscriberToken": token}, 404, -1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.env.Post(tc.path, tc.token, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
			}
			if tc.sessions < 0 {
				return
			}
			l, _ := r.Body[tc.list].([]any)
			if len(l) != tc.sessions {
				t.Fatalf("%d items in %s, want %d: %s", len(l), tc.list, tc.sessions, r.Raw)
			}
		})
	}

	t.Run("usage counted by accounting", func(t *testing.T) {
		r := f.env.Post("/venuemgmtconsole/venue_units/listVenueUnitUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA}).Must(t, 200)
		days := r.Body["UsageData"].([]any)
		if len(days) != 180 {
			t.Fatalf("%d days", len(days))
		}
		today := days[len(days)-1].(map[string]any)
		if fmt.Sprintf("%v %v %v", today["InputOctets"], today["OutputOctets"], today["TotalOctets"]) != "1000 2000 3000" {
			t.Fatalf("today: %v", today)
		}
		// The venue's own gateway (its NAS-Identifier) sent nothing: DOWN; the reporting one is UP.
		cpe := f.env.Post("/venuemgmtconsole/venues/listVenueCPEStatus", f.venueAdminA, map[string]any{"VenueID": f.venueA}).Must(t, 200)
		if s := cpe.Body["Summary"].(map[string]any); fmt.Sprintf("%v %v", s["UP"], s["DOWN"]) != "1 1" {
			t.Fatalf("CPE summary: %s", cpe.Raw)
		}
	})
}
