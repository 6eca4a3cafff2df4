package radiusd

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/policycache"
)

// TestSharedNASIdentifier: NAS-Identifiers are unique within an operator
// only, so two operators' venues may use the same one. A request with that
// NAS-Identifier belongs to the venue whose secret signed it: each venue's
// gateway gets its own venue's answer for the same device, a request signed
// with neither secret or unsigned (no Message-Authenticator: no way to
// tell) goes unanswered, and accounting is recorded under the signer's
// venue.
func TestSharedNASIdentifier(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	ctx := context.Background()
	const nas, mac = "shared-ap", "02:00:00:00:00:0a"
	venues := []struct {
		id, secret, vlan string
		vlanN            int
	}{
		{"venue-x", "secret-of-operator-x", "410", 410},
		{"venue-y", "secret-of-operator-y", "420", 420},
	}
	for _, v := range venues {
		if _, err := e.store.PutVenue(ctx, policycache.Venue{VenueID: v.id, Secret: v.secret,
			Gateways: []policycache.Gateway{{NASIdentifier: nas, Profile: "hostapd"}}}); err != nil {
			t.Fatal(err)
		}
		mustPut(t, e.store, policycache.Key{KeyID: "key-" + v.id, VenueID: v.id, SSID: ssidA, UnitID: "u-" + v.id,
			VLAN: v.vlanN, Passphrase: "passphrase of " + v.id, Revision: 1})
		if err := e.store.BindDevice(ctx, v.id, mac, "key-"+v.id); err != nil {
			t.Fatal(err)
		}
	}
	e.refresh()
	request := boundRequest(nas, "02-00-00-00-00-0A")
	for _, v := range venues {
		t.Run("signed by "+v.id, func(t *testing.T) {
			code, attrs := radclient(t, e.srv.AuthAddr(), "auth", v.secret, request...)
			if code != "Access-Accept" || strings.Join(attrs["Tunnel-Private-Group-Id:0"], "") != v.vlan {
				t.Fatalf("reply %q VLAN %v, want Access-Accept with VLAN %s", code, attrs["Tunnel-Private-Group-Id:0"], v.vlan)
			}
		})
	}
	t.Run("signed with neither secret", func(t *testing.T) {
		if code, _ := radclient(t, e.srv.AuthAddr(), "auth", "secret-of-nobody", request...); code != "" {
			t.Fatalf("answered %q", code)
		}
	})
	t.Run("unsigned", func(t *testing.T) {
		unsigned := slices.DeleteFunc(slices.Clone(request), func(l string) bool { return strings.HasPrefix(l, "Message-Authenticator") })
		if code, _ := radclient(t, e.srv.AuthAddr(), "auth", venues[0].secret, unsigned...); code != "" {
			t.Fatalf("answered %q", code)
		}
	})
	t.Run("accounting recorded under the signer's venue", func(t *testing.T) {
		code, _ := radclient(t, e.srv.AcctAddr(), "acct", venues[1].secret,
			`Acct-Status-Type = Start`, `Acct-Session-Id = "shared-1"`, `User-Name = "02000000000a"`,
			`Calling-Station-Id = "02-00-00-00-00-0A"`, `NAS-Identifier = "`+nas+`"`)
		if code != "Accounting-Response" {
			t.Fatalf("reply %q", code)
		}
		ss, err := e.store.SessionsOfKey(ctx, "key-venue-y")
		if err != nil || len(ss) != 1 || ss[0].VenueID != "venue-y" {
			t.Fatalf("sessions of venue-y's key %+v, %v", ss, err)
		}
		if ss, _ := e.store.SessionsOfKey(ctx, "key-venue-x"); len(ss) != 0 {
			t.Fatalf("sessions recorded under venue-x: %+v", ss)
		}
	})
}
