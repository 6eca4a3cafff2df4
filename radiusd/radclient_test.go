package radiusd

import (
	"context"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd/eapol"
)

const (
	ssidA = "Andrena_39_Lincoln"
	pskA  = "Pancakes1124"
	pmkA  = "44a4f34b6270fccb7dffa8c9e610e3b80f021c8165bcf53c99c3f818167982ab"
)

var profiles = []string{"hostapd", "hostapd-pmk", "cisco", "aruba", "mikrotik", "ruckus", "ruckus-dpsk"}

// seed puts venue v1 (one gateway per profile, by NAS-Identifier), key k1
// (vector A's PSK) and decoy keys, and binds device 02:00:00:00:00:01 to k1.
func seed(t *testing.T, e *env, venue policycache.Venue) {
	ctx := context.Background()
	venue.VenueID, venue.Secret = "v1", testSecret
	for _, p := range profiles {
		venue.Gateways = append(venue.Gateways, policycache.Gateway{NASIdentifier: "ap-" + p, Profile: p})
	}
	if _, err := e.store.PutVenue(ctx, venue); err != nil {
		t.Fatal(err)
	}
	mustPut(t, e.store, policycache.Key{KeyID: "k1", VenueID: "v1", SSID: ssidA, UnitID: "unit-101", SubscriberToken: "sub1",
		VLAN: 120, UpKbps: 10000, DownKbps: 50000, SessionTimeout: 3600, Passphrase: pskA, Revision: 1})
	for i, p := range []string{"decoy passphrase 1", "decoy passphrase 2", "decoy passphrase 3"} {
		mustPut(t, e.store, policycache.Key{KeyID: "decoy" + string(rune('0'+i)), VenueID: "v1", SSID: ssidA, UnitID: "unit-9", VLAN: 9, Passphrase: p, Revision: 1})
	}
	if err := e.store.BindDevice(ctx, "v1", "02:00:00:00:00:01", "k1"); err != nil {
		t.Fatal(err)
	}
	e.refresh()
}

func boundRequest(nas, calling string) []string {
	return []string{
		`User-Name = "020000000001"`, `User-Password = "020000000001"`,
		`Calling-Station-Id = "` + calling + `"`,
		`Called-Station-Id = "34-EF-B6-AF-48-9E:` + ssidA + `"`,
		`NAS-Identifier = "` + nas + `"`, `NAS-Port-Type = Wireless-802.11`,
		`Message-Authenticator = 0x00`,
	}
}

func TestBoundModeVendorProfiles(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	common := map[string]string{
		"Tunnel-Type:0": "VLAN", "Tunnel-Medium-Type:0": "IEEE-802", "Tunnel-Private-Group-Id:0": "120",
		"Session-Timeout": "3600", "WISPr-Bandwidth-Max-Up": "10000000", "WISPr-Bandwidth-Max-Down": "50000000",
		"Mikrotik-Rate-Limit": "10000k/50000k",
	}
	tests := []struct {
		profile string
		calling string
		want    map[string]string
	}{
		{"hostapd", "02-00-00-00-00-01", map[string]string{"Tunnel-Password:0": pskA}},
		{"hostapd-pmk", "02:00:00:00:00:01", map[string]string{"Tunnel-Password:0": pmkA}},
		{"cisco", "0200.0000.0001", map[string]string{"Cisco-AVPair": "psk-mode=ascii|psk=" + pskA}},
		{"aruba", "020000000001", map[string]string{"Aruba-MPSK-Passphrase": "0x" + hex.EncodeToString([]byte(pskA))}},
		{"mikrotik", "02-00-00-00-00-01", map[string]string{"Mikrotik-Wireless-PSK": pskA}},
		{"ruckus", "02-00-00-00-00-01", map[string]string{"MS-MPPE-Recv-Key": "0x" + pmkA}},
		{"ruckus-dpsk", "02-00-00-00-00-01", map[string]string{"Ruckus-Dpsk": "0x00" + pmkA}},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			code, attrs := e.auth(boundRequest("ap-"+tt.profile, tt.calling)...)
			if code != "Access-Accept" {
				t.Fatalf("reply %q, want Access-Accept; logs:\n%s", code, e.logs)
			}
			want := map[string]string{}
			for k, v := range common {
				want[k] = v
			}
			for k, v := range tt.want {
				want[k] = v
			}
			for name, v := range want {
				got := strings.Join(attrs[name], "|")
				if got != v {
					t.Errorf("%s = %q, want %q (all: %v)", name, got, v, attrs)
				}
			}
			if first := attrs[firstAttr]; len(first) != 1 || first[0] != "Message-Authenticator" {
				t.Errorf("first reply attribute %v, want Message-Authenticator", first)
			}
		})
	}
}

