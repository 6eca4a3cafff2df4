package radiusd

import (
	"context"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/policycache"
)

// TestKeyNASWhitelist: a key with a NAS whitelist is answered only through the NAS it
// lists, named by NAS-Identifier (any case), NAS-IP-Address or the packets' source
// address; any other NAS gets an Access-Reject saying why. A key without one is
// answered through every NAS of its venue.
func TestKeyNASWhitelist(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	ctx := context.Background()
	keys := map[string][]string{
		"by-id":      {"AP-CISCO"},
		"by-nas-ip":  {"192.0.2.44"},
		"by-source":  {"::ffff:127.0.0.1"}, // radclient sends from 127.0.0.1
		"by-nothing": {"ap-elsewhere", "198.51.100.1"},
	}
	macs := map[string]string{"by-id": "02-00-00-00-0D-01", "by-nas-ip": "02-00-00-00-0D-02", "by-source": "02-00-00-00-0D-03", "by-nothing": "02-00-00-00-0D-04"}
	for id, wl := range keys {
		mustPut(t, e.store, policycache.Key{KeyID: id, VenueID: "v1", SSID: "nas-test", VLAN: 77, Passphrase: "nas whitelist pass " + id,
			Revision: 1, NASWhitelist: wl})
		if err := e.store.BindDevice(ctx, "v1", macs[id], id); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, key, nas string
		extra          []string
		accept         bool
	}{
		{"listed NAS-Identifier", "by-id", "ap-cisco", nil, true},
		{"other NAS-Identifier", "by-id", "ap-hostapd", nil, false},
		{"listed NAS-IP-Address", "by-nas-ip", "ap-hostapd", []string{`NAS-IP-Address = 192.0.2.44`}, true},
		{"other NAS-IP-Address", "by-nas-ip", "ap-hostapd", []string{`NAS-IP-Address = 192.0.2.45`}, false},
		{"listed source address", "by-source", "ap-mikrotik", nil, true},
		{"nothing listed matches", "by-nothing", "ap-hostapd", []string{`NAS-IP-Address = 192.0.2.44`}, false},
		{"key without NAS whitelist", "k1", "ap-aruba", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mac := macs[tt.key]
			if tt.key == "k1" {
				mac = "02-00-00-00-00-01"
			}
			code, attrs := e.auth(append(boundRequest(tt.nas, mac), tt.extra...)...)
			msg := strings.Join(attrs["Reply-Message"], "")
			if tt.accept {
				if code != "Access-Accept" {
					t.Fatalf("reply %q %q, want Access-Accept; logs:\n%s", code, msg, e.logs)
				}
				return
			}
			if code != "Access-Reject" || !strings.Contains(msg, ReasonNASNotForKey) {
				t.Fatalf("reply %q %q, want Access-Reject with %q", code, msg, ReasonNASNotForKey)
			}
		})
	}
}
