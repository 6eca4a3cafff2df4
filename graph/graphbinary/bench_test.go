package graphbinary

import (
	"fmt"
	"testing"

	"github.com/wifivault/wifivault/graph/value"
)

// BenchmarkAppendTraversers encodes a response of 64 small valueMap traversers into a
// pooled buffer, as the server does for each batch.
func BenchmarkAppendTraversers(b *testing.B) {
	ts := make([]value.Traverser, 64)
	for i := range ts {
		ts[i] = value.Traverser{Bulk: 1, Value: mapOf("name", []any{fmt.Sprintf("unit %d", i)}, "floor", []any{int32(i)})}
	}
	b.ReportAllocs()
	for b.Loop() {
		buf := GetBuffer()
		var err error
		buf.B, err = AppendResponseHeader(buf.B, capturedID, 206, "", nil, nil)
		if err == nil {
			buf.B, err = AppendTraversers(buf.B, ts)
		}
		if err != nil {
			b.Fatal(err)
		}
		PutBuffer(buf)
	}
}

// BenchmarkParseRequest parses the request of g.V(id).valueMap() as gremlin-go frames it.
func BenchmarkParseRequest(b *testing.B) {
	req := &Request{ID: capturedID, Op: "bytecode", Processor: "traversal", Args: map[string]any{
		"gremlin": &value.Bytecode{Steps: []value.Instruction{{Op: "V", Args: []any{"u17"}}, {Op: "valueMap", Args: []any{}}}},
		"aliases": mapOf("g", "g"),
	}}
	frame, err := AppendRequest(nil, req)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRequest(frame); err != nil {
			b.Fatal(err)
		}
	}
}
