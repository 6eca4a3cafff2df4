package service_test

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd"
	"github.com/wifivault/wifivault/radiusd/eapol"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// radiusVenue is a service with radiusd, a venue with a unit and a subscriber whose key is
// projected, and the venue's administrator.
type radiusVenue struct {
	env        *servicetest.Env
	nsp        string
	venue      string
	venueNAS   string
	venueAdmin string
	subscriber string
	key        *policycache.Key
}

func newRadiusVenue(t *testing.T) *radiusVenue {
	t.Helper()
	t.Setenv("WIFIVAULT_CACHE_RECONCILE_INTERVAL", "0")
	env := servicetest.Start(t, withRadius)
	v := &radiusVenue{env: env, nsp: env.NSP()}
	op := addOperator(t, env, v.nsp)
	r := env.Post("/networkoperatorconsole/venues/addVenue", v.nsp, map[string]any{
		"OperatorID": op, "VenueName": "Radius Venue", "AddressLine1": servicetest.Unique("1 Main St "), "City": "Chicago",
		"State": "Illinois", "Country": "USA", "PostalCode": "60601",
	}).Must(t, http.StatusOK)
	v.venue = r.Body["VenueID"].(string)
	nc, _ := r.Body["NetworkConfiguration"].(map[string]any)
	v.venueNAS, _ = nc["NAS-Identifier"].(string)
	if v.venueNAS == "" {
		t.Fatalf("addVenue gave no NAS-Identifier: %s", r.Raw)
	}
	env.Post("/networkoperatorconsole/keypools/addKeypool", v.nsp, map[string]any{"OperatorID": op, "SSID": servicetest.Unique("WiFi-")}).Must(t, http.StatusOK)
	unit := env.AddUnit(t, v.nsp, v.venue)
	v.venueAdmin = env.AddAdmin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: op, VenueIDs: []string{v.venue}})
	v.subscriber = env.Post("/venuemgmtconsole/subscribers/addSubscriber", v.venueAdmin, map[string]any{
		"VenueID": v.venue, "UnitID_internal": unit, "EmailAddress": strings.ToLower(servicetest.Unique("res")) + "@home.test",
	}).Must(t, http.StatusOK).Body["SubscriberToken"].(string)
	ids, err := env.Service.DB.G().V(schema.GraphID(schema.VertexSubscriber, v.subscriber)).Out(string(schema.EdgeSubscriberHasPSK)).Values("KeyID").ToList()
	if err != nil || len(ids) == 0 {
		t.Fatalf("keys of %s: %v", v.subscriber, err)
	}
	v.key = env.ProjectedKey(t, ids[0].GetString(), "projected", func(k *policycache.Key) bool { return k != nil })
	return v
}

// configure sets the venue's RADIUS settings through the API.
func (v *radiusVenue) configure(t *testing.T, radius map[string]any) {
	t.Helper()
	v.env.Post("/venuemgmtconsole/venues/configureVenue", v.venueAdmin, map[string]any{"VenueID": v.venue,
		"NetworkConfiguration": map[string]any{"RADIUS": radius}}).Must(t, http.StatusOK)
}

// handshakeRequest is an unbound-mode Access-Request (hostapd EVS-5 attributes) of device
// mac (6 bytes) proving the key's passphrase, through NAS nas.
func (v *radiusVenue) handshakeRequest(t *testing.T, mac []byte, nas string) []string {
	t.Helper()
	g, err := eapol.Standard(eapol.Params{SSID: v.key.SSID, PSK: v.key.Passphrase, AA: []byte{0x34, 0xef, 0xb6, 0xaf, 0x48, 0x9e}, SPA: mac})
	if err != nil {
		t.Fatal(err)
	}
	return []string{`User-Name = "` + hex.EncodeToString(mac) + `"`, `Calling-Station-Id = "` + hex.EncodeToString(mac) + `"`,
		`Called-Station-Id = "34-EF-B6-AF-48-9E:` + v.key.SSID + `"`, `NAS-Identifier = "` + nas + `"`,
		`FreeRADIUS-802.1X-Anonce = 0x` + hex.EncodeToString(g.ANonce[:]),
		`FreeRADIUS-802.1X-EAPoL-Key-Msg = 0x` + hex.EncodeToString(g.Frame), `Message-Authenticator = 0x00`}
}

// boundRequest is a MAC-authentication Access-Request of a device through NAS nas.
func boundRequest(mac, nas string) []string {
	return []string{`User-Name = "` + mac + `"`, `User-Password = "` + mac + `"`, `Calling-Station-Id = "` + mac + `"`,
		`Called-Station-Id = "34-EF-B6-AF-48-9E:any"`, `NAS-Identifier = "` + nas + `"`, `Message-Authenticator = 0x00`}
}

// eventually sends the request until radiusd answers as ok says (the settings reach it
// through the outbox, the projection and the gateway table's reload) or 10 s pass, and
// returns the last reply code and radclient's output.
func (v *radiusVenue) eventually(t *testing.T, secret string, request []string, ok func(code, out string) bool) (string, string) {
	t.Helper()
	addr := v.env.Service.Radius.AuthAddr().String()
	code, out := radclientAuth(t, addr, secret, request)
	for deadline := time.Now().Add(10 * time.Second); !ok(code, out) && time.Now().Before(deadline); {
		code, out = radclientAuth(t, addr, secret, request)
	}
	return code, out
}

