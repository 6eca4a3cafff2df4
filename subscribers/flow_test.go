package subscribers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestSubscriberFlow: a venue administrator adds a subscriber; the welcome event carries
// the temporary password (sealed); the subscriber accepts the terms with their own
// password, which becomes the WiFi key; login works with it and not with the temporary
// one; listKeys shows the key on the venue's SSID; KeyStart was recorded; the operator
// removes the key and KeyEnd is recorded. TestOnboardingEndToEnd follows the same flow
// through the real deliveries (SMTP and signed webhooks).
func TestSubscriberFlow(t *testing.T) {
	f := newFixture(t)
	env := f.env
	email := strings.ToLower(servicetest.Unique("flow")) + "@home.test"
	token, temp := f.addSubscriber(t, map[string]any{"EmailAddress": email})
	if len(temp) < 8 {
		t.Fatalf("temporary password %q", temp)
	}
	env.Post("/subscriberconsole/login", "", map[string]any{"EmailAddress": email, "Password": temp}).Must(t, http.StatusUnauthorized)

	const password = "MyOwn-WiFi-2024"
	env.Post("/subscriberconsole/acceptTandC", "", map[string]any{"EmailAddress": email, "TemporaryPassword": temp, "NewPassword": password}).
		Must(t, http.StatusOK)
	env.Post("/subscriberconsole/acceptTandC", "", map[string]any{"EmailAddress": email, "TemporaryPassword": temp, "NewPassword": password}).
		Must(t, http.StatusUnauthorized) // the temporary password is gone
	if ev := f.env.Events(t, "LoginPasswordCreated", token); len(ev) != 1 || ev[0]["EmailAddress"] != email {
		t.Fatalf("LoginPasswordCreated events: %v", ev)
	}

	env.Post("/subscriberconsole/login", "", map[string]any{"EmailAddress": email, "Password": temp}).Must(t, http.StatusUnauthorized)
	r := env.Post("/subscriberconsole/login", "", map[string]any{"EmailAddress": email, "Password": password}).Must(t, http.StatusOK)
	if r.Body["SubscriberToken"] != token {
		t.Fatalf("login answered %v", r.Body)
	}
	access := r.Body["AuthenticationResult"].(map[string]any)["AccessToken"].(string)

	keys := env.Post("/subscriberconsole/listKeys", access, nil).Must(t, http.StatusOK)
	got := keysOf(t, keys)
	if len(got) != 1 {
		t.Fatalf("keys: %s", keys.Raw)
	}
	var keyID string
	for id, psk := range got {
		keyID = id
		if psk != password {
			t.Fatalf("the key's passphrase is not the new password")
		}
	}
	if !strings.Contains(keys.Raw, f.ssidX) {
		t.Fatalf("listKeys does not show SSID %s: %s", f.ssidX, keys.Raw)
	}
	starts := f.env.Events(t, "KeyStart", token)
	if len(starts) != 2 { // issued at addSubscriber, re-issued with the new password
		t.Fatalf("KeyStart events: %d", len(starts))
	}
	psk, err := outbox.Open(env.Service.Secrets, starts[len(starts)-1]["psk.sealed"].(string))
	if err != nil || psk != password || starts[0]["ssid"] != f.ssidX {
		t.Fatalf("KeyStart payload: %v (%v)", starts[len(starts)-1], err)
	}

	env.Post("/networkoperatorconsole/subscribers/removeKey", f.domainX, map[string]any{
		"SubscriberID": token, "KeyID": keyID, "RemovalReason": "SUBSCRIBER_REQUEST"}).Must(t, http.StatusOK)
	ends := f.env.Events(t, "KeyEnd", token)
	if len(ends) != 2 || ends[len(ends)-1]["KeyID"] != keyID {
		t.Fatalf("KeyEnd events: %v", ends)
	}
	if n := len(keysOf(t, env.Post("/subscriberconsole/listKeys", access, nil).Must(t, http.StatusOK))); n != 0 {
		t.Fatalf("%d keys left after removeKey", n)
	}
	for _, secret := range []string{password, temp} {
		if strings.Contains(env.Logs.String(), secret) {
			t.Fatalf("a password appears in the logs")
		}
	}
}
