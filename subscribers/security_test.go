package subscribers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestAdminEndpointsRefuseOutsiders: a venue administrator of venue B, another operator's
// administrator and a subscriber token are refused on every admin endpoint, and nothing is
// written.
func TestAdminEndpointsRefuseOutsiders(t *testing.T) {
	f := newFixture(t)
	token, access := f.activate(t, "Refuse-Outsiders-1")
	keyID := ""
	for id := range keysOf(t, f.env.Post("/subscriberconsole/listKeys", access, nil)) {
		keyID = id
	}
	email := strings.ToLower(servicetest.Unique("x")) + "@home.test"
	cases := []struct {
		path string
		body map[string]any
	}{
		{"/venuemgmtconsole/subscribers/addSubscriber", map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA, "EmailAddress": email}},
		{"/venuemgmtconsole/subscribers/validateEmailAddress", map[string]any{"VenueID": f.venueA, "EmailAddress": email}},
		{"/venuemgmtconsole/subscribers/resendCodeforTandC", map[string]any{"VenueID": f.venueA, "SubscriberToken": token}},
		{"/venuemgmtconsole/subscribers/listSubscriberLog", map[string]any{"VenueID": f.venueA, "SubscriberToken": token}},
		{"/venuemgmtconsole/subscribers/updateSubscriberPII", map[string]any{"VenueID": f.venueA, "SubscriberToken": token, "GivenName": "Eve"}},
		{"/venuemgmtconsole/subscribers/listMessages", map[string]any{"VenueID": f.venueA, "EmailAddress": email}},
		{"/venuemgmtconsole/subscribers/sendMessage", map[string]any{"VenueID": f.venueA, "Subject": "s", "Message": "m"}},
		{"/networkoperatorconsole/subscribers/addKey", map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA, "SubscriberToken": token}},
		{"/networkoperatorconsole/subscribers/removeKey", map[string]any{"SubscriberID": token, "KeyID": keyID, "RemovalReason": "COMPLIANCE"}},
		{"/networkoperatorconsole/subscribers/resetKey", map[string]any{"CurrentKeyID": keyID}},
		{"/networkoperatorconsole/subscribers/listSubscriberKeys", map[string]any{"SubscriberToken": token}},
		{"/networkoperatorconsole/subscribers/listSubscribers", map[string]any{"VenueID": f.venueA}},
		{"/networkoperatorconsole/subscribers/enableSubscriberConsole", map[string]any{"SubscriberID": token, "ConsoleAccessLevel": "BASIC",
			"AuthenticationMethod": "PASSWORD", "InitialCredentials": map[string]any{}}},
		{"/networkoperatorconsole/subscribers/getSubscriberEmail", map[string]any{"SubscriberID": token}},
		{"/networkoperatorconsole/subscribers/listSubscriberLog", map[string]any{"SubscriberToken": token}},
		{"/networkoperatorconsole/subscribers/closeSubscriberAccount", map[string]any{"SubscriberToken": token}},
		{"/networkoperatorconsole/admin/deleteSubscriberTransactionsPermanently", map[string]any{"SubscriberToken": token}},
		{"/networkoperatorconsole/admin/deleteSubscriberAccountPermanently", map[string]any{"SubscriberToken": token}},
	}
	callers := map[string]string{"venue admin of B": f.venueAdminB, "operator Y": f.domainY, "subscriber": access}
	before := f.count(t)
	for _, tc := range cases {
		for who, tok := range callers {
			t.Run(tc.path[strings.LastIndexByte(tc.path, '/')+1:]+"/"+who, func(t *testing.T) {
				body := map[string]any{}
				for k, v := range tc.body {
					body[k] = v
				}
				r := f.env.Post(tc.path, tok, body)
				if r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
					t.Fatalf("status %d, want 403 or 404: %s", r.Status, r.Raw)
				}
			})
		}
	}
	if after := f.count(t); after != before {
		t.Fatalf("refused calls wrote: %d vertices before, %d after", before, after)
	}
}

// TestSubscriberIsolation: subscriber A can neither read nor change subscriber B.
func TestSubscriberIsolation(t *testing.T) {
	f := newFixture(t)
	tokenA, accessA := f.activate(t, "Subscriber-A-pass")
	tokenB, accessB := f.activate(t, "Subscriber-B-pass")
	keyB := ""
	for id := range keysOf(t, f.env.Post("/subscriberconsole/listKeys", accessB, nil)) {
		keyB = id
	}
	for _, tc := range []struct {
		path string
		body map[string]any
	}{
		{"/subscriberconsole/updatePII", map[string]any{"SubscriberToken": tokenB, "GivenName": "Mallory"}},
		{"/subscriberconsole/updateKeyTag", map[string]any{"KeyID": keyB, "KeyTag": "mine"}},
		{"/subscriberconsole/resetKey", map[string]any{"CurrentKeyID": keyB, "NewKey": "stolen-key-123"}},
		{"/subscriberconsole/acknowledgeMessageFromVenue", map[string]any{"MessageID": "msg_0000000000000000"}},
		{"/subscriberconsole/confirmResetConsolePassword", map[string]any{"SubscriberToken": tokenB, "OTP": "AAAAAAAA", "NewPassword": "hijacked-pass"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := f.env.Post(tc.path, accessA, tc.body)
			if r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
		})
	}
	keysA := f.env.Post("/subscriberconsole/listKeys", accessA, nil).Must(t, http.StatusOK)
	if keysA.Body["SubscriberToken"] != tokenA || strings.Contains(keysA.Raw, tokenB) || strings.Contains(keysA.Raw, "Subscriber-B-pass") {
		t.Fatalf("listKeys of A shows B: %s", keysA.Raw)
	}
	f.env.Post("/subscriberconsole/login", "", map[string]any{"SubscriberToken": tokenB, "Password": "Subscriber-B-pass"}).Must(t, http.StatusOK)
}

