package service_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

const radiusSecret = "service-radius-secret"

// withRadius turns radiusd on inside the service, on loopback ports.
func withRadius(c *service.Config) {
	c.RadiusAuthAddr, c.RadiusAcctAddr, c.RadiusSecret = "127.0.0.1:0", "127.0.0.1:0", radiusSecret
}

// TestServeAnswersRADIUS starts the whole service with radiusd, writes a
// venue, a key and a device binding to the projection in the service's
// Redis (sealed with the service's key ring) and authenticates the device
// with Debian's radclient.
func TestServeAnswersRADIUS(t *testing.T) {
	if _, err := exec.LookPath("radclient"); err != nil {
		t.Fatal("radclient is not on PATH; run scripts/test-deps.sh (installs freeradius-utils)")
	}
	e := servicetest.Start(t, withRadius)
	s := e.Service
	if s.Radius == nil {
		t.Fatal("radiusd not started")
	}
	store := policycache.NewStore(s.Redis, s.Secrets, "")
	ctx := context.Background()
	if _, err := store.PutVenue(ctx, policycache.Venue{VenueID: "sv1",
		Gateways: []policycache.Gateway{{NASIdentifier: "svc-ap", Profile: "hostapd"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutKey(ctx, policycache.Key{KeyID: "sk1", VenueID: "sv1", SSID: "Residents", VLAN: 321,
		Passphrase: "service passphrase", Revision: 1}); err != nil {
		t.Fatal(err)
	}
	if err := store.BindDevice(ctx, "sv1", "02:11:22:33:44:55", "sk1"); err != nil {
		t.Fatal(err)
	}
	request := []string{`User-Name = "021122334455"`, `User-Password = "021122334455"`,
		`Calling-Station-Id = "02-11-22-33-44-55"`, `Called-Station-Id = "02-AA-BB-CC-DD-EE:Residents"`,
		`NAS-Identifier = "svc-ap"`, `Message-Authenticator = 0x00`}
	tests := []struct {
		name, secret, wantCode, wantVLAN string
	}{
		{"known device is accepted on its VLAN", radiusSecret, "Access-Accept", "321"},
		{"wrong shared secret gets no answer", "not-the-secret", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The gateway table is reloaded on the venue's invalidation
			// message; allow it a moment before expecting an answer.
			code, out := radclientAuth(t, s.Radius.AuthAddr().String(), tt.secret, request)
			for deadline := time.Now().Add(3 * time.Second); code != tt.wantCode && time.Now().Before(deadline); {
				code, out = radclientAuth(t, s.Radius.AuthAddr().String(), tt.secret, request)
			}
			if code != tt.wantCode {
				t.Fatalf("reply %q, want %q:\n%s", code, tt.wantCode, out)
			}
			if tt.wantVLAN != "" && !strings.Contains(out, `Tunnel-Private-Group-Id:0 = "`+tt.wantVLAN+`"`) {
				t.Fatalf("no VLAN %s in the Access-Accept:\n%s", tt.wantVLAN, out)
			}
		})
	}
}

// radclientAuth sends one Access-Request with radclient and returns the
// reply code ("" without one) and radclient's output.
func radclientAuth(t *testing.T, addr, secret string, lines []string) (string, string) {
	t.Helper()
	return radclientSend(t, addr, "auth", secret, lines)
}

// radclientSend sends one request of radclient's kind ("auth", "acct") made of the
// attribute lines and returns the reply code ("" without one) and radclient's output.
func radclientSend(t *testing.T, addr, kind, secret string, lines []string) (string, string) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "req.txt")
	if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("radclient", "-x", "-r", "1", "-t", "1", "-f", f, addr, kind, secret).CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Received ") {
			return strings.Fields(line)[1], string(out)
		}
	}
	return "", string(out)
}
