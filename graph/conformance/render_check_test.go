package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestRender checks the canonical rendering the whole suite compares by; it needs no server.
func TestRender(t *testing.T) {
	mapKey := any(map[any]any{"k": int32(1)})
	tests := []struct {
		name string
		a, b any
		same bool
	}{
		{name: "Int and Long differ", a: int32(1), b: int64(1), same: false},
		{name: "Float and Double differ", a: float32(0.5), b: 0.5, same: false},
		{name: "vertices equal by id", a: vx("1"), b: &gremlingo.Vertex{Element: gremlingo.Element{Id: "1", Label: "person"}}, same: true},
		{name: "vertex and edge with one id differ", a: vx("1"), b: ex("1"), same: false},
		{name: "string ids and numeric ids differ", a: vx("1"), b: vx("01"), same: false},
		{name: "list order matters", a: list("a", "b"), b: list("b", "a"), same: false},
		{name: "empty and nil lists agree", a: []any(nil), b: list(), same: true},
		{name: "set order does not matter", a: set("a", "b"), b: set("b", "a"), same: true},
		{name: "set and list differ", a: set("a"), b: list("a"), same: false},
		{name: "map entry order does not matter", a: kv("a", 1, "b", 2), b: kv("b", 2, "a", 1), same: true},
		{name: "map values keep types", a: kv("a", int32(1)), b: kv("a", int64(1)), same: false},
		{name: "map-valued key through pointer", a: map[any]any{&mapKey: "v"}, b: map[any]any{&mapKey: "v"}, same: true},
		{name: "paths compare objects", a: path(vx("1"), "x"), b: path(vx("1"), "x"), same: true},
		{name: "vertex property key and value", a: vp("age", int32(29)), b: vp("age", int64(29)), same: false},
		{name: "null", a: nil, b: nil, same: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ra, rb := render(tc.a), render(tc.b)
			if (ra == rb) != tc.same {
				t.Errorf("render(a) = %s, render(b) = %s, same = %v, want %v", ra, rb, ra == rb, tc.same)
			}
		})
	}
}
