package webhooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/outbox/outboxtest"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/webhooks"
)

var t0 = time.Now().UTC().Truncate(time.Millisecond)

func ring(t *testing.T) *vaultcrypto.KeyRing {
	t.Helper()
	r, err := vaultcrypto.NewKeyRing(bytes.Repeat([]byte{7}, vaultcrypto.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// receiver is a webhook endpoint that verifies every request and can be down.
type receiver struct {
	t      *testing.T
	secret string
	mu     sync.Mutex
	down   bool
	got    []received
	forged int
}

type received struct {
	id   string
	body map[string]any
	raw  []byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if err := webhooks.Verify(rc.secret, r.Header.Get(webhooks.SignatureHeader), raw, 5*time.Minute); err != nil {
		rc.forged++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		rc.t.Errorf("undecodable body %q", raw)
	}
	rc.got = append(rc.got, received{id: r.Header.Get(webhooks.EventIDHeader), body: body, raw: raw})
	_, _ = w.Write([]byte("Accepted"))
}

func (rc *receiver) setDown(v bool) { rc.mu.Lock(); rc.down = v; rc.mu.Unlock() }

func addOperator(t *testing.T, db *graphdb.DB, kr *vaultcrypto.KeyRing, id, url, secret string) {
	t.Helper()
	single := gremlingo.Cardinality.Single
	tr := db.G().AddV(string(schema.VertexOperator)).Property(gremlingo.T.Id, schema.GraphID(schema.VertexOperator, id)).
		Property(single, "OperatorID", id)
	if url != "" {
		tr = tr.Property(single, webhooks.KeyWebhookURL, url)
	}
	if secret != "" {
		sealed, err := webhooks.SealSigningSecret(kr, secret)
		if err != nil {
			t.Fatal(err)
		}
		tr = tr.Property(single, webhooks.KeySigningSecret, sealed)
	}
	if err := graphdb.Exec(tr); err != nil {
		t.Fatal(err)
	}
}

func setURL(t *testing.T, db *graphdb.DB, id, url string) {
	t.Helper()
	if err := graphdb.Exec(db.G().V(schema.GraphID(schema.VertexOperator, id)).Property(gremlingo.Cardinality.Single, webhooks.KeyWebhookURL, url)); err != nil {
		t.Fatal(err)
	}
}

func drain(t *testing.T, d *outbox.Dispatcher, clock *outboxtest.Clock) {
	t.Helper()
	idle := 0
	for i := 0; i < 300 && idle < 2; i++ {
		n, err := d.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			idle++
			clock.Advance(time.Minute)
		} else {
			idle = 0
		}
	}
}

func keyStart(t *testing.T, kr *vaultcrypto.KeyRing, sub string, seq int) map[string]any {
	sealed, err := outbox.Seal(kr, fmt.Sprintf("secret-psk-%s-%d", sub, seq))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{
		"VenueID": "VENUE1", "VenueName": "Venue One", "UnitID_internal": "VENUE1.101.1.1", "UnitID": "101",
		"UnitBuilding": "1", "UnitFloor": "1", "vlan": 1282, "SubscriberToken": sub, "ServicePlanID": "PLAN",
		"ssid": "VAULT", "purpose": "wiredunit", "psk.sealed": sealed, "Seq": seq, "PasswordHash": "must-not-leak",
	}
}

func TestReceiverDownThenBackReceivesEveryEventOnceInOrderPerSubscriber(t *testing.T) {
	db := outboxtest.Graph(t)
	kr := ring(t)
	clock := outboxtest.NewClock(t0)
	const secret = "whsec_test-secret-value"
	rc := &receiver{t: t, secret: secret, down: true}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	// First the receiver's host refuses connections, then it answers 503, then it is back.
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedURL := "http://" + refused.Addr().String() + "/hook"
	refused.Close()
	addOperator(t, db, kr, "OP1", refusedURL, secret)

	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	disp := outbox.New(db, outbox.Options{Now: clock.Now, Log: log, BaseBackoff: time.Second, MaxBackoff: time.Minute})
	(&webhooks.Deliverer{DB: db, Secrets: kr, Log: log, Now: clock.Now}).Register(disp)

	subs := []string{"SUB-A", "SUB-B", "SUB-C"}
	want := map[string][]float64{}
	for i := 0; i < 9; i++ {
		sub := subs[i%3]
		typ := "KeyStart"
		if i >= 6 {
			typ = "KeyEnd"
		}
		outboxtest.Record(t, db, t0.Add(time.Duration(i)*time.Millisecond), "OP1",
			gremlinconsole.Event{Type: typ, Key: sub, Payload: keyStart(t, kr, sub, i)})
		want[sub] = append(want[sub], float64(i))
	}
	for i := 0; i < 3; i++ {
		if _, err := disp.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	setURL(t, db, "OP1", srv.URL+"/hook")
	for i := 0; i < 3; i++ {
		if _, err := disp.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	rc.setDown(false)
	drain(t, disp, clock)

	if rc.forged != 0 {
		t.Errorf("%d requests failed verification", rc.forged)
	}
	got := map[string][]float64{}
	ids := map[string]int{}
	for _, r := range rc.got {
		ids[r.id]++
		p := r.body["Payload"].(map[string]any)
		sub := p["SubscriberToken"].(string)
		// Seq is not a seeds field, so it is not sent: recover it from the psk.
		var seq int
		fmt.Sscanf(strings.TrimPrefix(p["psk"].(string), "secret-psk-"+sub+"-"), "%d", &seq)
		got[sub] = append(got[sub], float64(seq))
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("event %s received %d times", id, n)
		}
	}
	if len(ids) != 9 {
		t.Errorf("received %d distinct events, want 9", len(ids))
	}
	for sub, w := range want {
		if fmt.Sprint(got[sub]) != fmt.Sprint(w) {
			t.Errorf("%s received %v, want %v", sub, got[sub], w)
		}
	}
	// The body is the seeds' envelope with exactly the seeds' fields, in order.
	first := rc.got[0]
	if !bytes.HasPrefix(first.raw, []byte(`{"dateAddedUTC.ISO8601":`)) || first.body["Type"] != "KeyStart" || first.body["WebhookURL"] != srv.URL+"/hook" {
		t.Errorf("envelope %s", first.raw)
	}
	var names []string
	for _, f := range webhooks.PayloadFields("KeyStart") {
		names = append(names, `"`+f.Name+`":`)
	}
	payload := string(first.raw[bytes.Index(first.raw, []byte(`"Payload":`))+len(`"Payload":`):])
	pos := 0
	for _, n := range names {
		i := strings.Index(payload[pos:], n)
		if i < 0 {
			t.Fatalf("payload field %s missing or out of order in %s", n, payload)
		}
		pos += i + len(n)
	}
	if strings.Contains(string(first.raw), "PasswordHash") || strings.Contains(string(first.raw), "Seq") || strings.Contains(string(first.raw), ".sealed") {
		t.Errorf("payload carries fields the seeds do not list: %s", first.raw)
	}
	// Delivery records: every event delivered, the first ones after several attempts, psk masked.
	recs, err := webhooks.ListDeliveries(context.Background(), db, webhooks.Query{OperatorID: "OP1", VenueID: "VENUE1", From: 0, To: clock.Now().UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 9 {
		t.Fatalf("%d delivery records, want 9", len(recs))
	}
	for _, r := range recs {
		if r["Status"] != webhooks.DeliveryDelivered || fmt.Sprint(r["webhookresponse"]) != "[Accepted]" || r["ResponseCode"] != int64(200) {
			t.Errorf("record %v", r)
		}
		if psk := r["Payload"].(map[string]any)["psk"].(string); strings.HasPrefix(psk, "secret-psk") {
			t.Errorf("delivery record keeps the psk in clear: %q", psk)
		}
	}
	if a := recs[0]["Attempts"].(int64); a < 4 {
		t.Errorf("first event delivered at attempt %d; the receiver was down for 6 passes", a)
	}
	// No psk, signing secret or receiver URL token in any log line.
	for _, bad := range []string{"secret-psk", secret, "/hook"} {
		if strings.Contains(logs.String(), bad) {
			t.Errorf("log contains %q:\n%s", bad, logs.String())
		}
	}
}

func TestDeliveryPreconditions(t *testing.T) {
	for _, tc := range []struct {
		name, url, secret string
		wantRequests      int
		wantStatus        string
	}{
		{"no WebhookURL: nothing sent, event done", "", "whsec_x", 0, outbox.StatusDelivered},
		{"no signing secret: not sent, retried until dead", "set", "", 0, outbox.StatusDead},
		{"wrong secret: receiver rejects, retried until dead", "set", "whsec_other", 3, outbox.StatusDead},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := outboxtest.Graph(t)
			kr := ring(t)
			clock := outboxtest.NewClock(t0)
			rc := &receiver{t: t, secret: "whsec_receiver"}
			requests := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests++
				rc.ServeHTTP(w, r)
			}))
			defer srv.Close()
			url := tc.url
			if url == "set" {
				url = srv.URL
			}
			addOperator(t, db, kr, "OP1", url, tc.secret)
			disp := outbox.New(db, outbox.Options{Now: clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxAttempts: 3})
			(&webhooks.Deliverer{DB: db, Secrets: kr, Now: clock.Now}).Register(disp)
			outboxtest.Record(t, db, t0, "OP1", gremlinconsole.Event{Type: "VenueUnitAdded", Key: "U1", Payload: map[string]any{"VenueID": "V1"}})
			drain(t, disp, clock)
			if requests != tc.wantRequests || len(rc.got) != 0 {
				t.Errorf("%d requests (%d accepted), want %d", requests, len(rc.got), tc.wantRequests)
			}
			if s := outboxtest.Status(t, db, "VenueUnitAdded"); fmt.Sprint(s) != "["+tc.wantStatus+"]" {
				t.Errorf("status %v, want %s", s, tc.wantStatus)
			}
		})
	}
}
