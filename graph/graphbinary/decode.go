package graphbinary

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"
	"unicode/utf8"

	"github.com/wifivault/wifivault/graph/value"
)

// ErrTruncated is returned (wrapped) when the input ends before the value does.
var ErrTruncated = errors.New("graphbinary: truncated input")

// Decoder reads GraphBinary values from a byte slice. Strings and byte buffers it returns
// are copies: the input may be reused once decoding is done.
type Decoder struct {
	data  []byte
	pos   int
	depth int
}

// NewDecoder returns a Decoder reading data from its start.
func NewDecoder(data []byte) *Decoder { return &Decoder{data: data} }

// Offset is the number of bytes consumed so far.
func (d *Decoder) Offset() int { return d.pos }

// Remaining is the number of bytes not yet consumed.
func (d *Decoder) Remaining() int { return len(d.data) - d.pos }

// DecodeValue decodes exactly one fully qualified value that must span all of data.
func DecodeValue(data []byte) (any, error) {
	d := NewDecoder(data)
	v, err := d.Value()
	if err != nil {
		return nil, err
	}
	if d.Remaining() != 0 {
		return nil, fmt.Errorf("graphbinary: %d trailing bytes after value", d.Remaining())
	}
	return v, nil
}

func (d *Decoder) errf(format string, args ...any) error {
	return fmt.Errorf("graphbinary: at byte %d: %s", d.pos, fmt.Sprintf(format, args...))
}

func (d *Decoder) truncated(what string) error {
	return fmt.Errorf("%w: reading %s at byte %d of %d", ErrTruncated, what, d.pos, len(d.data))
}

func (d *Decoder) take(n int, what string) ([]byte, error) {
	if n < 0 || n > len(d.data)-d.pos {
		return nil, d.truncated(what)
	}
	b := d.data[d.pos : d.pos+n]
	d.pos += n
	return b, nil
}

func (d *Decoder) byte1(what string) (byte, error) {
	if d.pos >= len(d.data) {
		return 0, d.truncated(what)
	}
	c := d.data[d.pos]
	d.pos++
	return c, nil
}

func (d *Decoder) int32(what string) (int32, error) {
	b, err := d.take(4, what)
	if err != nil {
		return 0, err
	}
	return int32(binary.BigEndian.Uint32(b)), nil
}

func (d *Decoder) int64(what string) (int64, error) {
	b, err := d.take(8, what)
	if err != nil {
		return 0, err
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

// count reads an int32 element count and checks it against the bytes left, given that each
// element takes at least minSize bytes: a hostile prefix is rejected before any allocation.
func (d *Decoder) count(what string, minSize int) (int, error) {
	if d.Remaining() < 4 {
		return 0, d.truncated(what + " length")
	}
	n := int32(binary.BigEndian.Uint32(d.data[d.pos:]))
	d.pos += 4
	if n < 0 {
		return 0, d.errf("negative %s length %d", what, n)
	}
	if int64(n)*int64(minSize) > int64(d.Remaining()) {
		return 0, d.truncated(fmt.Sprintf("%s of %d elements", what, n))
	}
	return int(n), nil
}

// String reads an unqualified String: {int32 length}{UTF-8 bytes}.
func (d *Decoder) String() (string, error) {
	n, err := d.count("string", 1)
	if err != nil {
		return "", err
	}
	b, err := d.take(n, "string")
	if err != nil {
		return "", err
	}
	if n <= maxInterned {
		if s, ok := interned[string(b)]; ok { // no allocation for the lookup
			return s, nil
		}
	}
	return string(b), nil
}

// interned holds the strings every request repeats (ops, processors, argument keys,
// common step names and tokens), returned without allocating a copy.
var interned = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{
		"bytecode", "eval", "authentication", "close", "traversal", "session", "",
		"gremlin", "aliases", "batchSize", "evaluationTimeout", "requestId", "userAgent",
		"materializeProperties", "bindings", "sasl", "g",
		"V", "E", "addV", "addE", "property", "values", "valueMap", "elementMap", "has", "hasLabel",
		"hasId", "out", "in", "both", "outE", "inE", "inV", "outV", "count", "limit", "project",
		"by", "select", "as", "fold", "unfold", "id", "label", "key", "value", "keys", "mergeV",
		"mergeE", "option", "onCreate", "onMatch", "single", "list", "set", "from", "to", "drop",
		"fail", "coalesce", "inject", "constant", "where", "not", "and", "or", "eq", "neq", "lt",
		"lte", "gt", "gte", "within", "without", "order", "asc", "desc", "local", "global",
		"OUT", "IN", "BOTH", "none", "discard", "tx", "commit", "rollback", "withStrategies", "with",
	} {
		m[s] = s
	}
	return m
}()

const maxInterned = 24

// internedAny holds the interned strings already boxed in an interface, so that a
// fully qualified String among them decodes without allocating.
var internedAny = func() map[string]any {
	m := make(map[string]any, len(interned))
	for s := range interned {
		m[s] = s
	}
	return m
}()

// stringAny reads an unqualified String and returns it as an interface value.
func (d *Decoder) stringAny() (any, error) {
	if d.Remaining() >= 4 {
		n := int(binary.BigEndian.Uint32(d.data[d.pos:]))
		if n <= maxInterned && n <= d.Remaining()-4 {
			if v, ok := internedAny[string(d.data[d.pos+4:d.pos+4+n])]; ok {
				d.pos += 4 + n
				return v, nil
			}
		}
	}
	return d.String()
}

func (d *Decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return d.errf("value nested deeper than %d levels", maxDepth)
	}
	return nil
}

