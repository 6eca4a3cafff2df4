package conformance

import (
	"strings"
	"sync"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// transactionSupport is whether the server's traversal source supports transactions,
// detected once per run.
var transactionSupport struct {
	once      sync.Once
	supported bool
	detail    string // the server's answer when unsupported, or the detection failure
	failed    bool   // detection itself failed for a reason other than "unsupported"
}

// requireTransactions skips t unless the traversal source under test supports transactions
// (TinkerGraph does not; TinkerTransactionGraph, JanusGraph and the embedded engine do). It
// detects support once per run by committing a transaction through g.Tx(), and fails t when
// the detection breaks for any other reason than the server saying it has no transactions.
func requireTransactions(t *testing.T) {
	t.Helper()
	startServer(t)
	transactionSupport.once.Do(func() {
		url := startServer(t)
		conn, err := gremlingo.NewDriverRemoteConnection(url, func(s *gremlingo.DriverRemoteConnectionSettings) {
			s.TraversalSource = graphSource()
			s.LogVerbosity = gremlingo.Off
		})
		if err != nil {
			transactionSupport.failed, transactionSupport.detail = true, err.Error()
			return
		}
		defer conn.Close()
		tx := gremlingo.Traversal_().WithRemote(conn).Tx()
		gtx, err := tx.Begin()
		if err != nil {
			transactionSupport.failed, transactionSupport.detail = true, err.Error()
			return
		}
		if _, err = gtx.Inject(1).ToList(); err == nil {
			err = tx.Commit()
		} else if tx.IsOpen() {
			_ = tx.Close()
		}
		switch {
		case err == nil:
			transactionSupport.supported = true
		case strings.Contains(strings.ToLower(err.Error()), "does not support transactions"):
			transactionSupport.detail = err.Error()
		default:
			transactionSupport.failed, transactionSupport.detail = true, err.Error()
		}
	})
	if transactionSupport.failed {
		t.Fatalf("detecting transaction support: %s", transactionSupport.detail)
	}
	if !transactionSupport.supported {
		t.Skipf("traversal source %q has no transactions: %.120s", graphSource(), transactionSupport.detail)
	}
}

// countOf returns the number of vertices with the given ids that trav's source sees.
func countOf(t testing.TB, g *G, ids ...any) int64 {
	t.Helper()
	got := mustResults(t, g.V(ids...).Count())
	n, ok := got[0].(int64)
	if !ok {
		t.Fatalf("count returned %T", got[0])
	}
	return n
}

// TestTransactionCommit checks that a transaction's writes are visible inside it, invisible to
// other clients until commit, and visible to everyone after.
func TestTransactionCommit(t *testing.T) {
	requireTransactions(t)
	g := source(t)
	tx := g.Tx()
	gtx, err := tx.Begin()
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	iterate(t, gtx.AddV("tx").Property(T.Id, uid("tx-1")))
	if n := countOf(t, gtx, uid("tx-1")); n != 1 {
		t.Errorf("inside the transaction: count %d, want 1", n)
	}
	if n := countOf(t, g, uid("tx-1")); n != 0 {
		t.Errorf("outside before commit: count %d, want 0", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
	if n := countOf(t, g, uid("tx-1")); n != 1 {
		t.Errorf("after commit: count %d, want 1", n)
	}
}

// TestTransactionRollback checks that rollback discards a transaction's writes.
func TestTransactionRollback(t *testing.T) {
	requireTransactions(t)
	g := source(t)
	iterate(t, g.AddV("tx").Property(T.Id, uid("keep")).Property("name", "before"))
	tx := g.Tx()
	gtx, err := tx.Begin()
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	iterate(t, gtx.AddV("tx").Property(T.Id, uid("tx-2")))
	iterate(t, gtx.V(uid("keep")).Property(gremlingo.Cardinality.Single, "name", "inside"))
	if err := tx.Rollback(); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	if n := countOf(t, g, uid("tx-2")); n != 0 {
		t.Errorf("added vertex after rollback: count %d, want 0", n)
	}
	assertResults(t, "property after rollback", mustResults(t, g.V(uid("keep")).Values("name")), strs("before"), false)
}

// TestTransactionConflict runs two transactions that write the same vertex property: the first
// to commit wins and the other fails, either at its write (a lock) or at its commit.
func TestTransactionConflict(t *testing.T) {
	requireTransactions(t)
	requireConflictDetection(t)
	g := source(t)
	iterate(t, g.AddV("tx").Property(T.Id, uid("shared")).Property("owner", "nobody"))
	first, second := g.Tx(), g.Tx()
	g1, err := first.Begin()
	if err != nil {
		t.Fatalf("begin first: %v", err)
	}
	g2, err := second.Begin()
	if err != nil {
		t.Fatalf("begin second: %v", err)
	}
	iterate(t, g1.V(uid("shared")).Property(gremlingo.Cardinality.Single, "owner", "first"))
	// The second write may block on a lock until the first commits, so it runs aside; the
	// first commits once the second write is done or has been blocked for a while.
	secondWrite := make(chan error, 1)
	go func() {
		secondWrite <- <-g2.V(uid("shared")).Property(gremlingo.Cardinality.Single, "owner", "second").Iterate()
	}()
	var secondErr error
	secondDone := false
	select {
	case secondErr = <-secondWrite:
		secondDone = true
	case <-time.After(2 * time.Second):
	}
	if err := first.Commit(); err != nil {
		t.Fatalf("first commit: %v", err)
	}
	if !secondDone {
		select {
		case secondErr = <-secondWrite:
		case <-time.After(30 * time.Second):
			t.Fatal("second transaction's write still blocked 30s after the first committed")
		}
	}
	if secondErr == nil {
		secondErr = second.Commit()
	} else if second.IsOpen() {
		_ = second.Rollback()
	}
	if secondErr == nil {
		t.Error("second transaction committed a write that conflicts with the first's")
	}
	assertResults(t, "owner after both", mustResults(t, g.V(uid("shared")).Values("owner")), strs("first"), false)
}
