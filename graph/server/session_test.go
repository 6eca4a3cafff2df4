package server

import (
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

func countLabel(t *testing.T, g *gremlingo.GraphTraversalSource, label string) int64 {
	t.Helper()
	got := toList(t, g.V().HasLabel(label).Count())
	if len(got) != 1 {
		t.Fatalf("count returned %v", got)
	}
	return got[0].(int64)
}

func TestSessionTransactions(t *testing.T) {
	tests := []struct {
		name      string
		end       func(tx *gremlingo.Transaction) error
		wantAfter int64
	}{
		{"commit is visible", (*gremlingo.Transaction).Commit, 1},
		{"rollback is discarded", (*gremlingo.Transaction).Rollback, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, nil)
			g, _ := connect(t, ts.url, "g")
			tx := g.Tx()
			gtx, err := tx.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if err := <-gtx.AddV("account").Property("name", "a1").Iterate(); err != nil {
				t.Fatal(err)
			}
			if n := countLabel(t, gtx, "account"); n != 1 {
				t.Fatalf("inside the transaction: %d accounts, want 1", n)
			}
			if n := countLabel(t, g, "account"); n != 0 {
				t.Fatalf("outside before the end: %d accounts, want 0", n)
			}
			if err := tc.end(tx); err != nil {
				t.Fatal(err)
			}
			if n := countLabel(t, g, "account"); n != tc.wantAfter {
				t.Fatalf("after: %d accounts, want %d", n, tc.wantAfter)
			}
			waitFor(t, func() bool { s := ts.srv.Stats(); return s.SessionsClosed == s.SessionsOpened && s.SessionsOpened == 1 })
		})
	}
}

// TestSessionRolledBackWhenSocketCloses writes in a session, then drops the socket.
func TestSessionRolledBackWhenSocketCloses(t *testing.T) {
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	c := dialRaw(t, ts.url)
	resps := c.roundTrip("bytecode", "session", map[string]any{
		"gremlin": bytecode(step("addV", "account"), step("property", "name", "x")),
		"aliases": aliases("g"), "session": "6c3e1a4e-0000-4000-8000-000000000001"})
	if last := resps[len(resps)-1]; last.Status != StatusSuccess {
		t.Fatalf("addV in session: %d %s", last.Status, last.Message)
	}
	c.ws.Close()
	waitFor(t, func() bool { return ts.srv.Stats().SessionsClosed == 1 })
	if n := countLabel(t, g, "account"); n != 0 {
		t.Fatalf("%d accounts after the socket closed mid-transaction, want 0", n)
	}
}

func TestSessionIdleTimeout(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.SessionTimeout = 100 * time.Millisecond })
	g, _ := connect(t, ts.url, "g")
	c := dialRaw(t, ts.url)
	c.roundTrip("bytecode", "session", map[string]any{
		"gremlin": bytecode(step("addV", "account")), "aliases": aliases("g"), "session": "idle"})
	waitFor(t, func() bool { return ts.srv.Stats().SessionsExpired == 1 })
	// Committing now commits nothing: the expired transaction was rolled back.
	resps := c.roundTrip("bytecode", "session", map[string]any{
		"gremlin": txBytecode("commit"), "aliases": aliases("g"), "session": "idle"})
	if s := resps[0].Status; s != StatusNoContent {
		t.Fatalf("commit status %d, want 204", s)
	}
	if n := countLabel(t, g, "account"); n != 0 {
		t.Fatalf("%d accounts after an expired session, want 0", n)
	}
}

func TestCloseOpRollsBack(t *testing.T) {
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	c := dialRaw(t, ts.url)
	c.roundTrip("bytecode", "session", map[string]any{"gremlin": bytecode(step("addV", "account")), "aliases": aliases("g"), "session": "s1"})
	if r := c.roundTrip("close", "session", map[string]any{"session": "s1"}); r[0].Status != StatusNoContent {
		t.Fatalf("close status %d, want 204", r[0].Status)
	}
	if r := c.roundTrip("close", "session", map[string]any{"session": "unknown"}); r[0].Status != StatusNoContent {
		t.Fatalf("close of an unknown session: %d, want 204", r[0].Status)
	}
	if n := countLabel(t, g, "account"); n != 0 {
		t.Fatalf("%d accounts after close, want 0", n)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
