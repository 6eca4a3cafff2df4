package value

import (
	"math"
	"math/big"
	"testing"
	"time"
)

func TestEqual(t *testing.T) {
	cases := []struct {
		name string
		a, b any
		want bool
	}{
		{"int and long", int32(1), int64(1), true},
		{"long and double", int64(2), 2.0, true},
		{"float and double", float32(0.5), 0.5, true},
		{"byte and bigint", int8(7), big.NewInt(7), true},
		{"decimal and double", BigDecimal{Scale: 1, Unscaled: big.NewInt(15)}, 1.5, true},
		{"different numbers", int32(1), int32(2), false},
		{"NaN is not NaN", math.NaN(), math.NaN(), false},
		{"string and number", "1", int32(1), false},
		{"vertices by id", Vertex{ID: "a", Label: "x"}, Vertex{ID: "a", Label: "y"}, true},
		{"vertex and edge", Vertex{ID: "a"}, Edge{ID: "a"}, false},
		{"lists", []any{int32(1), "a"}, []any{int64(1), "a"}, true},
		{"sets ignore order", Set{"a", "b"}, Set{"b", "a"}, true},
		{"list order matters", []any{"a", "b"}, []any{"b", "a"}, false},
		{"maps", mapOf("a", int32(1)), mapOf("a", int64(1)), true},
		{"nulls", nil, nil, true},
		{"huge decimal scale", BigDecimal{Scale: 1 << 30, Unscaled: big.NewInt(1)}, BigDecimal{Scale: 1 << 30, Unscaled: big.NewInt(1)}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Equal(c.a, c.b); got != c.want {
				t.Fatalf("Equal(%v, %v) = %v", c.a, c.b, got)
			}
			if c.want && Key(c.a) != Key(c.b) && !IsNumber(c.a) {
				t.Fatalf("equal values with different keys: %q %q", Key(c.a), Key(c.b))
			}
		})
	}
}

func mapOf(kv ...any) *Map {
	m := NewMap(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		m.Put(kv[i], kv[i+1])
	}
	return m
}

func TestCompare(t *testing.T) {
	now := time.Now()
	cases := []struct {
		name string
		a, b any
		want int
		ok   bool
	}{
		{"ints", int32(1), int64(2), -1, true},
		{"double and long", 2.5, int64(2), 1, true},
		{"strings", "a", "b", -1, true},
		{"booleans", false, true, -1, true},
		{"dates", now, now.Add(time.Second), -1, true},
		{"string and number do not compare", "a", int32(1), 0, false},
		{"null does not compare", nil, int32(1), 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Compare(c.a, c.b)
			if ok != c.ok || (ok && got != c.want) {
				t.Fatalf("Compare(%v, %v) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestOrder3RanksTypes(t *testing.T) {
	ordered := []any{nil, false, true, int32(-1), 2.5, int64(3), time.Unix(0, 0), "a", "b",
		UUID{1}, Vertex{ID: "v"}, Edge{ID: "e"}, Set{"x"}, []any{"x"}, mapOf("k", "v")}
	for i := 0; i+1 < len(ordered); i++ {
		if c := Order3(ordered[i], ordered[i+1]); c >= 0 {
			t.Fatalf("Order3(%v, %v) = %d, want < 0", ordered[i], ordered[i+1], c)
		}
		if c := Order3(ordered[i+1], ordered[i]); c <= 0 {
			t.Fatalf("Order3(%v, %v) = %d, want > 0", ordered[i+1], ordered[i], c)
		}
	}
}

func TestMapKeepsOrderAndNumberKeys(t *testing.T) {
	m := NewMap(0)
	m.Put("b", 1)
	m.Put(int32(7), "seven")
	m.Put("a", 2)
	if v, ok := m.Get(int64(7)); !ok || v != "seven" {
		t.Fatalf("Get(7L) = %v, %v", v, ok)
	}
	m.Delete("b")
	if got := m.Keys(); len(got) != 2 || got[0] != int32(7) || got[1] != "a" {
		t.Fatalf("keys after delete: %v", got)
	}
}

func TestLargeMapIndex(t *testing.T) {
	m := NewMap(0)
	for i := int32(0); i < 40; i++ {
		m.Put(i, i*2)
	}
	m.Put("s", "x")
	if v, ok := m.Get(int64(33)); !ok || v != int32(66) {
		t.Fatalf("Get(33L) = %v, %v", v, ok)
	}
	m.Delete(int64(5))
	if _, ok := m.Get(int32(5)); ok || m.Len() != 40 {
		t.Fatalf("after delete: len %d", m.Len())
	}
	if v, _ := m.Get(int32(6)); v != int32(12) {
		t.Fatalf("Get(6) = %v after a delete", v)
	}
}

func TestLargeMapNumberKeysOfAnyType(t *testing.T) {
	m := NewMap(0)
	for i := int32(0); i < 20; i++ {
		m.Put(i, "v")
	}
	for _, k := range []any{int64(3), 3.0, float32(3), big.NewInt(3), BigDecimal{Scale: 1, Unscaled: big.NewInt(30)}} {
		if _, ok := m.Get(k); !ok {
			t.Fatalf("Get(%v %T) missed the Int key 3", k, k)
		}
	}
	m.Put(0.5, "half")
	if v, ok := m.Get(BigDecimal{Scale: 1, Unscaled: big.NewInt(5)}); !ok || v != "half" {
		t.Fatalf("0.5 as a BigDecimal: %v %v", v, ok)
	}
	if _, ok := m.Get("3"); ok {
		t.Fatal("the string \"3\" matched the number 3")
	}
}
