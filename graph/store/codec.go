package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/wifivault/wifivault/graph/value"
)

// Value tags of the record encoding. The tag keeps the Go type, so a value decodes to
// exactly the type it was written with (an int32 stays int32).
const (
	tagNil byte = iota
	tagString
	tagFalse
	tagTrue
	tagInt8
	tagInt16
	tagInt32
	tagInt64
	tagFloat32
	tagFloat64
	tagTime
	tagUUID
	tagList
	tagSet
	tagMap
	tagBytes
	tagBigInt
	tagBigDecimal
	tagInt
	tagUint8
	tagChar
	tagTimestamp
	tagOffsetDateTime
	tagDuration
)

// canonValue checks that v can be stored and returns the value to store: containers and
// byte slices are deep-copied so that the caller may reuse its own. nil is accepted only
// inside a container (nested is true).
func canonValue(v any, nested bool) (any, error) {
	switch x := v.(type) {
	case nil:
		if nested {
			return nil, nil
		}
		return nil, fmt.Errorf("store: nil value")
	case string, bool, int8, int16, int32, int64, int, uint8, float32, float64,
		value.UUID, value.Char, time.Duration:
		return v, nil
	case time.Time:
		return x, nil
	case value.Timestamp, value.OffsetDateTime:
		return v, nil
	case []byte:
		return append([]byte{}, x...), nil
	case *big.Int:
		if x == nil {
			return nil, fmt.Errorf("store: nil *big.Int value")
		}
		return new(big.Int).Set(x), nil
	case value.BigDecimal:
		if x.Unscaled == nil {
			return nil, fmt.Errorf("store: BigDecimal with nil unscaled value")
		}
		return value.BigDecimal{Scale: x.Scale, Unscaled: new(big.Int).Set(x.Unscaled)}, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := canonValue(e, true)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case value.Set:
		out := make(value.Set, len(x))
		for i, e := range x {
			c, err := canonValue(e, true)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case *value.Map:
		if x == nil {
			return nil, fmt.Errorf("store: nil *value.Map value")
		}
		out := value.NewMap(x.Len())
		var err error
		x.Range(func(k, e any) bool {
			var ck, ce any
			if ck, err = canonValue(k, true); err != nil {
				return false
			}
			if ce, err = canonValue(e, true); err != nil {
				return false
			}
			out.Put(ck, ce)
			return true
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, fmt.Errorf("store: unsupported property value type %T", v)
}

// appendValue appends the encoding of a value accepted by canonValue.
func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, tagNil)
	case string:
		b = append(b, tagString)
		return appendString(b, x)
	case bool:
		if x {
			return append(b, tagTrue)
		}
		return append(b, tagFalse)
	case int8:
		return append(b, tagInt8, byte(x))
	case uint8:
		return append(b, tagUint8, x)
	case int16:
		return binary.AppendVarint(append(b, tagInt16), int64(x))
	case int32:
		return binary.AppendVarint(append(b, tagInt32), int64(x))
	case int64:
		return binary.AppendVarint(append(b, tagInt64), x)
	case int:
		return binary.AppendVarint(append(b, tagInt), int64(x))
	case float32:
		return binary.BigEndian.AppendUint32(append(b, tagFloat32), math.Float32bits(x))
	case float64:
		return binary.BigEndian.AppendUint64(append(b, tagFloat64), math.Float64bits(x))
	case time.Time:
		return appendTime(append(b, tagTime), x)
	case value.Timestamp:
		return appendTime(append(b, tagTimestamp), time.Time(x))
	case value.OffsetDateTime:
		return appendTime(append(b, tagOffsetDateTime), time.Time(x))
	case time.Duration:
		return binary.AppendVarint(append(b, tagDuration), int64(x))
	case value.UUID:
		return append(append(b, tagUUID), x[:]...)
	case value.Char:
		return binary.AppendVarint(append(b, tagChar), int64(x))
	case []byte:
		b = binary.AppendUvarint(append(b, tagBytes), uint64(len(x)))
		return append(b, x...)
	case *big.Int:
		return appendBigInt(append(b, tagBigInt), x)
	case value.BigDecimal:
		b = binary.AppendVarint(append(b, tagBigDecimal), int64(x.Scale))
		return appendBigInt(b, x.Unscaled)
	case []any:
		b = binary.AppendUvarint(append(b, tagList), uint64(len(x)))
		for _, e := range x {
			b = appendValue(b, e)
		}
		return b
	case value.Set:
		b = binary.AppendUvarint(append(b, tagSet), uint64(len(x)))
		for _, e := range x {
			b = appendValue(b, e)
		}
		return b
	case *value.Map:
		b = binary.AppendUvarint(append(b, tagMap), uint64(x.Len()))
		x.Range(func(k, e any) bool {
			b = appendValue(appendValue(b, k), e)
			return true
		})
		return b
	}
	panic(fmt.Sprintf("store: unsupported property value type %T", v))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	m, err := t.MarshalBinary()
	if err != nil {
		// Offsets that are not whole minutes: keep the instant in UTC.
		m, _ = t.UTC().MarshalBinary()
	}
	b = append(b, byte(len(m)))
	return append(b, m...)
}

func appendBigInt(b []byte, x *big.Int) []byte {
	b = append(b, byte(x.Sign()+1))
	mag := x.Bytes()
	b = binary.AppendUvarint(b, uint64(len(mag)))
	return append(b, mag...)
}

// appendVertexRecord encodes a vertex (without its id, which is in the key).
func appendVertexRecord(b []byte, v *Vertex) []byte {
	b = appendString(b, v.Label)
	b = binary.AppendUvarint(b, uint64(len(v.Props)))
	for _, p := range v.Props {
		b = binary.AppendVarint(b, p.ID)
		b = appendString(b, p.Key)
		b = appendValue(b, p.Value)
	}
	return b
}

// appendEdgeRecord encodes an edge (without its id, which is in the key).
func appendEdgeRecord(b []byte, e *Edge) []byte {
	b = appendString(b, e.Label)
	b = appendID(b, e.Out, false)
	b = appendID(b, e.In, false)
	b = binary.AppendUvarint(b, uint64(len(e.Props)))
	for _, p := range e.Props {
		b = appendString(b, p.Key)
		b = appendValue(b, p.Value)
	}
	return b
}

// decoder reads records. It interns labels and property keys, which repeat across
// millions of records.
//
// A loading decoder (slab true) carves records out of large arrays instead of allocating
// each one: millions of small objects cost the collector far more than a few large ones.
// A slab stays allocated while any record in it is live.
type decoder struct {
	b      []byte
	err    error
	intern map[string]string

	slab     bool
	vertices []Vertex
	edges    []Edge
	vprops   []VertexProp
	eprops   []Property
}

const slabSize = 4096

func (d *decoder) newVertex() *Vertex {
	if !d.slab {
		return new(Vertex)
	}
	if len(d.vertices) == 0 {
		d.vertices = make([]Vertex, slabSize)
	}
	v := &d.vertices[0]
	d.vertices = d.vertices[1:]
	return v
}

func (d *decoder) newEdge() *Edge {
	if !d.slab {
		return new(Edge)
	}
	if len(d.edges) == 0 {
		d.edges = make([]Edge, slabSize)
	}
	e := &d.edges[0]
	d.edges = d.edges[1:]
	return e
}

func (d *decoder) newVertexProps(n int) []VertexProp {
	if !d.slab || n > slabSize/4 {
		return make([]VertexProp, n)
	}
	if len(d.vprops) < n {
		d.vprops = make([]VertexProp, slabSize)
	}
	p := d.vprops[:n:n]
	d.vprops = d.vprops[n:]
	return p
}

func (d *decoder) newEdgeProps(n int) []Property {
	if !d.slab || n > slabSize/4 {
		return make([]Property, n)
	}
	if len(d.eprops) < n {
		d.eprops = make([]Property, slabSize)
	}
	p := d.eprops[:n:n]
	d.eprops = d.eprops[n:]
	return p
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = errCorrupt(what)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("uvarint")
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) varint() int64 {
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("varint")
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) bytes(n uint64) []byte {
	if uint64(len(d.b)) < n {
		d.fail("short record")
		return nil
	}
	x := d.b[:n]
	d.b = d.b[n:]
	return x
}

func (d *decoder) byte1() byte {
	if len(d.b) == 0 {
		d.fail("short record")
		return 0
	}
	x := d.b[0]
	d.b = d.b[1:]
	return x
}

func (d *decoder) str() string { return string(d.bytes(d.uvarint())) }

// name decodes an interned string (labels, keys).
func (d *decoder) name() string {
	raw := d.bytes(d.uvarint())
	if s, ok := d.intern[string(raw)]; ok {
		return s
	}
	s := string(raw)
	if d.intern != nil && len(d.intern) < 1<<16 {
		d.intern[s] = s
	}
	return s
}

func (d *decoder) id() any {
	switch d.byte1() {
	case idTagInt:
		return int64(binary.BigEndian.Uint64(d.bytes(8)) ^ (1 << 63))
	case idTagString:
		return d.str()
	}
	d.fail("id tag")
	return nil
}

func (d *decoder) bigInt() *big.Int {
	sign := int(d.byte1()) - 1
	x := new(big.Int).SetBytes(d.bytes(d.uvarint()))
	if sign < 0 {
		x.Neg(x)
	}
	return x
}

func (d *decoder) time() time.Time {
	var t time.Time
	if err := t.UnmarshalBinary(d.bytes(uint64(d.byte1()))); err != nil {
		d.fail("time")
	}
	return t
}

func (d *decoder) value() any {
	switch tag := d.byte1(); tag {
	case tagNil:
		return nil
	case tagString:
		return d.str()
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagInt8:
		return int8(d.byte1())
	case tagUint8:
		return d.byte1()
	case tagInt16:
		return int16(d.varint())
	case tagInt32:
		return int32(d.varint())
	case tagInt64:
		return d.varint()
	case tagInt:
		return int(d.varint())
	case tagFloat32:
		return math.Float32frombits(binary.BigEndian.Uint32(d.bytes(4)))
	case tagFloat64:
		return math.Float64frombits(binary.BigEndian.Uint64(d.bytes(8)))
	case tagTime:
		return d.time()
	case tagTimestamp:
		return value.Timestamp(d.time())
	case tagOffsetDateTime:
		return value.OffsetDateTime(d.time())
	case tagDuration:
		return time.Duration(d.varint())
	case tagUUID:
		var u value.UUID
		copy(u[:], d.bytes(16))
		return u
	case tagChar:
		return value.Char(d.varint())
	case tagBytes:
		return append([]byte{}, d.bytes(d.uvarint())...)
	case tagBigInt:
		return d.bigInt()
	case tagBigDecimal:
		scale := int32(d.varint())
		return value.BigDecimal{Scale: scale, Unscaled: d.bigInt()}
	case tagList, tagSet:
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.fail("list length")
			return nil
		}
		out := make([]any, n)
		for i := range out {
			out[i] = d.value()
		}
		if tag == tagSet {
			return value.Set(out)
		}
		return out
	case tagMap:
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.fail("map length")
			return nil
		}
		m := value.NewMap(int(n))
		for i := uint64(0); i < n; i++ {
			k := d.value()
			m.Put(k, d.value())
		}
		return m
	}
	d.fail("value tag")
	return nil
}

// decodeVertexRecord decodes a vertex record whose id is id.
func (d *decoder) vertex(id any, rec []byte) (*Vertex, error) {
	d.b, d.err = rec, nil
	v := d.newVertex()
	v.ID, v.Label = id, d.name()
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		return nil, errCorrupt("property count")
	}
	if n > 0 {
		v.Props = d.newVertexProps(int(n))
		for i := range v.Props {
			v.Props[i] = VertexProp{ID: d.varint(), Key: d.name(), Value: d.value()}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	return v, d.err
}

// edge decodes an edge record whose id is id.
func (d *decoder) edge(id any, rec []byte) (*Edge, error) {
	d.b, d.err = rec, nil
	e := d.newEdge()
	e.ID, e.Label = id, d.name()
	e.Out = d.id()
	e.In = d.id()
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		return nil, errCorrupt("property count")
	}
	if n > 0 {
		e.Props = d.newEdgeProps(int(n))
		for i := range e.Props {
			e.Props[i] = Property{Key: d.name(), Value: d.value()}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	return e, d.err
}
