package value

import (
	"bytes"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// IsNumber reports whether v is one of the Gremlin number types.
func IsNumber(v any) bool {
	switch v.(type) {
	case int8, int16, int32, int64, int, uint8, float32, float64, *big.Int, BigDecimal:
		return true
	}
	return false
}

// numberKind orders the number types by width, as TinkerPop promotes them:
// byte < short < int < long < bigint < float < double < bigdecimal.
func numberKind(v any) int {
	switch v.(type) {
	case int8, uint8:
		return 0
	case int16:
		return 1
	case int32:
		return 2
	case int64, int:
		return 3
	case *big.Int:
		return 4
	case float32:
		return 5
	case float64:
		return 6
	case BigDecimal:
		return 7
	}
	return -1
}

// AsInt64 returns an integral number as int64.
func AsInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int8:
		return int64(n), true
	case uint8:
		return int64(int8(n)), true
	case int16:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case int:
		return int64(n), true
	case *big.Int:
		if n.IsInt64() {
			return n.Int64(), true
		}
	}
	return 0, false
}

// AsFloat64 returns any number as float64 (possibly losing precision).
func AsFloat64(v any) (float64, bool) {
	switch n := v.(type) {
	case float32:
		return float64(n), true
	case float64:
		return n, true
	case *big.Int:
		f, _ := new(big.Float).SetInt(n).Float64()
		return f, true
	case BigDecimal:
		f, _ := n.Rat().Float64()
		return f, true
	}
	if i, ok := AsInt64(v); ok {
		return float64(i), true
	}
	return 0, false
}

// maxExactScale bounds the scales whose exact value is computed (10^scale grows without
// bound); a decimal beyond it is compared through float64 and keyed by its digits.
const maxExactScale = 4096

func (d BigDecimal) huge() bool { return d.Scale > maxExactScale || d.Scale < -maxExactScale }

// Rat returns the exact rational value of the decimal (for |scale| up to 4096; beyond,
// the value rounded through float64).
func (d BigDecimal) Rat() *big.Rat {
	if d.huge() {
		f, _ := new(big.Float).SetInt(d.Unscaled).Float64()
		exp := -float64(d.Scale)
		r, _ := new(big.Rat).SetString("0")
		if v := f * math.Pow(10, exp); !math.IsInf(v, 0) && !math.IsNaN(v) {
			r.SetFloat64(v)
		}
		return r
	}
	r := new(big.Rat).SetInt(d.Unscaled)
	if d.Scale > 0 {
		r.Quo(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil)))
	} else if d.Scale < 0 {
		r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-d.Scale)), nil)))
	}
	return r
}

// asRat returns a number as an exact rational; ok is false for NaN and infinities.
func asRat(v any) (*big.Rat, bool) {
	switch n := v.(type) {
	case *big.Int:
		return new(big.Rat).SetInt(n), true
	case BigDecimal:
		return n.Rat(), true
	case float32, float64:
		f, _ := AsFloat64(n)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(f), true
	}
	if i, ok := AsInt64(v); ok {
		return new(big.Rat).SetInt64(i), true
	}
	return nil, false
}

