// Package servicetest runs a whole wifivault service for tests: the API on a loopback
// port, a real redis-server, and the embedded graph (or the Gremlin server named by
// WIFIVAULT_TEST_GRAPH_URL, so the same suites run on JanusGraph).
package servicetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/internal/redistest"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service"
)

// NSP is the bootstrap Network Software Provider account every test service has.
const (
	NSPEmail    = "nsp@wifivault.test"
	NSPPassword = "nsp-password-1"
)

// Env is a running service under test.
type Env struct {
	T       testing.TB
	Service *service.Service
	URL     string
	Logs    *LogBuffer
	client  *http.Client
}

// LogBuffer captures the service's log lines so tests can check what was (not) logged.
type LogBuffer struct {
	mu  chanMutex
	buf bytes.Buffer
}

type chanMutex chan struct{}

func (m chanMutex) lock()   { m <- struct{}{} }
func (m chanMutex) unlock() { <-m }

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.lock()
	defer l.mu.unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *LogBuffer) String() string {
	l.mu.lock()
	defer l.mu.unlock()
	return l.buf.String()
}

// Option changes the configuration before start.
type Option func(*service.Config)

// Start runs a service for the test and stops it at the end.
func Start(t testing.TB, opts ...Option) *Env {
	t.Helper()
	cfg := service.Config{
		HTTPAddr:          "127.0.0.1:0",
		DataDir:           t.TempDir(),
		GraphURL:          os.Getenv("WIFIVAULT_TEST_GRAPH_URL"),
		RedisURL:          "redis://" + redistest.Start(t),
		BootstrapEmail:    NSPEmail,
		BootstrapPassword: NSPPassword,
		Issuer:            "wifivault-test",
		TestPasswordParams: &vaultcrypto.PasswordParams{
			MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32,
		},
		// Tests write the projection directly at times; a reconciliation racing them would
		// undo that. Tests of reconciliation run it themselves.
		TestNoReconcile: true,
	}
	for _, o := range opts {
		o(&cfg)
	}
	logs := &LogBuffer{mu: make(chanMutex, 1)}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := service.Start(ctx, cfg, log)
	if err != nil {
		t.Fatalf("start service: %v\nlogs:\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Logf("shutdown: %v", err)
		}
	})
	return &Env{T: t, Service: s, URL: s.URL(), Logs: logs, client: &http.Client{Timeout: 30 * time.Second}}
}

// Unique returns a name unique to this run (for ids on a shared graph server).
func Unique(prefix string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return prefix + strings.ToUpper(hex.EncodeToString(b[:]))
}

// Response is a decoded API answer.
type Response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
	env    *Env
}

// Post sends a JSON body to path with the token in the body field AccessToken (when not
// empty) and decodes the answer.
func (e *Env) Post(path, token string, body map[string]any) Response {
	e.T.Helper()
	if body == nil {
		body = map[string]any{}
	}
	if token != "" {
		body["AccessToken"] = token
	}
	js, err := json.Marshal(body)
	if err != nil {
		e.T.Fatal(err)
	}
	return e.PostRaw(path, nil, js)
}

// PostRaw sends raw bytes with extra headers.
func (e *Env) PostRaw(path string, header http.Header, raw []byte) Response {
	e.T.Helper()
	req, err := http.NewRequest(http.MethodPost, e.URL+path, bytes.NewReader(raw))
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.T.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := Response{Status: resp.StatusCode, Header: resp.Header, Raw: string(data), env: e}
	if len(data) > 0 && data[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&r.Body); err != nil {
			e.T.Fatalf("POST %s: undecodable answer %q", path, data)
		}
	}
	return r
}

// Login signs an administrator in and returns the access and refresh tokens.
func (e *Env) Login(email, password string) (access, refresh string) {
	e.T.Helper()
	r := e.Post("/auth/login", "", map[string]any{"EmailAddress": email, "Password": password})
	if r.Status != http.StatusOK {
		e.T.Fatalf("login %s: %d %s", email, r.Status, r.Raw)
	}
	ar, _ := r.Body["AuthenticationResult"].(map[string]any)
	access, _ = ar["AccessToken"].(string)
	refresh, _ = ar["RefreshToken"].(string)
	if access == "" || refresh == "" {
		e.T.Fatalf("login %s: no tokens in %s", email, r.Raw)
	}
	return access, refresh
}

