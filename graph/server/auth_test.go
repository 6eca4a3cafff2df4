package server

import (
	"encoding/base64"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

func TestSASLThroughGremlinGo(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Authenticate = func(user, pass string) bool { return user == "stephen" && pass == "password" }
	})
	tests := []struct {
		name    string
		auth    gremlingo.AuthInfoProvider
		wantErr string // "" for success
	}{
		{"right password", gremlingo.BasicAuthInfo("stephen", "password"), ""},
		{"wrong password", gremlingo.BasicAuthInfo("stephen", "guess"), "incorrect"},
		{"unknown user", gremlingo.BasicAuthInfo("mallory", "password"), "incorrect"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _ := connect(t, ts.url, "g", func(s *gremlingo.DriverRemoteConnectionSettings) {
				s.AuthInfo = tc.auth
			})
			rs, err := g.Inject(int32(1), int32(2)).ToList()
			if tc.wantErr == "" {
				if err != nil || len(rs) != 2 {
					t.Fatalf("got %v, %v; want 2 results", rs, err)
				}
				// Later requests on the authenticated connection run directly.
				if got := toList(t, g.Inject("again")); len(got) != 1 {
					t.Fatalf("second request got %v", got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestSASLFlowFrames checks the exchange frame by frame: 407 on the original id, no answer
// to the authentication request itself, then the original request's results (or 401).
func TestSASLFlowFrames(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Authenticate = func(user, pass string) bool { return user == "u" && pass == "p" }
	})
	tests := []struct {
		name   string
		sasl   string
		status int32
	}{
		{"accepted", "\x00u\x00p", StatusSuccess},
		{"rejected", "\x00u\x00x", StatusUnauthorized},
		{"not PLAIN", "u:p", StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := dialRaw(t, ts.url)
			id := c.send("bytecode", "traversal", map[string]any{"gremlin": bytecode(step("inject", int32(9))), "aliases": aliases("g")})
			if r := c.read(); r.Status != StatusAuthenticate || r.RequestID != id {
				t.Fatalf("first response %d for %x, want 407 for %x", r.Status, r.RequestID, id)
			}
			c.send("authentication", "traversal", map[string]any{"sasl": base64.StdEncoding.EncodeToString([]byte(tc.sasl))})
			r := c.read()
			if r.RequestID != id || r.Status != tc.status {
				t.Fatalf("response %d for %x, want %d for the original request %x", r.Status, r.RequestID, tc.status, id)
			}
		})
	}
}

// TestNoCredentialsRunsNothing: a client that never authenticates gets 407 and its request
// does not run. (Through gremlin-go this path ends in E0503 inside the driver, whose
// connection teardown on that path races with Close under -race, so it is checked raw.)
func TestNoCredentialsRunsNothing(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Authenticate = func(user, pass string) bool { return true }
	})
	c := dialRaw(t, ts.url)
	id := c.send("bytecode", "traversal", map[string]any{"gremlin": bytecode(step("addV", "intruder")), "aliases": aliases("g")})
	if r := c.read(); r.Status != StatusAuthenticate || r.RequestID != id {
		t.Fatalf("response %d for %x, want 407 for %x", r.Status, r.RequestID, id)
	}
	c.ws.Close()
	waitFor(t, func() bool { s := ts.srv.Stats(); return s.ConnectionsClosed == s.ConnectionsOpened })
	if n := ts.graphs["g"].Read().CountVertices(); n != 0 {
		t.Fatalf("%d vertices written without credentials, want 0", n)
	}
}
