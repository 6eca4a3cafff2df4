package server

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graph/value"
)

var __ = gremlingo.T__

func sequence(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// TestManyBatchesInOrder streams 10,000 results in batches of 64 to gremlin-go.
func TestManyBatchesInOrder(t *testing.T) {
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	got := toList(t, g.With("batchSize", 64).Inject(sequence(10000)...))
	if len(got) != 10000 {
		t.Fatalf("got %d results, want 10000", len(got))
	}
	for i, v := range got {
		if v != int32(i) {
			t.Fatalf("result %d = %v, want %d (order not preserved)", i, v, i)
		}
	}
}

// TestBatchFraming checks the frames themselves: 206 for every full batch, 200 with the
// last (carrying the host attribute), 204 for nothing, batchSize as Int or Long.
func TestBatchFraming(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		batchSize any
		want      []int32 // statuses
		lastLen   int
	}{
		{"10000 by 64 (Long)", 10000, int64(64), append(repeatStatus(StatusPartialContent, 156), StatusSuccess), 16},
		{"exact multiple (Int)", 128, int32(64), []int32{StatusPartialContent, StatusSuccess}, 64},
		{"100 by 64 (Int)", 100, int32(64), []int32{StatusPartialContent, StatusSuccess}, 36},
		{"default batch size", DefaultBatchSize + 36, nil, []int32{StatusPartialContent, StatusSuccess}, 36},
		{"one above a batch of 1000", 1001, int32(1000), []int32{StatusPartialContent, StatusSuccess}, 1},
		{"single", 1, int32(64), []int32{StatusSuccess}, 1},
		{"empty", 0, int32(64), []int32{StatusNoContent}, -1},
	}
	ts := startServer(t, nil)
	c := dialRaw(t, ts.url)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			steps := [][]any{step("inject", sequence(tc.n)...)}
			if tc.n == 0 {
				steps = [][]any{step("V"), step("hasLabel", "nothing")}
			}
			args := map[string]any{"gremlin": bytecode(steps...), "aliases": aliases("g")}
			if tc.batchSize != nil {
				args["batchSize"] = tc.batchSize
			}
			resps := c.roundTrip("bytecode", "traversal", args)
			next := int32(0)
			for i, r := range resps {
				if r.Status != tc.want[min(i, len(tc.want)-1)] || len(resps) != len(tc.want) {
					t.Fatalf("response %d of %d: status %d, want statuses %v", i, len(resps), r.Status, tc.want)
				}
				if r.Status == StatusNoContent {
					if r.Data != nil {
						t.Fatalf("204 with data %v", r.Data)
					}
					continue
				}
				list, ok := r.Data.([]any)
				if !ok {
					t.Fatalf("data %T, want a List", r.Data)
				}
				if r.Status == StatusSuccess && len(list) != tc.lastLen {
					t.Fatalf("last batch has %d results, want %d", len(list), tc.lastLen)
				}
				for _, item := range list {
					tr, ok := item.(value.Traverser)
					if !ok || tr.Bulk != 1 || tr.Value != next {
						t.Fatalf("item %#v, want Traverser{1, %d}", item, next)
					}
					next++
				}
			}
			last := resps[len(resps)-1]
			if len(last.Attributes) != 1 || last.Attributes[0].Key != "host" {
				t.Fatalf("final status attributes %v, want host", last.Attributes)
			}
			if int(next) != tc.n {
				t.Fatalf("got %d results, want %d", next, tc.n)
			}
		})
	}
}

func repeatStatus(s int32, n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestEmptyResultThroughGremlinGo(t *testing.T) {
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	if got := toList(t, g.V().HasLabel("nothing")); len(got) != 0 {
		t.Fatalf("got %v, want no results", got)
	}
	// The connection stays usable after a 204.
	if got := toList(t, g.Inject(int32(7))); len(got) != 1 || got[0] != int32(7) {
		t.Fatalf("got %v, want [7]", got)
	}
}