// NSP signs the bootstrap Network Software Provider in.
func (e *Env) NSP() string {
	e.T.Helper()
	tok, _ := e.Login(NSPEmail, NSPPassword)
	return tok
}

// Must fails the test unless r has the wanted status. An unexpected 5xx shows the
// service's error log lines, which hold what the answer does not say.
func (r Response) Must(t testing.TB, status int) Response {
	t.Helper()
	if r.Status != status {
		var errs []string
		if r.Status >= 500 && r.env != nil {
			for _, l := range strings.Split(r.env.Logs.String(), "\n") {
				if strings.Contains(l, "level=ERROR") {
					errs = append(errs, l[:min(len(l), 2000)])
				}
			}
		}
		t.Fatalf("status %d, want %d: %s%s", r.Status, status, r.Raw, strings.Join(append([]string{""}, errs...), "\n  "))
	}
	return r
}

// AddOperator adds a network operator with a unique id as nsp and returns its id.
func (e *Env) AddOperator(t testing.TB, nsp string) string {
	t.Helper()
	op := Unique("OP")
	e.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Operator " + op, "EmailAddress": strings.ToLower(op) + "@ops.test", "Password": "first-admin-pw",
	}).Must(t, http.StatusOK)
	return op
}

// AddVenue adds a venue of operator op as nsp and returns its id.
func (e *Env) AddVenue(t testing.TB, nsp, op string) string {
	t.Helper()
	r := e.Post("/networkoperatorconsole/venues/addVenue", nsp, map[string]any{
		"OperatorID": op, "VenueName": "Venue", "AddressLine1": Unique("1 Main St "), "City": "Chicago",
		"State": "Illinois", "Country": "USA", "PostalCode": "60601",
	}).Must(t, http.StatusOK)
	return r.Body["VenueID"].(string)
}

// AddUnit adds a unit with a unique id at venue as nsp and returns its UnitID_internal.
func (e *Env) AddUnit(t testing.TB, nsp, venue string) string {
	t.Helper()
	r := e.Post("/networkoperatorconsole/venues/addVenueUnits", nsp, map[string]any{
		"VenueID": venue, "UnitID": Unique("U"), "UnitBuilding": "1", "UnitFloor": "2",
	}).Must(t, http.StatusOK)
	return r.Body["UnitID_internal"].(string)
}

// AdminPassword is the password of the administrators AddAdmin creates.
const AdminPassword = "staff-password"

// AddAdmin creates administrator a with a unique email and returns an access token.
func (e *Env) AddAdmin(t testing.TB, a identity.Admin) string {
	t.Helper()
	a.Email = strings.ToLower(Unique(string(a.Role))) + "@staff.test"
	if err := e.Service.Admins.Create(context.Background(), a, AdminPassword); err != nil {
		t.Fatal(err)
	}
	tok, _ := e.Login(a.Email, AdminPassword)
	return tok
}

// ProjectedKey waits until cond holds for the projected key (nil when absent); what
// names the awaited change in the failure.
func (e *Env) ProjectedKey(t testing.TB, keyID, what string, cond func(*policycache.Key) bool) *policycache.Key {
	t.Helper()
	r := e.Service.Cache.NewReader()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		k, err := r.Key(context.Background(), keyID)
		if err != nil {
			t.Fatal(err)
		}
		if cond(k) {
			return k
		}
		if time.Now().After(deadline) {
			t.Fatalf("key %s: %s did not happen within 10s (projected: %+v)", keyID, what, k)
		}
	}
}

// Events returns the payloads of the outbox events of a type and ordering key, oldest
// first.
func (e *Env) Events(t testing.TB, typ, key string) []map[string]any {
	t.Helper()
	res, err := e.Service.DB.G().V().HasLabel(gremlinconsole.LabelOutboxEvent).Has("Type", typ).Has(string(schema.KeyOrderingKey), key).
		Order().By(string(schema.KeyDateAddedUTC)).Values("Payload").ToList()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		var m map[string]any
		if err := json.Unmarshal([]byte(r.GetString()), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
