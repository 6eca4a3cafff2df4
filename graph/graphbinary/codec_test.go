package graphbinary

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/graph/value"
)

func mapOf(kv ...any) *value.Map {
	m := value.NewMap(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		m.Put(kv[i], kv[i+1])
	}
	return m
}

func bigInt(s string) *big.Int {
	x, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return x
}

// roundTripCases holds one value of every GraphBinary type this package maps.
func roundTripCases() []struct {
	name string
	in   any
	want any // nil: same as in
} {
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123_000_000, time.UTC)
	cet := time.FixedZone("", 3600)
	return []struct {
		name string
		in   any
		want any
	}{
		{"null", nil, nil},
		{"Int", int32(-42), nil},
		{"Int max", int32(math.MaxInt32), nil},
		{"Long", int64(math.MinInt64), nil},
		{"Go int as Long", 7, int64(7)},
		{"String", "héllo wörld", nil},
		{"empty String", "", nil},
		{"Date", ts, nil},
		{"Timestamp", value.Timestamp(ts), nil},
		{"Class", value.Class("java.lang.String"), nil},
		{"Double", 3.25, nil},
		{"Double NaN-free extreme", math.MaxFloat64, nil},
		{"Float", float32(-1.5), nil},
		{"List", []any{int32(1), "a", nil, []any{int64(2)}}, nil},
		{"empty List", []any{}, nil},
		{"strings as List", []string{"x", "y"}, []any{"x", "y"}},
		{"Map", mapOf("name", "marko", int32(1), []any{"x"}, value.Vertex{ID: "v1", Label: "person"}, int64(2)), nil},
		{"Go map as Map", map[string]any{"b": int32(2), "a": int32(1)}, mapOf("a", int32(1), "b", int32(2))},
		{"Set", value.Set{"a", int32(1)}, nil},
		{"UUID", value.UUID{0x41, 0xd2, 0xe2, 0x8a, 0x20, 0xa4, 0x4a, 0xb0, 0xb1, 0xac, 0x19, 0x98, 0x2a, 0x0e, 0x8c, 0x11}, nil},
		{"Edge", value.Edge{ID: "e7", Label: "knows", OutV: value.Vertex{ID: "v1", Label: "person"}, InV: value.Vertex{ID: int64(2), Label: "person"}}, nil},
		{"Path", value.Path{Labels: [][]string{{"a"}, {}, {"b", "c"}}, Objects: []any{value.Vertex{ID: "v1", Label: "person"}, "x", int32(3)}}, nil},
		{"Property", value.Property{Key: "weight", Value: 0.5}, nil},
		{"Vertex", value.Vertex{ID: "v1", Label: "person"}, nil},
		{"Vertex Long id", value.Vertex{ID: int64(1), Label: "software"}, nil},
		{"VertexProperty", value.VertexProperty{ID: int64(9), Key: "name", Value: "lop"}, nil},
		{"Barrier", value.Barrier("normSack"), nil},
		{"Binding", value.Binding{Key: "x", Value: int32(1)}, nil},
		{"Bytecode", &value.Bytecode{
			Sources: []value.Instruction{{Op: "withStrategies", Args: []any{value.TraversalStrategy{Class: "org.apache.tinkerpop.gremlin.process.traversal.strategy.decoration.OptionsStrategy", Configuration: mapOf("batchSize", int64(10))}}}},
			Steps: []value.Instruction{
				{Op: "V", Args: []any{"v1"}},
				{Op: "has", Args: []any{"age", &value.P{Op: "gt", Values: []any{int32(30)}}}},
				{Op: "where", Args: []any{&value.Bytecode{Steps: []value.Instruction{{Op: "out", Args: []any{}}}, Sources: []value.Instruction{}}}},
				{Op: "count", Args: []any{}},
			}}, nil},
		{"Cardinality", value.Cardinality("single"), nil},
		{"Column", value.Column("keys"), nil},
		{"Direction", value.Direction("OUT"), nil},
		{"Operator", value.Operator("sum"), nil},
		{"Order", value.Order("desc"), nil},
		{"Pick", value.Pick("any"), nil},
		{"Pop", value.Pop("last"), nil},
		{"Lambda", value.Lambda{Language: "gremlin-groovy", Script: "it.get()", Arity: -1}, nil},
		{"P within", &value.P{Op: "within", Values: []any{"a", "b"}}, nil},
		{"P and", &value.P{Op: "and", Values: []any{&value.P{Op: "gt", Values: []any{int32(1)}}, &value.P{Op: "lt", Values: []any{int32(9)}}}}, nil},
		{"Scope", value.Scope("local"), nil},
		{"T", value.T("id"), nil},
		{"Traverser", value.Traverser{Bulk: 3, Value: "x"}, nil},
		{"BigDecimal", value.BigDecimal{Scale: 2, Unscaled: bigInt("-12345678901234567890")}, nil},
		{"BigInteger positive", bigInt("123456789012345678901234567890"), nil},
		{"BigInteger negative", bigInt("-128"), nil},
		{"BigInteger zero", big.NewInt(0), nil},
		{"BigInteger 255", big.NewInt(255), nil},
		{"Byte", int8(-3), nil},
		{"ByteBuffer", []byte{0, 1, 2, 0xff}, nil},
		{"Short", int16(-300), nil},
		{"Boolean true", true, nil},
		{"Boolean false", false, nil},
		{"TextP", &value.TextP{Op: "containing", Values: []any{"ar"}}, nil},
		{"TraversalStrategy", value.TraversalStrategy{Class: "x.ReadOnlyStrategy", Configuration: value.NewMap(0)}, nil},
		{"BulkSet", value.BulkSet{Items: []any{"a", int32(2)}, Bulks: []int64{2, 5}}, nil},
		{"Metrics", value.Metrics{ID: "1", Name: "VertexStep", DurationNs: 99, Counts: mapOf("traverserCount", int64(4)), Annotations: value.NewMap(0),
			Nested: []value.Metrics{{ID: "1.1", Name: "n", Counts: value.NewMap(0), Annotations: value.NewMap(0), Nested: []value.Metrics{}}}}, nil},
		{"Merge", value.Merge("onCreate"), nil},
		{"DT", value.DT("day"), nil},
		{"GType", value.GType("STRING"), nil},
		{"Char ASCII", value.Char('a'), nil},
		{"Char 4 bytes", value.Char('😀'), nil},
		{"Duration", 90*time.Minute + 5*time.Nanosecond, nil},
		{"Duration negative", -1500 * time.Millisecond, nil},
		{"OffsetDateTime", value.OffsetDateTime(time.Date(2023, 12, 31, 23, 59, 58, 7, cet)), nil},
		{"OffsetDateTime UTC", value.OffsetDateTime(ts), nil},
	}
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case *big.Int:
		y, ok := b.(*big.Int)
		return ok && x.Cmp(y) == 0
	case value.BigDecimal:
		y, ok := b.(value.BigDecimal)
		return ok && x.Scale == y.Scale && x.Unscaled.Cmp(y.Unscaled) == 0
	case value.OffsetDateTime:
		y, ok := b.(value.OffsetDateTime)
		_, ox := time.Time(x).Zone()
		_, oy := time.Time(y).Zone()
		return ok && time.Time(x).Equal(time.Time(y)) && ox == oy
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	case value.Timestamp:
		y, ok := b.(value.Timestamp)
		return ok && time.Time(x).Equal(time.Time(y))
	}
	return reflect.DeepEqual(a, b)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range roundTripCases() {
		t.Run(tc.name, func(t *testing.T) {
			enc, err := AppendValue(nil, tc.in)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			got, err := DecodeValue(enc)
			if err != nil {
				t.Fatalf("decode %x: %v", enc, err)
			}
			want := tc.want
			if want == nil {
				want = tc.in
			}
			if !sameValue(got, want) {
				t.Fatalf("round trip of %#v\n got %#v\nwant %#v", tc.in, got, want)
			}
			// Every proper prefix is a truncated value: an error, never a panic.
			for i := 0; i < len(enc); i++ {
				if _, err := DecodeValue(enc[:i]); err == nil {
					t.Fatalf("prefix of %d/%d bytes decoded without error", i, len(enc))
				}
			}
		})
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGoldenBytes checks encodings against the layouts of the GraphBinary v1 specification.
func TestGoldenBytes(t *testing.T) {
	tests := []struct {
		name string
		in   any
		hex  string
	}{
		{"Int", int32(1), "01 00 00000001"},
		{"Long", int64(-2), "02 00 fffffffffffffffe"},
		{"String", "abc", "03 00 00000003 616263"},
		{"null", nil, "fe 01"},
		{"Date", time.UnixMilli(1481750076295).UTC(), "04 00 00000158ff2fdb87"},
		{"Double", 1.0, "07 00 3ff0000000000000"},
		{"List", []any{int32(1), "a"}, "09 00 00000002 01 00 00000001 03 00 00000001 61"},
		{"Vertex", value.Vertex{ID: "v1", Label: "person"}, "11 00 03 00 00000002 7631 00000006 706572736f6e fe 01"},
		{"Edge", value.Edge{ID: int32(7), Label: "e", OutV: value.Vertex{ID: int32(1), Label: "a"}, InV: value.Vertex{ID: int32(2), Label: "b"}},
			"0d 00 01 00 00000007 00000001 65 01 00 00000002 00000001 62 01 00 00000001 00000001 61 fe 01 fe 01"},
		{"Property", value.Property{Key: "k", Value: true}, "0f 00 00000001 6b 27 00 01 fe 01"},
		{"VertexProperty", value.VertexProperty{ID: int64(1), Key: "k", Value: int32(5)},
			"12 00 02 00 0000000000000001 00000001 6b 01 00 00000005 fe 01 fe 01"},
		{"T enum", value.T("id"), "20 00 03 00 00000002 6964"},
		{"Traverser", value.Traverser{Bulk: 1, Value: int64(3)}, "21 00 0000000000000001 02 00 0000000000000003"},
		{"BigInteger -128", big.NewInt(-128), "23 00 00000001 80"},
		{"BigInteger 128", big.NewInt(128), "23 00 00000002 0080"},
		{"Duration", 2*time.Second + 3, "81 00 0000000000000002 00000003"},
		{"P gt", &value.P{Op: "gt", Values: []any{int32(30)}}, "1e 00 00000002 6774 00000001 01 00 0000001e"},
		{"Char é", value.Char('é'), "80 00 c3a9"},
		{"OffsetDateTime", value.OffsetDateTime(time.Date(2020, 1, 2, 0, 0, 1, 0, time.FixedZone("", -3600))),
			"88 00 000007e4 01 02 000000003b9aca00 fffff1f0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := mustHex(t, tc.hex)
			got, err := AppendValue(nil, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("encoding\n got %x\nwant %x", got, want)
			}
			back, err := DecodeValue(want)
			if err != nil || !sameValue(back, tc.in) {
				t.Fatalf("decoding golden bytes: %#v, %v", back, err)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want string
	}{
		{"empty", "", "truncated"},
		{"unknown type", "77 00", "unsupported GraphBinary type code 0x77"},
		{"bad flag", "01 05 00000001", "invalid value flag"},
		{"null type with value flag", "fe 00", "unspecified null"},
		{"hostile list length", "09 00 7fffffff 01 00 00000001", "truncated"},
		{"negative list length", "09 00 ffffffff", "negative List length"},
		{"hostile string length", "03 00 7ffffff0 61", "truncated"},
		{"hostile map length", "0a 00 10000000", "truncated"},
		{"hostile bytecode", "15 00 7fffffff", "truncated"},
		{"bad boolean", "27 00 02", "invalid Boolean"},
		{"enum not a string", "20 00 01 00 00000001", "expected a String"},
		{"bad char", "80 00 ff", "invalid UTF-8"},
		{"custom type", "00 00 00000003 616263", "custom type"},
		{"trailing bytes", "01 00 00000001 00", "trailing"},
		{"hostile BigDecimal scale", "22 00 7fffffff 00000001 01", "scale"},
		{"huge BigInteger", "23 00 00002000" + strings.Repeat("01", 0x2000), "exceeds"},
		{"bad month", "88 00 000007e4 0d 01 0000000000000000 00000000", "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeValue(mustHex(t, tc.hex))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDecodeDepthLimit(t *testing.T) {
	var b []byte
	for i := 0; i < maxDepth+10; i++ {
		b = append(b, byte(TypeList), 0, 0, 0, 0, 1)
	}
	b = append(b, byte(TypeNull), 1)
	_, err := DecodeValue(b)
	if err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("err = %v, want a nesting error", err)
	}
}

func TestEncodeUnsupported(t *testing.T) {
	_, err := AppendValue(nil, []any{struct{}{}})
	var ute *UnsupportedTypeError
	if !errors.As(err, &ute) {
		t.Fatalf("err = %v, want *UnsupportedTypeError", err)
	}
}