// TestLoginAndOTPGuessingLimited: the sixth wrong password for an account within the
// window is refused with 429 even when the seventh is right; so is the sixth wrong code.
func TestLoginAndOTPGuessingLimited(t *testing.T) {
	f := newFixture(t)
	token, _ := f.activate(t, "Right-Password-1")
	for i := 0; i < 5; i++ {
		f.env.Post("/subscriberconsole/login", "", map[string]any{"SubscriberToken": token, "Password": "wrong-password"}).Must(t, http.StatusUnauthorized)
	}
	limited := f.env.Post("/subscriberconsole/login", "", map[string]any{"SubscriberToken": token, "Password": "Right-Password-1"}).Must(t, http.StatusTooManyRequests)
	if limited.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}

	f.env.Post("/subscriberconsole/initiateResetConsolePassword", "", map[string]any{"SubscriberToken": token}).Must(t, http.StatusOK)
	for i := 0; i < 5; i++ {
		f.env.Post("/subscriberconsole/confirmResetConsolePassword", "", map[string]any{"SubscriberToken": token, "OTP": "ZZZZZZZZ", "NewPassword": "Another-Pass-1"}).
			Must(t, http.StatusUnauthorized)
	}
	f.env.Post("/subscriberconsole/confirmResetConsolePassword", "", map[string]any{"SubscriberToken": token, "OTP": "ZZZZZZZZ", "NewPassword": "Another-Pass-1"}).
		Must(t, http.StatusTooManyRequests)
	if strings.Contains(f.env.Logs.String(), "Right-Password-1") {
		t.Fatal("a password appears in the logs")
	}
}

// TestPassphraseUniquePerSSID: a second key with a passphrase already used on the SSID is
// refused (409 naming NewKey) and writes nothing.
func TestPassphraseUniquePerSSID(t *testing.T) {
	f := newFixture(t)
	f.addSubscriber(t, map[string]any{"NewKey": "Shared-Key-123"})
	before := f.count(t)
	r := f.env.Post("/venuemgmtconsole/subscribers/addSubscriber", f.venueAdminA, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA,
		"EmailAddress": strings.ToLower(servicetest.Unique("second")) + "@home.test", "NewKey": "Shared-Key-123"}).Must(t, http.StatusConflict)
	if r.Body["field"] != nil && r.Body["field"] != "NewKey" || !strings.Contains(r.Raw, "NewKey") {
		t.Fatalf("conflict does not name NewKey: %s", r.Raw)
	}
	if after := f.count(t); after != before {
		t.Fatalf("refused addSubscriber wrote %d vertices", after-before)
	}
	// Another operator's SSID may use the same passphrase.
	f.env.Post("/networkoperatorconsole/subscribers/addKey", f.domainY, map[string]any{"VenueID": f.venueY, "UnitID_internal": f.unitY,
		"EmailAddress": strings.ToLower(servicetest.Unique("y")) + "@home.test", "NewKey": "Shared-Key-123"}).Must(t, http.StatusOK)
}

// TestEraseSubscriber: after deleteSubscriberAccountPermanently nothing names the person:
// no subscriber, key, claim, subscription, message, device or log entry with their token,
// email or name; one audit entry of the erasure remains.
func TestEraseSubscriber(t *testing.T) {
	f := newFixture(t)
	email := strings.ToLower(servicetest.Unique("erase.me")) + "@home.test"
	token, _ := f.addSubscriber(t, map[string]any{"EmailAddress": email, "GivenName": "Erasable", "PhoneNumber": "+15551230000"})
	f.env.Post("/venuemgmtconsole/subscribers/sendMessage", f.venueAdminA, map[string]any{"VenueID": f.venueA, "Subject": "Hi", "Message": "Water off", "EmailAddress": email}).
		Must(t, http.StatusOK)
	f.env.Post("/networkoperatorconsole/admin/deleteSubscriberAccountPermanently", f.domainX, map[string]any{"SubscriberToken": token}).Must(t, http.StatusOK)
	g := f.env.Service.DB.G()
	res, err := g.V().ValueMap().ToList()
	if err != nil {
		t.Fatal(err)
	}
	erasure := 0
	for _, r := range res {
		text := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(strings.ReplaceAll(fmtAny(r.GetInterface()), "[", " "), "]", " ")), " "))
		// Only this run's operator counts: the graph may be a server shared with other runs.
		isErasureEntry := strings.Contains(text, "deleted permanently") && strings.Contains(text, strings.ToLower(f.opX))
		switch {
		case isErasureEntry:
			erasure++
		case (strings.Contains(text, "keyend") || strings.Contains(text, "subscriberaccounterased")) && !strings.Contains(text, email):
			// KeyEnd and SubscriberAccountErased events tell other systems to forget the
			// keys and the person: the random token and sealed keys only, no PII.
		case strings.Contains(text, token) || strings.Contains(text, email) || strings.Contains(text, "erasable") || strings.Contains(text, "15551230000"):
			t.Fatalf("left after erasure: %s", text)
		}
	}
	if erasure != 1 {
		t.Fatalf("%d erasure audit entries, want 1", erasure)
	}
	if n := f.count(t, schema.GraphID(schema.VertexSubscriber, token)); n != 0 {
		t.Fatal("subscriber vertex left")
	}
	// The email is free again.
	f.addSubscriber(t, map[string]any{"EmailAddress": email})
}
