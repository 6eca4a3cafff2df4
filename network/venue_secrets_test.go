package network_test

import (
	"net/http"
	"strings"
	"testing"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/projection"
)

// TestVenueSecretsStoredAsSent: every secret field of configureVenue is stored exactly as
// sent (no HTML stripping, no trimming), encrypted, and shown masked; a secret that is
// blank, too long or holds control characters is refused naming its field, with nothing
// written and the value never echoed.
func TestVenueSecretsStoredAsSent(t *testing.T) {
	f := newVenueFixture(t)
	post := func(venue, object, name, value string) string {
		r := f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": venue,
			object: map[string]any{name: value}})
		return r.Raw
	}
	fields := []struct {
		object, name string
		property     string // venue property (schema.Key...)
		value        string
	}{
		{"ShoppingCart", "Stripe_Secret_key", "Stripe_Secret_key", "sk_test_<b>bold</b>&amp;<script>x</script>"},
		{"ShoppingCart", "Stripe_Webhook_signingsecret", "Stripe_Webhook_signingsecret", "whsec_a<b&c>d\"e'f"},
		{"NetworkConfiguration", "Ruckus.APIClientSecret", "Integrations.Ruckus.APIClientSecret", "  r<u>ckus & secret  "},
		{"Integrations", "ConnectWise.Authorization", "Integrations.ConnectWise.Authorization", "Basic <dXNlcjpwYXNz>&=="},
		{"Integrations", "PRTG.PasswordHash", "Integrations.PRTG.PRTGPasswordHash", "<p>ässwörd</p>&lt;"},
	}
	for _, c := range fields {
		t.Run("round trip/"+c.name, func(t *testing.T) {
			raw := post(f.venueA, c.object, c.name, c.value)
			if !strings.Contains(raw, "Updated "+c.object+"."+c.name+".") || strings.Contains(raw, c.value) {
				t.Fatalf("configureVenue answer: %s", raw)
			}
			stored, _ := f.venueProps(t, f.venueA)[c.property].(string)
			if stored == "" || strings.Contains(stored, c.value) {
				t.Fatalf("stored %q", stored)
			}
			plain, err := f.env.Service.Secrets.DecryptString(stored, projection.VenueSecretContext(f.venueA, c.property))
			if err != nil || plain != c.value {
				t.Fatalf("stored secret decrypts to %q, %v; sent %q", plain, err, c.value)
			}
			d := f.env.Post("/networkoperatorconsole/venues/listVenueDetails", f.nsp, map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK)
			if strings.Contains(d.Raw, c.value) {
				t.Fatalf("listVenueDetails shows the secret: %s", d.Raw)
			}
			if shown, ok := d.Body[c.property]; ok && shown != vaultcrypto.Mask(c.value) {
				t.Fatalf("listVenueDetails shows %v, want %q", shown, vaultcrypto.Mask(c.value))
			}
			for _, e := range f.auditEntries(t, "Venue.configureVenue", f.venueA) {
				if strings.Contains(jsonOf(e), c.value) {
					t.Fatalf("audit entry holds the secret: %s", jsonOf(e))
				}
			}
		})
	}
	bad := []struct {
		name, object, field, value string
	}{
		{"empty", "ShoppingCart", "Stripe_Secret_key", ""},
		{"only spaces", "ShoppingCart", "Stripe_Secret_key", "   "},
		{"too long", "ShoppingCart", "Stripe_Webhook_signingsecret", "whsec_" + strings.Repeat("<", 251)},
		{"newline", "Integrations", "ConnectWise.Authorization", "Basic abc\ndef"},
		{"NUL", "NetworkConfiguration", "Ruckus.APIClientSecret", "ruckus\x00secret"},
	}
	for _, c := range bad {
		t.Run("refused/"+c.name, func(t *testing.T) {
			size, props := f.graphSize(t), jsonOf(f.venueProps(t, f.venueB))
			r := f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": f.venueB,
				c.object: map[string]any{c.field: c.value}}).Must(t, http.StatusBadRequest)
			if !strings.Contains(r.Raw, c.object+"."+c.field) {
				t.Fatalf("error does not name %s.%s: %s", c.object, c.field, r.Raw)
			}
			if len(strings.TrimSpace(c.value)) > 3 && strings.Contains(r.Raw, strings.TrimSpace(c.value)[:4]) {
				t.Fatalf("error echoes the secret: %s", r.Raw)
			}
			if f.graphSize(t) != size || jsonOf(f.venueProps(t, f.venueB)) != props {
				t.Fatal("the refused request changed the graph")
			}
		})
	}
}
