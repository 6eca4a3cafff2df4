package graphbinary

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/wifivault/wifivault/graph/value"
)

// maxDepth bounds the nesting of containers and child traversals, in both directions, so a
// hostile frame cannot exhaust the stack and a cyclic value cannot loop forever.
const maxDepth = 200

// UnsupportedTypeError reports a Go value that has no GraphBinary encoding.
type UnsupportedTypeError struct{ Value any }

func (e *UnsupportedTypeError) Error() string {
	return fmt.Sprintf("graphbinary: no GraphBinary type for Go type %T", e.Value)
}

// AppendValue appends v to b fully qualified ({type_code}{value_flag}{value}) and returns
// the extended slice. The doc comment of the package lists the Go types it accepts; any
// other type is an *UnsupportedTypeError (b is then returned unchanged in length up to the
// offending value, and must be discarded).
func AppendValue(b []byte, v any) ([]byte, error) {
	return appendValue(b, v, 0)
}

func appendValue(b []byte, v any, depth int) ([]byte, error) {
	// The hot types are handled here with a small stack frame (this function recurses);
	// the rest go to appendOther.
	switch x := v.(type) {
	case nil:
		return append(b, byte(TypeNull), flagNull), nil
	case string:
		return appendString(append(b, byte(TypeString), flagValue), x), nil
	case int32:
		return appendInt32(append(b, byte(TypeInt), flagValue), x), nil
	case int64:
		return appendInt64(append(b, byte(TypeLong), flagValue), x), nil
	case int:
		return appendInt64(append(b, byte(TypeLong), flagValue), int64(x)), nil
	case float64:
		return appendInt64(append(b, byte(TypeDouble), flagValue), int64(math.Float64bits(x))), nil
	case bool:
		c := byte(0)
		if x {
			c = 1
		}
		return append(b, byte(TypeBoolean), flagValue, c), nil
	case []any:
		if depth >= maxDepth {
			return b, errTooDeep()
		}
		return appendList(append(b, byte(TypeList), flagValue), x, depth)
	case *value.Map:
		if x == nil {
			return append(b, byte(TypeMap), flagNull), nil
		}
		if depth >= maxDepth {
			return b, errTooDeep()
		}
		return appendMap(append(b, byte(TypeMap), flagValue), x, depth)
	case value.T: // the keys of every elementMap and valueMap(true)
		return appendEnum(b, TypeT, string(x)), nil
	}
	return appendOther(b, v, depth)
}

func errTooDeep() error {
	return fmt.Errorf("graphbinary: value nested deeper than %d levels", maxDepth)
}