// Value reads one fully qualified value: {type_code}{value_flag}{value}.
func (d *Decoder) Value() (any, error) {
	code, err := d.byte1("type code")
	if err != nil {
		return nil, err
	}
	flag, err := d.byte1("value flag")
	if err != nil {
		return nil, err
	}
	switch flag {
	case flagNull:
		if TypeCode(code) == TypeCustom {
			return nil, d.errf("custom types are not supported")
		}
		return nil, nil
	case flagValue:
		if TypeCode(code) == TypeNull {
			return nil, d.errf("unspecified null with value flag 0x00")
		}
	default:
		return nil, d.errf("invalid value flag 0x%02x for type 0x%02x", flag, code)
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	v, err := d.valueOf(TypeCode(code))
	d.depth--
	return v, err
}

// StringValue reads a fully qualified value that must be a non-null String.
func (d *Decoder) StringValue() (string, error) {
	at := d.pos
	v, err := d.Value()
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("graphbinary: at byte %d: expected a String, got %s", at, typeName(v))
	}
	return s, nil
}

// valueOf reads the value part of a non-null value of the given type.
func (d *Decoder) valueOf(code TypeCode) (any, error) {
	switch code {
	case TypeInt:
		return d.int32("Int")
	case TypeLong:
		return d.int64("Long")
	case TypeString:
		return d.stringAny()
	case TypeDate:
		ms, err := d.int64("Date")
		return time.UnixMilli(ms).UTC(), err
	case TypeTimestamp:
		ms, err := d.int64("Timestamp")
		return value.Timestamp(time.UnixMilli(ms).UTC()), err
	case TypeClass:
		s, err := d.String()
		return value.Class(s), err
	case TypeDouble:
		u, err := d.int64("Double")
		return math.Float64frombits(uint64(u)), err
	case TypeFloat:
		u, err := d.int32("Float")
		return math.Float32frombits(uint32(u)), err
	case TypeList:
		return d.list("List")
	case TypeSet:
		l, err := d.list("Set")
		if err != nil {
			return nil, err
		}
		return value.Set(l), nil
	case TypeMap:
		return d.mapValue()
	case TypeUUID:
		b, err := d.take(16, "UUID")
		if err != nil {
			return nil, err
		}
		var u value.UUID
		copy(u[:], b)
		return u, nil
	case TypeEdge:
		return d.edge()
	case TypePath:
		return d.path()
	case TypeProperty:
		return d.property()
	case TypeVertex:
		return d.vertex()
	case TypeVertexProperty:
		return d.vertexProperty()
	case TypeBinding:
		k, err := d.String()
		if err != nil {
			return nil, err
		}
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		return value.Binding{Key: k, Value: v}, nil
	case TypeBytecode:
		return d.bytecode()
	case TypeLambda:
		return d.lambda()
	case TypeP:
		op, vals, err := d.predicate()
		if err != nil {
			return nil, err
		}
		return &value.P{Op: op, Values: vals}, nil
	case TypeTextP:
		op, vals, err := d.predicate()
		if err != nil {
			return nil, err
		}
		return &value.TextP{Op: op, Values: vals}, nil
	case TypeTraverser:
		bulk, err := d.int64("Traverser bulk")
		if err != nil {
			return nil, err
		}
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		return value.Traverser{Bulk: bulk, Value: v}, nil
	case TypeBigDecimal:
		scale, err := d.int32("BigDecimal scale")
		if err != nil {
			return nil, err
		}
		if scale > MaxBigDecimalScale || scale < -MaxBigDecimalScale {
			return nil, d.errf("BigDecimal scale %d beyond ±%d", scale, MaxBigDecimalScale)
		}
		u, err := d.bigInt()
		if err != nil {
			return nil, err
		}
		return value.BigDecimal{Scale: scale, Unscaled: u}, nil
	case TypeBigInteger:
		return d.bigInt()
	case TypeByte:
		c, err := d.byte1("Byte")
		return int8(c), err
	case TypeByteBuffer:
		n, err := d.count("ByteBuffer", 1)
		if err != nil {
			return nil, err
		}
		b, err := d.take(n, "ByteBuffer")
		if err != nil {
			return nil, err
		}
		return append([]byte{}, b...), nil
	case TypeShort:
		b, err := d.take(2, "Short")
		if err != nil {
			return nil, err
		}
		return int16(binary.BigEndian.Uint16(b)), nil
	case TypeBoolean:
		c, err := d.byte1("Boolean")
		if err != nil {
			return nil, err
		}
		if c > 1 {
			return nil, d.errf("invalid Boolean byte 0x%02x", c)
		}
		return c == 1, nil
	case TypeTraversalStrategy:
		class, err := d.String()
		if err != nil {
			return nil, err
		}
		conf, err := d.mapValue()
		if err != nil {
			return nil, err
		}
		return value.TraversalStrategy{Class: class, Configuration: conf}, nil
	case TypeBulkSet:
		return d.bulkSet()
	case TypeMetrics:
		return d.metrics()
	case TypeChar:
		return d.char()
	case TypeDuration:
		s, err := d.int64("Duration seconds")
		if err != nil {
			return nil, err
		}
		ns, err := d.int32("Duration nanos")
		if err != nil {
			return nil, err
		}
		return time.Duration(s)*time.Second + time.Duration(ns), nil
	case TypeOffsetDateTime:
		return d.offsetDateTime()
	case TypeBarrier, TypeCardinality, TypeColumn, TypeDirection, TypeOperator, TypeOrder, TypePick,
		TypePop, TypeScope, TypeT, TypeMerge, TypeDT, TypeGType:
		return d.enum(code)
	case TypeCustom:
		name, _ := d.String()
		return nil, d.errf("custom type %q is not supported", name)
	}
	return nil, d.errf("unsupported GraphBinary type code 0x%02x", byte(code))
}

