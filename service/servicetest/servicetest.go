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
	"github.com/wifivault/wifivault/internal/redistest"
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
