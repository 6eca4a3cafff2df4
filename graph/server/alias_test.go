package server

import (
	"strings"
	"testing"

	"github.com/wifivault/wifivault/graph/value"
)

func txBytecode(op string) *value.Bytecode {
	return &value.Bytecode{Sources: []value.Instruction{{Op: "tx", Args: []any{op}}}, Steps: []value.Instruction{}}
}

func TestNamedGraphsIsolated(t *testing.T) {
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	g2, _ := connect(t, ts.url, "g2")
	toList(t, g2.AddV("venue").Property("name", "only in g2"))
	if n := countLabel(t, g, "venue"); n != 0 {
		t.Fatalf("g sees %d venues, want 0", n)
	}
	if n := countLabel(t, g2, "venue"); n != 1 {
		t.Fatalf("g2 sees %d venues, want 1", n)
	}
	nope, _ := connect(t, ts.url, "nope")
	_, err := nope.V().ToList()
	if err == nil || !strings.Contains(err.Error(), "Could not alias") {
		t.Fatalf("unknown alias: err = %v", err)
	}
}

func TestEvaluationTimeoutThroughGremlinGo(t *testing.T) {
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	_, err := longCount(g.With("evaluationTimeout", 50), 2_000_000_000).ToList()
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("err = %v, want an evaluation timeout", err)
	}
	// A timed-out mutation leaves nothing behind.
	_, err = g.With("evaluationTimeout", 50).AddV("account").Repeat(__.Identity()).Times(2_000_000_000).ToList()
	if err == nil {
		t.Fatal("mutation did not time out")
	}
	if n := countLabel(t, g, "account"); n != 0 {
		t.Fatalf("%d accounts after a timed-out addV, want 0", n)
	}
}