func (d *Decoder) list(what string) ([]any, error) {
	n, err := d.count(what, 2)
	if err != nil {
		return nil, err
	}
	out := make([]any, n)
	for i := range out {
		if out[i], err = d.Value(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *Decoder) mapValue() (*value.Map, error) {
	n, err := d.count("Map", 4)
	if err != nil {
		return nil, err
	}
	m := value.NewMap(n)
	for i := 0; i < n; i++ {
		k, err := d.Value()
		if err != nil {
			return nil, err
		}
		v, err := d.Value()
		if err != nil {
			return nil, err
		}
		m.Put(k, v)
	}
	return m, nil
}

func (d *Decoder) vertex() (value.Vertex, error) {
	id, err := d.Value()
	if err != nil {
		return value.Vertex{}, err
	}
	label, err := d.String()
	if err != nil {
		return value.Vertex{}, err
	}
	// Properties (a List of VertexProperty, or null) are read and dropped: elements travel as references.
	if _, err := d.Value(); err != nil {
		return value.Vertex{}, err
	}
	return value.Vertex{ID: id, Label: label}, nil
}

func (d *Decoder) edge() (value.Edge, error) {
	var e value.Edge
	var err error
	if e.ID, err = d.Value(); err != nil {
		return e, err
	}
	if e.Label, err = d.String(); err != nil {
		return e, err
	}
	if e.InV.ID, err = d.Value(); err != nil {
		return e, err
	}
	if e.InV.Label, err = d.String(); err != nil {
		return e, err
	}
	if e.OutV.ID, err = d.Value(); err != nil {
		return e, err
	}
	if e.OutV.Label, err = d.String(); err != nil {
		return e, err
	}
	// parent and properties
	if _, err = d.Value(); err != nil {
		return e, err
	}
	if _, err = d.Value(); err != nil {
		return e, err
	}
	return e, nil
}

func (d *Decoder) property() (value.Property, error) {
	var p value.Property
	var err error
	if p.Key, err = d.String(); err != nil {
		return p, err
	}
	if p.Value, err = d.Value(); err != nil {
		return p, err
	}
	_, err = d.Value() // parent
	return p, err
}

func (d *Decoder) vertexProperty() (value.VertexProperty, error) {
	var vp value.VertexProperty
	var err error
	if vp.ID, err = d.Value(); err != nil {
		return vp, err
	}
	if vp.Key, err = d.String(); err != nil {
		return vp, err
	}
	if vp.Value, err = d.Value(); err != nil {
		return vp, err
	}
	if _, err = d.Value(); err != nil { // parent
		return vp, err
	}
	_, err = d.Value() // properties
	return vp, err
}

func (d *Decoder) path() (value.Path, error) {
	var p value.Path
	labels, err := d.Value()
	if err != nil {
		return p, err
	}
	ls, ok := labels.([]any)
	if !ok && labels != nil {
		return p, d.errf("Path labels must be a List, got %s", typeName(labels))
	}
	p.Labels = make([][]string, len(ls))
	for i, l := range ls {
		var items []any
		switch s := l.(type) {
		case value.Set:
			items = s
		case []any:
			items = s
		case nil:
		default:
			return p, d.errf("Path label entry must be a Set, got %s", typeName(l))
		}
		p.Labels[i] = make([]string, len(items))
		for j, it := range items {
			str, ok := it.(string)
			if !ok {
				return p, d.errf("Path label must be a String, got %s", typeName(it))
			}
			p.Labels[i][j] = str
		}
	}
	objs, err := d.Value()
	if err != nil {
		return p, err
	}
	os, ok := objs.([]any)
	if !ok && objs != nil {
		return p, d.errf("Path objects must be a List, got %s", typeName(objs))
	}
	p.Objects = os
	return p, nil
}

func (d *Decoder) instructions(what string) ([]value.Instruction, error) {
	n, err := d.count(what, 8)
	if err != nil {
		return nil, err
	}
	out := make([]value.Instruction, n)
	for i := range out {
		if out[i].Op, err = d.String(); err != nil {
			return nil, err
		}
		if out[i].Args, err = d.list(what + " arguments"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *Decoder) bytecode() (*value.Bytecode, error) {
	steps, err := d.instructions("Bytecode steps")
	if err != nil {
		return nil, err
	}
	sources, err := d.instructions("Bytecode sources")
	if err != nil {
		return nil, err
	}
	return &value.Bytecode{Steps: steps, Sources: sources}, nil
}

func (d *Decoder) lambda() (value.Lambda, error) {
	var l value.Lambda
	var err error
	if l.Language, err = d.String(); err != nil {
		return l, err
	}
	if l.Script, err = d.String(); err != nil {
		return l, err
	}
	l.Arity, err = d.int32("Lambda arguments")
	return l, err
}

func (d *Decoder) predicate() (string, []any, error) {
	op, err := d.String()
	if err != nil {
		return "", nil, err
	}
	vals, err := d.list("predicate values")
	return op, vals, err
}

// Limits on arbitrary-precision numbers: comparing or hashing a number costs time that
// grows with its size (10^scale for a BigDecimal), so a hostile frame could otherwise stall
// the engine with a few bytes.
const (
	MaxBigIntegerBytes = 4096
	MaxBigDecimalScale = 4096
)

// bigInt reads {int32 length}{two's complement big-endian bytes}.
func (d *Decoder) bigInt() (*big.Int, error) {
	n, err := d.count("BigInteger", 1)
	if err != nil {
		return nil, err
	}
	if n > MaxBigIntegerBytes {
		return nil, d.errf("BigInteger of %d bytes exceeds %d", n, MaxBigIntegerBytes)
	}
	b, err := d.take(n, "BigInteger")
	if err != nil {
		return nil, err
	}
	x := new(big.Int).SetBytes(b)
	if n > 0 && b[0]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*n)))
	}
	return x, nil
}