// CompareNumbers compares two numbers of any types by value. NaN compares unequal to
// everything (ok=false).
func CompareNumbers(a, b any) (int, bool) {
	if x, ok := AsInt64(a); ok {
		if y, ok := AsInt64(b); ok {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	ka, kb := numberKind(a), numberKind(b)
	if ka <= 6 && kb <= 6 && (ka >= 5 || kb >= 5) {
		x, _ := AsFloat64(a)
		y, _ := AsFloat64(b)
		if math.IsNaN(x) || math.IsNaN(y) {
			return 0, false
		}
		// Exact when both fit a float64 mantissa, which covers every practical case.
		if math.Abs(x) < 1<<53 && math.Abs(y) < 1<<53 || math.IsInf(x, 0) || math.IsInf(y, 0) {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	x, ok1 := asRat(a)
	y, ok2 := asRat(b)
	if !ok1 || !ok2 {
		fx, _ := AsFloat64(a)
		fy, _ := AsFloat64(b)
		if math.IsNaN(fx) || math.IsNaN(fy) {
			return 0, false
		}
		switch {
		case fx < fy:
			return -1, true
		case fx > fy:
			return 1, true
		}
		return 0, true
	}
	return x.Cmp(y), true
}

// Equal is Gremlin equality: numbers by value whatever their type, elements by id,
// collections element by element, other values by type and value.
func Equal(a, b any) bool {
	if IsNumber(a) && IsNumber(b) {
		c, ok := CompareNumbers(a, b)
		return ok && c == 0
	}
	return Key(a) == Key(b)
}

// Compare is Gremlin comparability for predicates (lt, gt, between, ...): ok is false when
// the two values are of types that do not compare (a string and a number, a null, NaN).
func Compare(a, b any) (int, bool) {
	if a == nil || b == nil {
		return 0, false
	}
	if IsNumber(a) {
		if !IsNumber(b) {
			return 0, false
		}
		return CompareNumbers(a, b)
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case bool:
		if y, ok := b.(bool); ok {
			return boolCmp(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	case UUID:
		if y, ok := b.(UUID); ok {
			return bytes.Compare(x[:], y[:]), true
		}
	case Char:
		if y, ok := b.(Char); ok {
			return cmpOrdered(x, y), true
		}
	}
	if orderRank(a) == orderRank(b) && orderRank(a) >= rankVertex {
		return Order3(a, b), true
	}
	return 0, false
}

func boolCmp(x, y bool) int {
	switch {
	case x == y:
		return 0
	case !x:
		return -1
	}
	return 1
}

func cmpOrdered[T int | int64 | rune | Char | string | float64](x, y T) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Orderability ranks of TinkerPop 3.7: values of different types sort by type first.
const (
	rankNull = iota
	rankBool
	rankNumber
	rankDate
	rankString
	rankUUID
	rankVertex
	rankEdge
	rankVertexProperty
	rankProperty
	rankPath
	rankSet
	rankList
	rankMap
	rankUnknown
)

func orderRank(v any) int {
	switch v.(type) {
	case nil:
		return rankNull
	case bool:
		return rankBool
	case time.Time, Timestamp, OffsetDateTime:
		return rankDate
	case string, Char:
		return rankString
	case UUID:
		return rankUUID
	case Vertex, *Vertex:
		return rankVertex
	case Edge, *Edge:
		return rankEdge
	case VertexProperty, *VertexProperty:
		return rankVertexProperty
	case Property, *Property:
		return rankProperty
	case Path, *Path:
		return rankPath
	case Set:
		return rankSet
	case []any:
		return rankList
	case *Map:
		return rankMap
	}
	if IsNumber(v) {
		return rankNumber
	}
	return rankUnknown
}

// Order3 is the total order order() sorts by: TinkerPop's orderability, in which every
// pair of values has an order (type rank first, then value).
func Order3(a, b any) int {
	ra, rb := orderRank(a), orderRank(b)
	if ra != rb {
		return cmpOrdered(ra, rb)
	}
	switch ra {
	case rankNull:
		return 0
	case rankNumber:
		c, ok := CompareNumbers(a, b)
		if !ok { // NaN sorts after every number
			fa, _ := AsFloat64(a)
			fb, _ := AsFloat64(b)
			return boolCmp(math.IsNaN(fa), math.IsNaN(fb))
		}
		return c
	case rankBool, rankString, rankUUID:
		c, _ := Compare(a, b)
		return c
	case rankDate:
		return toTime(a).Compare(toTime(b))
	case rankVertex, rankEdge, rankVertexProperty:
		return Order3(elementID(a), elementID(b))
	case rankProperty:
		pa, pb := a.(Property), b.(Property)
		if c := strings.Compare(pa.Key, pb.Key); c != 0 {
			return c
		}
		return Order3(pa.Value, pb.Value)
	case rankPath:
		return orderLists(a.(Path).Objects, b.(Path).Objects)
	case rankSet:
		return orderLists(sortedCopy(a.(Set)), sortedCopy(b.(Set)))
	case rankList:
		return orderLists(a.([]any), b.([]any))
	case rankMap:
		ma, mb := a.(*Map), b.(*Map)
		ka, kb := sortedCopy(ma.Keys()), sortedCopy(mb.Keys())
		for i := 0; i < len(ka) && i < len(kb); i++ {
			if c := Order3(ka[i], kb[i]); c != 0 {
				return c
			}
			va, _ := ma.Get(ka[i])
			vb, _ := mb.Get(kb[i])
			if c := Order3(va, vb); c != 0 {
				return c
			}
		}
		return cmpOrdered(len(ka), len(kb))
	}
	return strings.Compare(Key(a), Key(b))
}

func toTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case Timestamp:
		return time.Time(t)
	case OffsetDateTime:
		return time.Time(t)
	}
	return time.Time{}
}

func elementID(v any) any {
	switch e := v.(type) {
	case Vertex:
		return e.ID
	case *Vertex:
		return e.ID
	case Edge:
		return e.ID
	case *Edge:
		return e.ID
	case VertexProperty:
		return e.ID
	case *VertexProperty:
		return e.ID
	}
	return nil
}

func orderLists(a, b []any) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := Order3(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmpOrdered(len(a), len(b))
}

func sortedCopy(s []any) []any {
	c := append([]any(nil), s...)
	sort.SliceStable(c, func(i, j int) bool { return Order3(c[i], c[j]) < 0 })
	return c
}

// Key returns a string that is the same for two values exactly when Equal holds between
// them (numbers equal by value share a key). It is used to hash values in maps, sets,
// dedup and group.
func Key(v any) string {
	var b strings.Builder
	writeKey(&b, v)
	return b.String()
}

func writeKey(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteByte('n')
	case string:
		b.WriteByte('s')
		b.WriteString(strconv.Itoa(len(x)))
		b.WriteByte(':')
		b.WriteString(x)
	case bool:
		if x {
			b.WriteString("b1")
		} else {
			b.WriteString("b0")
		}
	case Vertex:
		b.WriteByte('v')
		writeKey(b, x.ID)
	case *Vertex:
		b.WriteByte('v')
		writeKey(b, x.ID)
	case Edge:
		b.WriteByte('e')
		writeKey(b, x.ID)
	case *Edge:
		b.WriteByte('e')
		writeKey(b, x.ID)
	case VertexProperty:
		b.WriteByte('p')
		writeKey(b, x.ID)
		writeKey(b, x.Key)
		writeKey(b, x.Value)
	case Property:
		b.WriteByte('q')
		writeKey(b, x.Key)
		writeKey(b, x.Value)
	case []any:
		b.WriteByte('l')
		b.WriteString(strconv.Itoa(len(x)))
		for _, e := range x {
			writeKey(b, e)
		}
	case Set:
		keys := make([]string, len(x))
		for i, e := range x {
			keys[i] = Key(e)
		}
		sort.Strings(keys)
		b.WriteByte('S')
		b.WriteString(strconv.Itoa(len(x)))
		for _, k := range keys {
			b.WriteString(strconv.Itoa(len(k)))
			b.WriteByte(':')
			b.WriteString(k)
		}
	case *Map:
		keys := make([]string, 0, x.Len())
		x.Range(func(k, v any) bool {
			keys = append(keys, Key(k)+"="+Key(v))
			return true
		})
		sort.Strings(keys)
		b.WriteByte('m')
		b.WriteString(strconv.Itoa(len(keys)))
		for _, k := range keys {
			b.WriteString(strconv.Itoa(len(k)))
			b.WriteByte(':')
			b.WriteString(k)
		}
	case Path:
		b.WriteByte('P')
		writeKey(b, x.Objects)
		for _, ls := range x.Labels {
			ll := make([]any, len(ls))
			for i := range ls {
				ll[i] = ls[i]
			}
			writeKey(b, ll)
		}
	case time.Time:
		b.WriteByte('d')
		b.WriteString(strconv.FormatInt(x.UnixNano(), 10))
	case UUID:
		b.WriteByte('u')
		b.Write(x[:])
	default:
		if IsNumber(v) {
			writeNumberKey(b, v)
			return
		}
		writeOtherKey(b, v)
	}
}

func writeNumberKey(b *strings.Builder, v any) {
	if d, ok := v.(BigDecimal); ok && d.huge() {
		b.WriteString("D" + d.Unscaled.String() + "e" + strconv.Itoa(int(-d.Scale)) + ";")
		return
	}
	if i, ok := AsInt64(v); ok {
		b.WriteByte('i')
		b.WriteString(strconv.FormatInt(i, 10))
		b.WriteByte(';')
		return
	}
	if r, ok := asRat(v); ok {
		if r.IsInt() {
			b.WriteByte('i')
			b.WriteString(r.Num().String())
			b.WriteByte(';')
			return
		}
		b.WriteByte('r')
		b.WriteString(r.RatString())
		b.WriteByte(';')
		return
	}
	f, _ := AsFloat64(v)
	b.WriteByte('f')
	b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	b.WriteByte(';')
}

func writeOtherKey(b *strings.Builder, v any) {
	switch x := v.(type) {
	case T:
		b.WriteString("ET" + string(x) + ";")
	case Direction:
		b.WriteString("ED" + string(x) + ";")
	case Order:
		b.WriteString("EO" + string(x) + ";")
	case Scope:
		b.WriteString("ES" + string(x) + ";")
	case Column:
		b.WriteString("EC" + string(x) + ";")
	case Pop:
		b.WriteString("EP" + string(x) + ";")
	case Cardinality:
		b.WriteString("EK" + string(x) + ";")
	case Merge:
		b.WriteString("EM" + string(x) + ";")
	case Timestamp:
		writeKey(b, time.Time(x))
	case OffsetDateTime:
		writeKey(b, time.Time(x))
	case Char:
		writeKey(b, string(rune(x)))
	case []byte:
		b.WriteString("B" + strconv.Itoa(len(x)) + ":" + string(x))
	case Class:
		b.WriteString("c" + string(x) + ";")
	case time.Duration:
		b.WriteString("D" + strconv.FormatInt(int64(x), 10) + ";")
	default:
		b.WriteString("?")
		b.WriteString(strconv.Quote(strings.TrimSpace(sprint(v))))
	}
}
