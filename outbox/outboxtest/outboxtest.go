// Package outboxtest gives outbox, webhook and notification tests a real graph (the
// embedded engine in memory, served on loopback, with the schema's indexes), a way to
// record events exactly as commands do, and a settable clock.
package outboxtest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/graph"
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Graph starts an in-memory embedded graph for the test and connects to it.
func Graph(t testing.TB) *graphdb.DB {
	t.Helper()
	e, err := graph.Open(graph.Options{Indexes: func(string) []store.Index {
		var out []store.Index
		for _, ix := range schema.Indexes() {
			out = append(out, store.Index{Label: ix.Label, Key: ix.Key, Unique: ix.Unique})
		}
		return out
	}})
	if err != nil {
		t.Fatal(err)
	}
	url, err := e.Start("127.0.0.1:0")
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := graphdb.Open(ctx, graphdb.Options{URL: url})
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(); e.Close() })
	return db
}

// Record writes ev to the outbox with gremlinconsole's WithEvent (the path every command
// uses), as recorded at the given time by a call on operator.
func Record(t testing.TB, db *graphdb.DB, at time.Time, operator string, ev gremlinconsole.Event) {
	t.Helper()
	c := &gremlinconsole.Call{DB: db, Now: at, OperatorID: operator}
	if err := graphdb.Exec(c.WithEvent(db.G().Inject(0), ev)); err != nil {
		t.Fatalf("record %s: %v", ev.Type, err)
	}
}

// Status returns the Status of every outbox event of a type, by Key then time.
func Status(t testing.TB, db *graphdb.DB, eventType string) []string {
	t.Helper()
	res, err := graphdb.All(db.G().V().Has(string(schema.VertexOutboxEvent), "Type", eventType).
		Order().By("dateAddedUTC").Values(string(schema.KeyOutboxState)))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.GetString()
	}
	return out
}

// Clock is a settable clock for dispatcher Options.Now.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