func TestUnboundMode(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	gen := func(name string, f func(eapol.Params) (*eapol.Generated, error)) func(t *testing.T) string {
		return func(t *testing.T) string {
			g, err := f(eapol.Params{SSID: ssidA, PSK: pskA, AA: []byte{0x34, 0xef, 0xb6, 0xaf, 0x48, 0x9e}, SPA: []byte{2, 0, 0, 0, 0, 0x77}})
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join([]string{
				`User-Name = "020000000077"`, `Calling-Station-Id = "02-00-00-00-00-77"`,
				`Called-Station-Id = "34-EF-B6-AF-48-9E:` + ssidA + `"`, `NAS-Identifier = "ap-hostapd"`,
				`FreeRADIUS-802.1X-Anonce = 0x` + hex.EncodeToString(g.ANonce[:]),
				`FreeRADIUS-802.1X-EAPoL-Key-Msg = 0x` + hex.EncodeToString(g.Frame),
				`Message-Authenticator = 0x00`}, "\n")
		}
	}
	file := func(name string) func(t *testing.T) string {
		return func(t *testing.T) string {
			b, err := os.ReadFile("testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	tests := []struct {
		name    string
		request func(t *testing.T) string
		device  string
	}{
		{"FreeRADIUS vector A via hostapd EVS-5", file("vector-a-hostapd.txt"), "8ab3a0ebd5e5"},
		{"FreeRADIUS vector A via Ruckus-DPSK-Params", file("vector-a-ruckus.txt"), "8ab3a0ebd5e5"},
		{"standard WPA2-PSK generator", gen("standard", eapol.Standard), "020000000077"},
		{"Cambium ePSK generator", gen("cambium", eapol.Cambium), "020000000077"},
		{"PSK-SHA256 generator", gen("sha256", eapol.PSKSHA256), "020000000077"},
		{"FT-PSK generator", gen("ft", func(p eapol.Params) (*eapol.Generated, error) {
			return eapol.FT(eapol.FTParams{Params: p, R0KHID: "ap-hostapd"})
		}), "020000000077"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.store.UnbindDevice(context.Background(), "v1", tt.device); err != nil {
				t.Fatal(err)
			}
			code, attrs := e.auth(strings.Split(strings.TrimSpace(tt.request(t)), "\n")...)
			if code != "Access-Accept" {
				t.Fatalf("reply %q; logs:\n%s", code, e.logs)
			}
			if len(attrs["Tunnel-Private-Group-Id:0"]) == 0 || attrs["Tunnel-Private-Group-Id:0"][0] != "120" {
				t.Fatalf("VLAN %v, want 120", attrs["Tunnel-Private-Group-Id:0"])
			}
			if got, _ := e.rdb.Get(context.Background(), "wv:bind:v1|"+tt.device).Result(); got != "k1" {
				t.Fatalf("device bound to %q, want k1", got)
			}
		})
	}
	t.Run("wrong PSK is rejected", func(t *testing.T) {
		g, _ := eapol.Standard(eapol.Params{SSID: ssidA, PSK: "not the right one", AA: []byte{0x34, 0xef, 0xb6, 0xaf, 0x48, 0x9e}, SPA: []byte{2, 0, 0, 0, 0, 0x78}})
		code, attrs := e.auth(`User-Name = "020000000078"`, `Called-Station-Id = "34-EF-B6-AF-48-9E:`+ssidA+`"`,
			`NAS-Identifier = "ap-hostapd"`, `FreeRADIUS-802.1X-Anonce = 0x`+hex.EncodeToString(g.ANonce[:]),
			`FreeRADIUS-802.1X-EAPoL-Key-Msg = 0x`+hex.EncodeToString(g.Frame), `Message-Authenticator = 0x00`)
		if code != "Access-Reject" || !strings.Contains(strings.Join(attrs["Reply-Message"], ""), ReasonNoKeyMatched) {
			t.Fatalf("reply %q %v", code, attrs)
		}
	})
}

func TestRejectReasons(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{NASWhitelist: []string{"ap-hostapd", "ap-cisco"}})
	ctx := context.Background()
	now := time.Now().UnixMilli()
	put := func(id string, mut func(*policycache.Key)) {
		k := policycache.Key{KeyID: id, VenueID: "v1", SSID: "other", VLAN: 5, Passphrase: "reject test pass", Revision: 1}
		mut(&k)
		mustPut(t, e.store, k)
	}
	put("expired", func(k *policycache.Key) { k.ValidUntil = now - 1000 })
	put("future", func(k *policycache.Key) { k.ValidFrom = now + 3600_000 })
	put("suspended", func(k *policycache.Key) { k.Suspended = true })
	put("whitelisted", func(k *policycache.Key) { k.CallingStationWhitelist = []string{"AA-BB-CC-DD-EE-FF"} })
	put("limited", func(k *policycache.Key) { k.DeviceLimit = 1 })
	for mac, key := range map[string]string{"020000000a01": "expired", "020000000a02": "future", "020000000a03": "suspended", "020000000a04": "whitelisted", "020000000a05": "limited", "020000000a06": "limited"} {
		if err := e.store.BindDevice(ctx, "v1", mac, key); err != nil {
			t.Fatal(err)
		}
	}
	// Device a05 is online on the limited key.
	if err := e.store.RecordAccounting(ctx, policycache.AccountingEvent{VenueID: "v1", SessionID: "s-a05", Status: policycache.AcctStart, KeyID: "limited", MAC: "020000000a05", Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, nas, mac, reason string
	}{
		{"expired", "ap-hostapd", "02-00-00-00-0A-01", ReasonExpired},
		{"not yet valid", "ap-hostapd", "02-00-00-00-0A-02", ReasonNotYetValid},
		{"suspended", "ap-hostapd", "02-00-00-00-0A-03", ReasonSuspended},
		{"calling-station whitelist", "ap-hostapd", "02-00-00-00-0A-04", ReasonNotWhitelisted},
		{"concurrent device limit", "ap-hostapd", "02-00-00-00-0A-06", ReasonDeviceLimit},
		{"NAS whitelist", "ap-mikrotik", "02-00-00-00-00-01", ReasonNASNotAllowed},
		{"unknown device", "ap-hostapd", "02-00-00-00-0B-01", ReasonUnknownDevice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, attrs := e.auth(boundRequest(tt.nas, tt.mac)...)
			if code != "Access-Reject" {
				t.Fatalf("reply %q, want Access-Reject", code)
			}
			if msg := strings.Join(attrs["Reply-Message"], ""); !strings.Contains(msg, tt.reason) {
				t.Fatalf("Reply-Message %q, want %q", msg, tt.reason)
			}
			if first := attrs[firstAttr]; len(first) != 1 || first[0] != "Message-Authenticator" {
				t.Fatalf("first reject attribute %v, want Message-Authenticator", first)
			}
			if !strings.Contains(e.logs.String(), tt.reason) {
				t.Fatalf("no log line with reason %q", tt.reason)
			}
		})
	}
	t.Run("the device already online passes the limit", func(t *testing.T) {
		if code, _ := e.auth(boundRequest("ap-hostapd", "02-00-00-00-0A-05")...); code != "Access-Accept" {
			t.Fatalf("reply %q", code)
		}
	})
	if strings.Contains(e.logs.String(), "reject test pass") || strings.Contains(e.logs.String(), pskA) {
		t.Fatal("a key appears in the log")
	}
}

