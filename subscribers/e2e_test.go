package subscribers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/internal/smtptest"
	"github.com/wifivault/wifivault/service/servicetest"
	"github.com/wifivault/wifivault/webhooks"
)

// webhookReceiver is the operator's system: it accepts a delivery only when its signature
// verifies, and remembers the events by type.
type webhookReceiver struct {
	mu     sync.Mutex
	secret string
	events []map[string]any
	forged int
}

func (w *webhookReceiver) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := webhooks.Verify(w.secret, r.Header.Get(webhooks.SignatureHeader), body, 5*time.Minute); err != nil {
		w.forged++
		rw.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev map[string]any
	if err := json.Unmarshal(body, &ev); err != nil {
		rw.WriteHeader(http.StatusBadRequest)
		return
	}
	w.events = append(w.events, ev)
	rw.WriteHeader(http.StatusOK)
}

// wait returns the verified events of a type for a subscriber once n have arrived.
func (w *webhookReceiver) wait(t *testing.T, typ, token string, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		w.mu.Lock()
		var got []map[string]any
		for _, ev := range w.events {
			payload, _ := ev["Payload"].(map[string]any) // the seeds' envelope: Type, WebhookURL, Payload
			if ev["Type"] == typ && payload["SubscriberToken"] == token {
				got = append(got, ev)
			}
		}
		w.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			for _, ev := range w.events {
				t.Logf("received %v", ev)
			}
			t.Fatalf("%d %s webhooks for %s after 20 s, want %d (received %d events, %d forged)", len(got), typ, token, n, len(w.events), w.forged)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var temporaryInMail = regexp.MustCompile(`(?m)^    (\S{8,})$`)

// TestOnboardingEndToEnd is issue 5's flow over HTTP with the real delivery paths: the
// welcome email with the temporary password arrives at an SMTP server run by the test; the
// subscriber accepts the terms with a new password; login works with it and not with the
// temporary one; listKeys shows the key on the venue's SSID; a KeyStart webhook reaches the
// operator's receiver with a signature that verifies; the operator removes the key; KeyEnd
// arrives.
func TestOnboardingEndToEnd(t *testing.T) {
	smtp := smtptest.Start(t)
	t.Setenv("WIFIVAULT_SMTP_URL", smtp.URL())
	f := newFixture(t)
	env := f.env

	receiver := &webhookReceiver{}
	hook := httptest.NewServer(receiver)
	defer hook.Close()
	r := env.Post("/networkoperatorconsole/webhooks/rotateWebhookSecret", f.domainX, nil).Must(t, http.StatusOK)
	receiver.secret, _ = r.Body["WebhookSigningSecret"].(string)
	if len(receiver.secret) < 16 {
		t.Fatalf("rotateWebhookSecret: %s", r.Raw)
	}
	env.Post("/networkoperatorconsole/equipment/configureNetworkOperator", f.domainX, map[string]any{"WebhookURL": hook.URL}).
		Must(t, http.StatusOK)

	email := strings.ToLower(servicetest.Unique("onboard")) + "@home.test"
	r = env.Post("/venuemgmtconsole/subscribers/addSubscriber", f.venueAdminA, map[string]any{
		"VenueID": f.venueA, "UnitID_internal": f.unitA, "EmailAddress": email, "GivenName": "Ada", "FamilyName": "Lovelace"}).
		Must(t, http.StatusOK)
	token := r.Body["SubscriberToken"].(string)

	var temporary string
	deadline := time.Now().Add(20 * time.Second)
	for temporary == "" {
		for _, m := range smtp.Messages() {
			if strings.Contains(strings.Join(m.To, ","), email) {
				if got := temporaryInMail.FindStringSubmatch(m.Body()); got != nil {
					temporary = strings.TrimSpace(got[1])
				}
			}
		}
		if temporary == "" {
			if time.Now().After(deadline) {
				t.Fatalf("no welcome email to %s with a temporary password; messages: %d", email, len(smtp.Messages()))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	const password = "Ada-Own-WiFi-1815"
	env.Post("/subscriberconsole/acceptTandC", "", map[string]any{"EmailAddress": email, "TemporaryPassword": temporary, "NewPassword": password}).
		Must(t, http.StatusOK)
	env.Post("/subscriberconsole/login", "", map[string]any{"EmailAddress": email, "Password": temporary}).Must(t, http.StatusUnauthorized)
	login := env.Post("/subscriberconsole/login", "", map[string]any{"EmailAddress": email, "Password": password}).Must(t, http.StatusOK)
	access := login.Body["AuthenticationResult"].(map[string]any)["AccessToken"].(string)

	keys := env.Post("/subscriberconsole/listKeys", access, nil).Must(t, http.StatusOK)
	if !strings.Contains(keys.Raw, f.ssidX) {
		t.Fatalf("listKeys does not show the venue's SSID %s: %s", f.ssidX, keys.Raw)
	}
	var keyID string
	for id := range keysOf(t, keys) {
		keyID = id
	}

	t.Cleanup(func() {
		if t.Failed() {
			for _, l := range strings.Split(env.Logs.String(), "\n") {
				if strings.Contains(l, "outbox") || strings.Contains(l, "webhook") {
					t.Log(l)
				}
			}
		}
	})
	starts := receiver.wait(t, "KeyStart", token, 2) // the temporary key, then the subscriber's own
	if p, _ := starts[1]["Payload"].(map[string]any); p["VenueID"] != f.venueA || p["ssid"] != f.ssidX {
		t.Fatalf("KeyStart webhook: %v", starts[1])
	}
	env.Post("/networkoperatorconsole/subscribers/removeKey", f.domainX, map[string]any{
		"SubscriberID": token, "KeyID": keyID, "RemovalReason": "SUBSCRIBER_REQUEST"}).Must(t, http.StatusOK)
	receiver.wait(t, "KeyEnd", token, 1)
	receiver.mu.Lock()
	forged := receiver.forged
	receiver.mu.Unlock()
	if forged != 0 {
		t.Fatalf("%d deliveries failed signature verification", forged)
	}
	for _, secret := range []string{password, temporary, receiver.secret} {
		if strings.Contains(env.Logs.String(), secret) {
			t.Fatal("a password or the signing secret appears in the logs")
		}
	}
}