func (d *Decoder) bulkSet() (value.BulkSet, error) {
	n, err := d.count("BulkSet", 10)
	if err != nil {
		return value.BulkSet{}, err
	}
	bs := value.BulkSet{Items: make([]any, n), Bulks: make([]int64, n)}
	for i := 0; i < n; i++ {
		if bs.Items[i], err = d.Value(); err != nil {
			return bs, err
		}
		if bs.Bulks[i], err = d.int64("BulkSet bulk"); err != nil {
			return bs, err
		}
	}
	return bs, nil
}

func (d *Decoder) metrics() (value.Metrics, error) {
	var m value.Metrics
	var err error
	if m.ID, err = d.String(); err != nil {
		return m, err
	}
	if m.Name, err = d.String(); err != nil {
		return m, err
	}
	if m.DurationNs, err = d.int64("Metrics duration"); err != nil {
		return m, err
	}
	if m.Counts, err = d.mapValue(); err != nil {
		return m, err
	}
	if m.Annotations, err = d.mapValue(); err != nil {
		return m, err
	}
	nested, err := d.list("Metrics nested")
	if err != nil {
		return m, err
	}
	m.Nested = make([]value.Metrics, len(nested))
	for i, v := range nested {
		nm, ok := v.(value.Metrics)
		if !ok {
			return m, d.errf("nested metrics must be Metrics, got %s", typeName(v))
		}
		m.Nested[i] = nm
	}
	return m, nil
}