func TestRegistrationVLANForUnknownDevices(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{UnknownDevice: policycache.UnknownRegistration, RegistrationVLAN: 999})
	code, attrs := e.auth(boundRequest("ap-hostapd", "02-00-00-00-0C-01")...)
	if code != "Access-Accept" || strings.Join(attrs["Tunnel-Private-Group-Id:0"], "") != "999" || attrs["Tunnel-Password:0"] != nil {
		t.Fatalf("reply %q %v, want Accept on VLAN 999 without a key", code, attrs)
	}
}

func TestMessageAuthenticator(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	withoutMA := slices.DeleteFunc(boundRequest("ap-hostapd", "02-00-00-00-00-01"), func(s string) bool { return strings.HasPrefix(s, "Message-Authenticator") })
	tests := []struct {
		name     string
		lines    []string
		secret   string
		wantCode string
	}{
		{"present and valid", boundRequest("ap-hostapd", "02-00-00-00-00-01"), testSecret, "Access-Accept"},
		{"missing while required", withoutMA, testSecret, ""},
		{"forged (wrong secret)", boundRequest("ap-hostapd", "02-00-00-00-00-01"), "not-the-secret", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _ := radclient(t, e.srv.AuthAddr(), "auth", tt.secret, tt.lines...)
			if code != tt.wantCode {
				t.Fatalf("reply %q, want %q", code, tt.wantCode)
			}
		})
	}
	st := e.srv.Stats()
	if st.MissingMessageAuthenticator == 0 || st.BadAuthenticator == 0 {
		t.Fatalf("counters %+v", st)
	}
	t.Run("not required for a venue that allows it", func(t *testing.T) {
		seed(t, e, policycache.Venue{AllowMissingMessageAuthenticator: true})
		if code, _ := e.auth(withoutMA...); code != "Access-Accept" {
			t.Fatalf("reply %q", code)
		}
	})
}

func TestUnknownClientDropped(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	code, _ := e.auth(boundRequest("ap-nobody", "02-00-00-00-00-01")...)
	if code != "" || e.srv.Stats().UnknownClient == 0 {
		t.Fatalf("unknown client got %q, counters %+v", code, e.srv.Stats())
	}
}
