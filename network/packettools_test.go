package network_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

const (
	toolsPath     = "/networkoperatorconsole/tools/"
	toolsSecret   = "tools-radius-secret"
	toolsSSID     = "ToolsNet"
	toolsPSK      = "tools passphrase 1"
	toolsVLAN     = "277"
	toolsBSSID    = "02:AA:00:00:00:01"
	toolsNAS      = "tools-ap"
	toolsANonceIn = "4df70a4285c5c61f177cdbfc29d7e3cac94167f6101f1bcab420dd50c4f8809d"
)

// TestPacketToolsFramesAreAccepted generates a frame with each tool through
// its endpoint, sends it to the service's radiusd with Debian's radclient
// the way the matching gateway would, and expects an Access-Accept on the
// VLAN of the key whose PSK made it.
func TestPacketToolsFramesAreAccepted(t *testing.T) {
	if _, err := exec.LookPath("radclient"); err != nil {
		t.Fatal("radclient is not on PATH; run scripts/test-deps.sh (installs freeradius-utils)")
	}
	env := servicetest.Start(t, func(c *service.Config) {
		c.RadiusAuthAddr, c.RadiusAcctAddr, c.RadiusSecret = "127.0.0.1:0", "127.0.0.1:0", toolsSecret
	})
	s := env.Service
	store := policycache.NewStore(s.Redis, s.Secrets, "")
	ctx := context.Background()
	venue := servicetest.Unique("TV")
	if _, err := store.PutVenue(ctx, policycache.Venue{VenueID: venue, Gateways: []policycache.Gateway{
		{NASIdentifier: toolsNAS, Profile: "hostapd"}, {NASIdentifier: "tools-ruckus", Profile: "ruckus"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutKey(ctx, policycache.Key{KeyID: "tk1", VenueID: venue, SSID: toolsSSID, VLAN: 277, Passphrase: toolsPSK, Revision: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutKey(ctx, policycache.Key{KeyID: "tk2", VenueID: venue, SSID: toolsSSID, VLAN: 278, Passphrase: "another passphrase", Revision: 1}); err != nil {
		t.Fatal(err)
	}
	nsp := env.NSP()
	hostapd := func(mac string, r servicetest.Response) []string {
		return []string{`NAS-Identifier = "` + toolsNAS + `"`,
			`Called-Station-Id = "` + strings.ReplaceAll(toolsBSSID, ":", "-") + ":" + toolsSSID + `"`,
			`FreeRADIUS-802.1X-Anonce = 0x` + r.Body["ANonce"].(string),
			`FreeRADIUS-802.1X-EAPoL-Key-Msg = 0x` + r.Body["EAPOLFrame"].(string)}
	}
	tests := []struct {
		tool  string
		body  map[string]any
		attrs func(mac string, r servicetest.Response) []string
	}{
		{"generateStandardWPA2PSKPacket", map[string]any{"NAS-Identifier": toolsNAS, "SSID": toolsSSID, "PSK": toolsPSK}, hostapd},
		{"generateCambiumEPSKPacket", map[string]any{"NAS-Identifier": toolsNAS, "SSID": toolsSSID, "PSK": toolsPSK}, hostapd},
		{"generateFTPSKPacket", map[string]any{"NAS-Identifier": toolsNAS, "SSID": toolsSSID, "PSK": toolsPSK, "MDID": "c3d4"}, hostapd},
		{"generateRuckusDPSKAttribute153", map[string]any{"VenueID": venue, "SSID": toolsSSID, "Passphrase": toolsPSK, "ExpirationDays": 90},
			func(mac string, r servicetest.Response) []string {
				attr153 := r.Body["Attribute153"].(string)
				if !strings.Contains(attr153, r.Body["EAPOLFrame"].(string)) || !strings.Contains(attr153, r.Body["ANonce"].(string)) {
					t.Fatalf("Attribute153 %s does not carry the ANonce and frame", attr153)
				}
				return []string{`NAS-Identifier = "tools-ruckus"`, `Ruckus-SSID = "` + toolsSSID + `"`,
					`Ruckus-BSSID = 0x` + strings.ReplaceAll(toolsBSSID, ":", ""), `Ruckus-DPSK-Cipher = 4`,
					`Ruckus-DPSK-Anonce = 0x` + r.Body["ANonce"].(string),
					`Ruckus-DPSK-EAPOL-Key-Frame = 0x` + r.Body["EAPOLFrame"].(string)}
			}},
	}
	for i, tt := range tests {
		t.Run(tt.tool, func(t *testing.T) {
			mac := "02:00:00:00:7" + string(rune('0'+i)) + ":01"
			tt.body["BSSID"], tt.body["MACAddress"], tt.body["ANonce"] = toolsBSSID, mac, toolsANonceIn
			r := env.Post(toolsPath+tt.tool, nsp, tt.body).Must(t, http.StatusOK)
			if r.Body["ANonce"] != toolsANonceIn || r.Body["MACAddress"] != mac || len(r.Body["PMK"].(string)) != 64 {
				t.Fatalf("answer does not echo the inputs: %s", r.Raw)
			}
			plain := strings.ReplaceAll(mac, ":", "")
			lines := append([]string{`User-Name = "` + plain + `"`, `User-Password = "` + plain + `"`,
				`Calling-Station-Id = "` + strings.ReplaceAll(mac, ":", "-") + `"`, `Message-Authenticator = 0x00`},
				tt.attrs(mac, r)...)
			code, out := radclientAuth(t, s.Radius.AuthAddr().String(), lines)
			for attempt := 0; code == "" && attempt < 3; attempt++ { // the gateway table loads asynchronously
				code, out = radclientAuth(t, s.Radius.AuthAddr().String(), lines)
			}
			if code != "Access-Accept" {
				t.Fatalf("reply %q, want Access-Accept:\n%s", code, out)
			}
			if tt.tool != "generateRuckusDPSKAttribute153" && !strings.Contains(out, `Tunnel-Private-Group-Id:0 = "`+toolsVLAN+`"`) {
				t.Fatalf("not on VLAN %s:\n%s", toolsVLAN, out)
			}
		})
	}
}

// TestPacketToolsValidation checks every input rule names its field, and
// that only the operator console's roles may use the tools.
func TestPacketToolsValidation(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	base := func() map[string]any {
		return map[string]any{"NAS-Identifier": "ap", "SSID": "Net", "PSK": "good passphrase"}
	}
	with := func(k string, v any) map[string]any { b := base(); b[k] = v; return b }
	without := func(k string) map[string]any { b := base(); delete(b, k); return b }
	ruckus := func(k string, v any) map[string]any {
		b := map[string]any{"VenueID": "V1", "SSID": "Net", "Passphrase": "good passphrase"}
		b[k] = v
		return b
	}
	tests := []struct {
		name, tool, field string
		body              map[string]any
	}{
		{"PSK too short", "generateStandardWPA2PSKPacket", "PSK", with("PSK", "short")},
		{"PSK not ASCII", "generateCambiumEPSKPacket", "PSK", with("PSK", "pässphrase-lang")},
		{"PSK of 64 characters that are not hex", "generateStandardWPA2PSKPacket", "PSK", with("PSK", strings.Repeat("z", 64))},
		{"SSID missing", "generateStandardWPA2PSKPacket", "SSID", without("SSID")},
		{"SSID too long", "generateFTPSKPacket", "SSID", with("SSID", strings.Repeat("s", 33))},
		{"NAS-Identifier missing", "generateFTPSKPacket", "NAS-Identifier", without("NAS-Identifier")},
		{"bad BSSID", "generateStandardWPA2PSKPacket", "BSSID", with("BSSID", "02:AA:00:00:00")},
		{"bad client MAC", "generateCambiumEPSKPacket", "MACAddress", with("MACAddress", "02:AA:00:00:00:GG")},
		{"bad ANonce", "generateStandardWPA2PSKPacket", "ANonce", with("ANonce", "abcd")},
		{"bad SNonce", "generateFTPSKPacket", "SNonce", with("SNonce", strings.Repeat("x", 64))},
		{"bad MDID", "generateFTPSKPacket", "MDID", with("MDID", "a1b")},
		{"Ruckus PMK not of the passphrase", "generateRuckusDPSKAttribute153", "PMK", ruckus("PMK", strings.Repeat("ab", 32))},
		{"Ruckus expiration out of range", "generateRuckusDPSKAttribute153", "ExpirationDays", ruckus("ExpirationDays", 366)},
		{"Ruckus passphrase too short", "generateRuckusDPSKAttribute153", "Passphrase", ruckus("Passphrase", "short")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := env.Post(toolsPath+tt.tool, nsp, tt.body).Must(t, http.StatusBadRequest)
			if !strings.Contains(r.Raw, tt.field) {
				t.Fatalf("error does not name %s: %s", tt.field, r.Raw)
			}
		})
	}
	t.Run("Ruckus without passphrase generates one", func(t *testing.T) {
		r := env.Post(toolsPath+"generateRuckusDPSKAttribute153", nsp, map[string]any{"VenueID": "V1", "SSID": "Net"}).Must(t, http.StatusOK)
		if p, _ := r.Body["DPSKPassphrase"].(string); len(p) < 8 || r.Body["ExpirationDate"] != nil {
			t.Fatalf("%s", r.Raw)
		}
	})
	t.Run("roles", func(t *testing.T) {
		f := newOpFixture(t, env)
		for _, tool := range []string{"generateStandardWPA2PSKPacket", "generateCambiumEPSKPacket", "generateFTPSKPacket"} {
			t.Run(tool, func(t *testing.T) {
				roleCase(t, f, toolsPath+tool, base, []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
					auth.RoleSIEMAdministrator, auth.RoleAccountManager, auth.RoleCustomerSupport}, http.StatusOK)
			})
		}
	})
}

// radclientAuth sends one Access-Request with radclient and returns the
// reply code ("" without one) and radclient's output.
func radclientAuth(t *testing.T, addr string, lines []string) (string, string) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "req.txt")
	if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("radclient", "-x", "-r", "1", "-t", "1", "-f", f, addr, "auth", toolsSecret).CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Received ") {
			return strings.Fields(line)[1], string(out)
		}
	}
	return "", string(out)
}