// char reads one UTF-8 encoded character (1 to 4 bytes, length given by the first byte).
func (d *Decoder) char() (value.Char, error) {
	first, err := d.byte1("Char")
	if err != nil {
		return 0, err
	}
	var n int
	switch {
	case first < 0x80:
		return value.Char(first), nil
	case first&0xe0 == 0xc0:
		n = 2
	case first&0xf0 == 0xe0:
		n = 3
	case first&0xf8 == 0xf0:
		n = 4
	default:
		return 0, d.errf("invalid UTF-8 lead byte 0x%02x in Char", first)
	}
	d.pos--
	b, err := d.take(n, "Char")
	if err != nil {
		return 0, err
	}
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError || size != n {
		return 0, d.errf("invalid UTF-8 sequence in Char")
	}
	return value.Char(r), nil
}

func (d *Decoder) offsetDateTime() (value.OffsetDateTime, error) {
	year, err := d.int32("OffsetDateTime year")
	if err != nil {
		return value.OffsetDateTime{}, err
	}
	md, err := d.take(2, "OffsetDateTime month and day")
	if err != nil {
		return value.OffsetDateTime{}, err
	}
	nanoOfDay, err := d.int64("OffsetDateTime time")
	if err != nil {
		return value.OffsetDateTime{}, err
	}
	offset, err := d.int32("OffsetDateTime offset")
	if err != nil {
		return value.OffsetDateTime{}, err
	}
	if md[0] < 1 || md[0] > 12 || md[1] < 1 || md[1] > 31 || nanoOfDay < 0 || nanoOfDay >= int64(24*time.Hour) ||
		offset < -18*3600 || offset > 18*3600 {
		return value.OffsetDateTime{}, d.errf("OffsetDateTime out of range")
	}
	loc := time.UTC
	if offset != 0 {
		loc = time.FixedZone("", int(offset))
	}
	t := time.Date(int(year), time.Month(md[0]), int(md[1]), 0, 0, 0, 0, loc).Add(time.Duration(nanoOfDay))
	return value.OffsetDateTime(t), nil
}

func (d *Decoder) enum(code TypeCode) (any, error) {
	name, err := d.StringValue()
	if err != nil {
		return nil, err
	}
	switch code {
	case TypeT:
		return value.T(name), nil
	case TypeDirection:
		return value.Direction(name), nil
	case TypeOrder:
		return value.Order(name), nil
	case TypeScope:
		return value.Scope(name), nil
	case TypeColumn:
		return value.Column(name), nil
	case TypePop:
		return value.Pop(name), nil
	case TypeCardinality:
		return value.Cardinality(name), nil
	case TypeMerge:
		return value.Merge(name), nil
	case TypePick:
		return value.Pick(name), nil
	case TypeBarrier:
		return value.Barrier(name), nil
	case TypeOperator:
		return value.Operator(name), nil
	case TypeDT:
		return value.DT(name), nil
	default: // TypeGType
		return value.GType(name), nil
	}
}

func typeName(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