//go:noinline
func appendOther(b []byte, v any, depth int) ([]byte, error) {
	if depth >= maxDepth {
		return b, errTooDeep()
	}
	switch x := v.(type) {
	case float32:
		return appendInt32(append(b, byte(TypeFloat), flagValue), int32(math.Float32bits(x))), nil
	case value.Traverser:
		b = appendInt64(append(b, byte(TypeTraverser), flagValue), x.Bulk)
		return appendValue(b, x.Value, depth+1)
	case value.Vertex:
		return appendVertex(append(b, byte(TypeVertex), flagValue), x, depth)
	case value.Edge:
		return appendEdge(append(b, byte(TypeEdge), flagValue), x, depth)
	case value.VertexProperty:
		b = append(b, byte(TypeVertexProperty), flagValue)
		b, err := appendValue(b, x.ID, depth+1)
		if err != nil {
			return b, err
		}
		b = appendString(b, x.Key)
		if b, err = appendValue(b, x.Value, depth+1); err != nil {
			return b, err
		}
		// parent and properties: always null (gremlin-go skips the parent's two bytes blindly)
		return append(b, byte(TypeNull), flagNull, byte(TypeNull), flagNull), nil
	case value.Property:
		b = appendString(append(b, byte(TypeProperty), flagValue), x.Key)
		b, err := appendValue(b, x.Value, depth+1)
		if err != nil {
			return b, err
		}
		return append(b, byte(TypeNull), flagNull), nil
	case value.Set:
		return appendList(append(b, byte(TypeSet), flagValue), x, depth)
	case []string:
		b = appendInt32(append(b, byte(TypeList), flagValue), int32(len(x)))
		for _, s := range x {
			b = appendString(append(b, byte(TypeString), flagValue), s)
		}
		return b, nil
	case map[string]any:
		return appendStringMap(append(b, byte(TypeMap), flagValue), x, depth)
	case value.UUID:
		return append(append(b, byte(TypeUUID), flagValue), x[:]...), nil
	case time.Time:
		return appendInt64(append(b, byte(TypeDate), flagValue), x.UnixMilli()), nil
	case value.Timestamp:
		return appendInt64(append(b, byte(TypeTimestamp), flagValue), time.Time(x).UnixMilli()), nil
	case value.Class:
		return appendString(append(b, byte(TypeClass), flagValue), string(x)), nil
	case value.Path:
		return appendPath(append(b, byte(TypePath), flagValue), x, depth)
	case value.Binding:
		b = appendString(append(b, byte(TypeBinding), flagValue), x.Key)
		return appendValue(b, x.Value, depth+1)
	case *value.Bytecode:
		if x == nil {
			return append(b, byte(TypeBytecode), flagNull), nil
		}
		return appendBytecode(append(b, byte(TypeBytecode), flagValue), x, depth)
	case value.Lambda:
		b = append(b, byte(TypeLambda), flagValue)
		b = appendString(appendString(b, x.Language), x.Script)
		return appendInt32(b, x.Arity), nil
	case *value.P:
		if x == nil {
			return append(b, byte(TypeP), flagNull), nil
		}
		return appendPredicate(append(b, byte(TypeP), flagValue), x.Op, x.Values, depth)
	case *value.TextP:
		if x == nil {
			return append(b, byte(TypeTextP), flagNull), nil
		}
		return appendPredicate(append(b, byte(TypeTextP), flagValue), x.Op, x.Values, depth)
	case value.BigDecimal:
		b = appendInt32(append(b, byte(TypeBigDecimal), flagValue), x.Scale)
		return appendBigInt(b, x.Unscaled), nil
	case *big.Int:
		if x == nil {
			return append(b, byte(TypeBigInteger), flagNull), nil
		}
		return appendBigInt(append(b, byte(TypeBigInteger), flagValue), x), nil
	case int8:
		return append(b, byte(TypeByte), flagValue, byte(x)), nil
	case []byte:
		b = appendInt32(append(b, byte(TypeByteBuffer), flagValue), int32(len(x)))
		return append(b, x...), nil
	case int16:
		return binary.BigEndian.AppendUint16(append(b, byte(TypeShort), flagValue), uint16(x)), nil
	case value.TraversalStrategy:
		b = appendString(append(b, byte(TypeTraversalStrategy), flagValue), x.Class)
		if x.Configuration == nil {
			return appendInt32(b, 0), nil
		}
		return appendMap(b, x.Configuration, depth)
	case value.BulkSet:
		if len(x.Items) != len(x.Bulks) {
			return b, fmt.Errorf("graphbinary: BulkSet with %d items and %d bulks", len(x.Items), len(x.Bulks))
		}
		b = appendInt32(append(b, byte(TypeBulkSet), flagValue), int32(len(x.Items)))
		var err error
		for i, item := range x.Items {
			if b, err = appendValue(b, item, depth+1); err != nil {
				return b, err
			}
			b = appendInt64(b, x.Bulks[i])
		}
		return b, nil
	case value.Metrics:
		return appendMetrics(append(b, byte(TypeMetrics), flagValue), x, depth)
	case value.Char:
		if !utf8.ValidRune(rune(x)) {
			return b, fmt.Errorf("graphbinary: Char %U is not a valid character", rune(x))
		}
		return utf8.AppendRune(append(b, byte(TypeChar), flagValue), rune(x)), nil
	case time.Duration:
		b = appendInt64(append(b, byte(TypeDuration), flagValue), int64(x/time.Second))
		return appendInt32(b, int32(x%time.Second)), nil
	case value.OffsetDateTime:
		return appendOffsetDateTime(append(b, byte(TypeOffsetDateTime), flagValue), time.Time(x)), nil
	case value.Direction:
		return appendEnum(b, TypeDirection, string(x)), nil
	case value.Order:
		return appendEnum(b, TypeOrder, string(x)), nil
	case value.Scope:
		return appendEnum(b, TypeScope, string(x)), nil
	case value.Column:
		return appendEnum(b, TypeColumn, string(x)), nil
	case value.Pop:
		return appendEnum(b, TypePop, string(x)), nil
	case value.Cardinality:
		return appendEnum(b, TypeCardinality, string(x)), nil
	case value.Merge:
		return appendEnum(b, TypeMerge, string(x)), nil
	case value.Pick:
		return appendEnum(b, TypePick, string(x)), nil
	case value.Barrier:
		return appendEnum(b, TypeBarrier, string(x)), nil
	case value.Operator:
		return appendEnum(b, TypeOperator, string(x)), nil
	case value.DT:
		return appendEnum(b, TypeDT, string(x)), nil
	case value.GType:
		return appendEnum(b, TypeGType, string(x)), nil
	}
	return b, &UnsupportedTypeError{Value: v}
}

