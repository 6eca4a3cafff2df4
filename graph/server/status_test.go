package server

import (
	"errors"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/graph/value"
)

// TestStatusCodes checks the status and message of requests that do not succeed.
func TestStatusCodes(t *testing.T) {
	parse := func(script string, _ map[string]any) (*value.Bytecode, error) {
		if script == "g.inject(1)" {
			return bytecode(step("inject", int32(1))), nil
		}
		return nil, errors.New("cannot parse script")
	}
	tests := []struct {
		name      string
		parser    bool
		op, proc  string
		args      map[string]any
		status    int32
		msgSubstr string
	}{
		{"fail step", false, "bytecode", "traversal", map[string]any{"gremlin": bytecode(step("inject", int32(1)), step("fail", "precondition broken")), "aliases": aliases("g")},
			StatusFailStep, "precondition broken"},
		{"evaluation timeout", false, "bytecode", "traversal", map[string]any{
			"gremlin":           bytecode(step("inject", int32(1)), step("repeat", bytecode(step("identity"))), step("times", int32(2_000_000_000)), step("count")),
			"aliases":           aliases("g"),
			"evaluationTimeout": int64(50)}, StatusEvaluationTimeout, "evaluationTimeout"},
		{"unknown step", false, "bytecode", "traversal", map[string]any{"gremlin": bytecode(step("noSuchStep")), "aliases": aliases("g")},
			StatusEvaluationError, "noSuchStep"},
		{"missing gremlin", false, "bytecode", "traversal", map[string]any{"aliases": aliases("g")}, StatusInvalidRequestArgs, "gremlin argument"},
		{"gremlin of wrong type", false, "bytecode", "traversal", map[string]any{"gremlin": "g.V()"}, StatusInvalidRequestArgs, "Bytecode"},
		{"unknown alias", false, "bytecode", "traversal", map[string]any{"gremlin": bytecode(step("V")), "aliases": aliases("nope")},
			StatusInvalidRequestArgs, "Could not alias [g] to [nope]"},
		{"aliases without g", false, "bytecode", "traversal", map[string]any{"gremlin": bytecode(step("V")), "aliases": value.NewMap(0)},
			StatusInvalidRequestArgs, "aliases"},
		{"bad batchSize", false, "bytecode", "traversal", map[string]any{"gremlin": bytecode(step("V")), "batchSize": "ten"},
			StatusInvalidRequestArgs, "batchSize"},
		{"bad evaluationTimeout", false, "bytecode", "traversal", map[string]any{"gremlin": bytecode(step("V")), "evaluationTimeout": int64(-1)},
			StatusInvalidRequestArgs, "evaluationTimeout"},
		{"unknown processor", false, "bytecode", "olap", map[string]any{"gremlin": bytecode(step("V"))}, StatusInvalidRequestArgs, `processor "olap"`},
		{"session without id", false, "bytecode", "session", map[string]any{"gremlin": bytecode(step("V"))}, StatusInvalidRequestArgs, "session argument"},
		{"tx outside a session", false, "bytecode", "traversal", map[string]any{"gremlin": &value.Bytecode{Sources: []value.Instruction{{Op: "tx", Args: []any{"commit"}}}}},
			StatusInvalidRequestArgs, "session"},
		{"unknown op", false, "gremlinate", "traversal", map[string]any{}, StatusInvalidRequestArgs, `op "gremlinate"`},
		{"eval without parser", false, "eval", "", map[string]any{"gremlin": "g.V()"}, StatusInvalidRequestArgs, "script evaluation is not supported; send bytecode"},
		{"eval parse error", true, "eval", "", map[string]any{"gremlin": "g.V(("}, StatusEvaluationError, "cannot parse script"},
		{"authentication when off", false, "authentication", "traversal", map[string]any{"sasl": "AHUAcA=="}, StatusInvalidRequestArgs, "not enabled"},
	}
	plain := startServer(t, nil)
	withParser := startServer(t, func(c *Config) { c.ScriptParser = parse })
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := plain.url
			if tc.parser {
				url = withParser.url
			}
			c := dialRaw(t, url)
			resps := c.roundTrip(tc.op, tc.proc, tc.args)
			last := resps[len(resps)-1]
			if last.Status != tc.status || !strings.Contains(last.Message, tc.msgSubstr) {
				t.Fatalf("status %d %q, want %d containing %q", last.Status, last.Message, tc.status, tc.msgSubstr)
			}
		})
	}
}

// TestEvalWithParser runs a script through Config.ScriptParser; eval answers plain values.
func TestEvalWithParser(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.ScriptParser = func(script string, bindings map[string]any) (*value.Bytecode, error) {
			return bytecode(step("inject", bindings["x"]), step("inject", script)), nil
		}
	})
	c := dialRaw(t, ts.url)
	b := value.NewMap(1)
	b.Put("x", int32(5))
	resps := c.roundTrip("eval", "", map[string]any{"gremlin": "script", "bindings": b, "aliases": aliases("g")})
	last := resps[len(resps)-1]
	got, _ := last.Data.([]any)
	if last.Status != StatusSuccess || len(got) != 2 || got[0] != "script" || got[1] != int32(5) {
		t.Fatalf("status %d data %#v, want 200 [script 5]", last.Status, last.Data)
	}
}