// TestVenueRadiusSettingsEndToEnd: a venue's RADIUS settings and a subscriber's NAS
// whitelist set through the API decide how the service's radiusd answers radclient.
func TestVenueRadiusSettingsEndToEnd(t *testing.T) {
	v := newRadiusVenue(t)
	device := []byte{0x02, 0x5e, 0x00, 0x00, 0x00, 0x01}
	deviceMAC := hex.EncodeToString(device)
	const venueSecret, newSecret = "venue-secret-one", "venue-secret-two"
	accepted := func(code, _ string) bool { return code == "Access-Accept" }
	silent := func(code, _ string) bool { return code == "" }

	t.Run("before: the NAS-Identifier gateway with the server's secret and default profile", func(t *testing.T) {
		code, out := v.eventually(t, radiusSecret, v.handshakeRequest(t, device, v.venueNAS), accepted)
		if code != "Access-Accept" || !strings.Contains(out, `Tunnel-Password:0 = "`+v.key.Passphrase+`"`) {
			t.Fatalf("reply %q, want an Access-Accept with the hostapd profile:\n%s", code, out)
		}
	})
	t.Run("secret, profile and gateway address set through the API", func(t *testing.T) {
		v.configure(t, map[string]any{"SharedSecret": venueSecret, "ReplyProfile": "cisco", "GatewayAddresses": []any{"127.0.0.1"}})
		// From 127.0.0.1, now the venue's gateway address, whatever NAS-Identifier it sends.
		code, out := v.eventually(t, venueSecret, boundRequest(deviceMAC, "some-ap"), accepted)
		if code != "Access-Accept" {
			t.Fatalf("reply %q with the venue's secret:\n%s", code, out)
		}
		for _, want := range []string{`Cisco-AVPair = "psk-mode=ascii"`, `Cisco-AVPair = "psk=` + v.key.Passphrase + `"`} {
			if !strings.Contains(out, want) {
				t.Fatalf("Access-Accept lacks %s:\n%s", want, out)
			}
		}
		if v.key.VLAN > 0 && !strings.Contains(out, `Tunnel-Private-Group-Id:0 = "`+strconv.Itoa(v.key.VLAN)+`"`) {
			t.Fatalf("Access-Accept lacks VLAN %d:\n%s", v.key.VLAN, out)
		}
		if code, out := radclientAuth(t, v.env.Service.Radius.AuthAddr().String(), radiusSecret, boundRequest(deviceMAC, "some-ap")); code != "" {
			t.Fatalf("the server's default secret still answered %q:\n%s", code, out)
		}
	})
	t.Run("secret changed: the old one gets no answer", func(t *testing.T) {
		v.configure(t, map[string]any{"SharedSecret": newSecret})
		if code, out := v.eventually(t, venueSecret, boundRequest(deviceMAC, "some-ap"), silent); code != "" {
			t.Fatalf("the old secret still answered %q:\n%s", code, out)
		}
		if code, out := v.eventually(t, newSecret, boundRequest(deviceMAC, "some-ap"), accepted); code != "Access-Accept" {
			t.Fatalf("reply %q with the new secret:\n%s", code, out)
		}
	})
	t.Run("unknown devices on the registration VLAN", func(t *testing.T) {
		unknown := boundRequest("025e00000099", "some-ap")
		if code, out := radclientAuth(t, v.env.Service.Radius.AuthAddr().String(), newSecret, unknown); code != "Access-Reject" ||
			!strings.Contains(out, radiusd.ReasonUnknownDevice) {
			t.Fatalf("unknown device before the policy: %q\n%s", code, out)
		}
		v.configure(t, map[string]any{"UnknownDevicePolicy": "registration-vlan", "RegistrationVLAN": 3001})
		code, out := v.eventually(t, newSecret, unknown, accepted)
		if code != "Access-Accept" || !strings.Contains(out, `Tunnel-Private-Group-Id:0 = "3001"`) || strings.Contains(out, "psk=") {
			t.Fatalf("reply %q, want an Access-Accept on VLAN 3001 without a key:\n%s", code, out)
		}
	})
	t.Run("subscriber NAS whitelist", func(t *testing.T) {
		v.env.Post("/networkoperatorconsole/subscribers/addNASWhitelist", v.nsp, map[string]any{"SubscriberID": v.subscriber,
			"NASID": "AP-ALLOWED", "NASType": "WIRELESS_AP", "AccessLevel": "FULL_INFRASTRUCTURE"}).Must(t, http.StatusOK)
		code, out := v.eventually(t, newSecret, boundRequest(deviceMAC, "AP-OTHER"), func(code, _ string) bool { return code == "Access-Reject" })
		if code != "Access-Reject" || !strings.Contains(out, radiusd.ReasonNASNotForKey) {
			t.Fatalf("reply %q through an unlisted NAS, want an Access-Reject with %q:\n%s", code, radiusd.ReasonNASNotForKey, out)
		}
		if code, out := radclientAuth(t, v.env.Service.Radius.AuthAddr().String(), newSecret, boundRequest(deviceMAC, "AP-ALLOWED")); code != "Access-Accept" {
			t.Fatalf("reply %q through the listed NAS:\n%s", code, out)
		}
		v.env.Post("/networkoperatorconsole/subscribers/removeNASWhitelist", v.nsp, map[string]any{"SubscriberID": v.subscriber,
			"NASID": "AP-ALLOWED", "RemovalReason": "POLICY_CHANGE"}).Must(t, http.StatusOK)
		if code, out := v.eventually(t, newSecret, boundRequest(deviceMAC, "AP-OTHER"), accepted); code != "Access-Accept" {
			t.Fatalf("reply %q through any NAS once the whitelist is empty:\n%s", code, out)
		}
	})
}