func appendInt32(b []byte, v int32) []byte { return binary.BigEndian.AppendUint32(b, uint32(v)) }
func appendInt64(b []byte, v int64) []byte { return binary.BigEndian.AppendUint64(b, uint64(v)) }

// appendString writes an unqualified String: {int32 length}{UTF-8 bytes}.
func appendString(b []byte, s string) []byte {
	return append(appendInt32(b, int32(len(s))), s...)
}

// appendEnum writes {code}{0x00}{fully qualified String name}.
func appendEnum(b []byte, code TypeCode, name string) []byte {
	return appendString(append(b, byte(code), flagValue, byte(TypeString), flagValue), name)
}

func appendList(b []byte, items []any, depth int) ([]byte, error) {
	b = appendInt32(b, int32(len(items)))
	var err error
	for _, it := range items {
		if b, err = appendValue(b, it, depth+1); err != nil {
			return b, err
		}
	}
	return b, nil
}

func appendMap(b []byte, m *value.Map, depth int) ([]byte, error) {
	keys, vals := m.Keys(), m.Values()
	b = appendInt32(b, int32(len(keys)))
	var err error
	for i, k := range keys {
		if b, err = appendValue(b, k, depth+1); err != nil {
			return b, err
		}
		if b, err = appendValue(b, vals[i], depth+1); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendStringMap writes a Go map with its keys sorted, so that equal maps encode equally.
func appendStringMap(b []byte, m map[string]any, depth int) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = appendInt32(b, int32(len(keys)))
	var err error
	for _, k := range keys {
		b = appendString(append(b, byte(TypeString), flagValue), k)
		if b, err = appendValue(b, m[k], depth+1); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendVertex writes {FQ id}{label}{properties: null}.
func appendVertex(b []byte, v value.Vertex, depth int) ([]byte, error) {
	b, err := appendValue(b, v.ID, depth+1)
	if err != nil {
		return b, err
	}
	return append(appendString(b, v.Label), byte(TypeNull), flagNull), nil
}

// appendEdge writes {FQ id}{label}{FQ inV id}{inV label}{FQ outV id}{outV label}{parent: null}{properties: null}.
func appendEdge(b []byte, e value.Edge, depth int) ([]byte, error) {
	b, err := appendValue(b, e.ID, depth+1)
	if err != nil {
		return b, err
	}
	b = appendString(b, e.Label)
	if b, err = appendValue(b, e.InV.ID, depth+1); err != nil {
		return b, err
	}
	b = appendString(b, e.InV.Label)
	if b, err = appendValue(b, e.OutV.ID, depth+1); err != nil {
		return b, err
	}
	b = appendString(b, e.OutV.Label)
	return append(b, byte(TypeNull), flagNull, byte(TypeNull), flagNull), nil
}

// appendPath writes {FQ List<Set<String>> labels}{FQ List objects}.
func appendPath(b []byte, p value.Path, depth int) ([]byte, error) {
	b = appendInt32(append(b, byte(TypeList), flagValue), int32(len(p.Labels)))
	for _, set := range p.Labels {
		b = appendInt32(append(b, byte(TypeSet), flagValue), int32(len(set)))
		for _, l := range set {
			b = appendString(append(b, byte(TypeString), flagValue), l)
		}
	}
	return appendList(append(b, byte(TypeList), flagValue), p.Objects, depth)
}

func appendInstructions(b []byte, ins []value.Instruction, depth int) ([]byte, error) {
	b = appendInt32(b, int32(len(ins)))
	var err error
	for _, in := range ins {
		b = appendString(b, in.Op)
		if b, err = appendList(b, in.Args, depth); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendBytecode writes {steps}{sources}, each {int32 n}{(name, int32 argc, FQ args…)…}.
func appendBytecode(b []byte, bc *value.Bytecode, depth int) ([]byte, error) {
	b, err := appendInstructions(b, bc.Steps, depth)
	if err != nil {
		return b, err
	}
	return appendInstructions(b, bc.Sources, depth)
}

// appendPredicate writes {operator}{int32 n}{FQ values…}.
func appendPredicate(b []byte, op string, values []any, depth int) ([]byte, error) {
	return appendList(appendString(b, op), values, depth)
}

// appendBigInt writes {int32 length}{two's complement big-endian bytes}, as Java's
// BigInteger.toByteArray does (zero is one 0x00 byte).
func appendBigInt(b []byte, x *big.Int) []byte {
	if x == nil || x.Sign() == 0 {
		return append(appendInt32(b, 1), 0)
	}
	if x.Sign() > 0 {
		mag := x.Bytes()
		if mag[0]&0x80 != 0 {
			return append(append(appendInt32(b, int32(len(mag)+1)), 0), mag...)
		}
		return append(appendInt32(b, int32(len(mag))), mag...)
	}
	// Negative: two's complement of |x| over the smallest byte width that keeps the sign bit.
	n := (x.BitLen() + 8) / 8 // BitLen of |x|; one extra bit for the sign
	mod := new(big.Int).Lsh(big.NewInt(1), uint(n*8))
	tc := new(big.Int).Add(mod, x).Bytes() // |mod + x| < mod, so at most n bytes
	out := make([]byte, n)
	for i := range out {
		out[i] = 0xff
	}
	copy(out[n-len(tc):], tc)
	// Drop redundant leading 0xff bytes (Java's minimal form).
	for len(out) > 1 && out[0] == 0xff && out[1]&0x80 != 0 {
		out = out[1:]
	}
	return append(appendInt32(b, int32(len(out))), out...)
}

// appendOffsetDateTime writes {int32 year}{byte month}{byte day}{int64 nano of day}{int32 offset seconds}.
func appendOffsetDateTime(b []byte, t time.Time) []byte {
	_, offset := t.Zone()
	y, mo, d := t.Date()
	nanoOfDay := int64(t.Hour())*int64(time.Hour) + int64(t.Minute())*int64(time.Minute) +
		int64(t.Second())*int64(time.Second) + int64(t.Nanosecond())
	b = appendInt32(b, int32(y))
	b = append(b, byte(mo), byte(d))
	b = appendInt64(b, nanoOfDay)
	return appendInt32(b, int32(offset))
}

// appendMetrics writes {id}{name}{int64 duration}{Map counts}{Map annotations}{List<Metrics> nested},
// the maps and list unqualified.
func appendMetrics(b []byte, m value.Metrics, depth int) ([]byte, error) {
	b = appendString(appendString(b, m.ID), m.Name)
	b = appendInt64(b, m.DurationNs)
	var err error
	for _, mp := range []*value.Map{m.Counts, m.Annotations} {
		if mp == nil {
			b = appendInt32(b, 0)
			continue
		}
		if b, err = appendMap(b, mp, depth); err != nil {
			return b, err
		}
	}
	b = appendInt32(b, int32(len(m.Nested)))
	for _, n := range m.Nested {
		if depth+1 >= maxDepth {
			return b, errTooDeep()
		}
		if b, err = appendMetrics(append(b, byte(TypeMetrics), flagValue), n, depth+1); err != nil {
			return b, err
		}
	}
	return b, nil
}
