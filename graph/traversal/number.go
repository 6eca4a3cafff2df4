package traversal

import (
	"fmt"
	"math"
	"math/big"

	"github.com/wifivault/wifivault/graph/value"
)

// add sums two numbers the way TinkerPop promotes types: the result has the wider type
// of the two (byte < short < int < long < bigint < float < double); an int that would
// overflow becomes a long, a long a BigInteger.
func add(a, b any) (any, error) { return arith(a, b, '+') }

func mul(a, b any) (any, error) { return arith(a, b, '*') }

func arith(a, b any, op byte) (any, error) {
	if !value.IsNumber(a) || !value.IsNumber(b) {
		return nil, fmt.Errorf("cannot compute with %s and %s: both must be numbers", typeName(a), typeName(b))
	}
	ka, kb := kind(a), kind(b)
	k := max(ka, kb)
	switch {
	case k >= kindFloat:
		x, _ := value.AsFloat64(a)
		y, _ := value.AsFloat64(b)
		var r float64
		switch op {
		case '+':
			r = x + y
		case '-':
			r = x - y
		case '*':
			r = x * y
		case '/':
			r = x / y
		}
		if k == kindFloat {
			return float32(r), nil
		}
		return r, nil
	case k == kindBig:
		x, y := toBig(a), toBig(b)
		switch op {
		case '+':
			return new(big.Int).Add(x, y), nil
		case '-':
			return new(big.Int).Sub(x, y), nil
		case '*':
			return new(big.Int).Mul(x, y), nil
		case '/':
			if y.Sign() == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return new(big.Int).Quo(x, y), nil
		}
	}
	x, _ := value.AsInt64(a)
	y, _ := value.AsInt64(b)
	var r int64
	overflow := false
	switch op {
	case '+':
		r = x + y
		overflow = (x > 0 && y > 0 && r < 0) || (x < 0 && y < 0 && r >= 0)
	case '-':
		r = x - y
		overflow = (x >= 0 && y < 0 && r < 0) || (x < 0 && y > 0 && r >= 0)
	case '*':
		r = x * y
		overflow = x != 0 && (r/x != y || (x == -1 && y == math.MinInt64))
	case '/':
		if y == 0 {
			return nil, fmt.Errorf("division by zero")
		}
		r = x / y
	}
	if overflow {
		return arith(toBig(a), toBig(b), op)
	}
	switch {
	case k <= kindInt && r >= math.MinInt32 && r <= math.MaxInt32:
		switch k {
		case kindByte:
			if r >= math.MinInt8 && r <= math.MaxInt8 {
				return int8(r), nil
			}
		case kindShort:
			if r >= math.MinInt16 && r <= math.MaxInt16 {
				return int16(r), nil
			}
		}
		return int32(r), nil
	}
	return r, nil
}

const (
	kindByte = iota
	kindShort
	kindInt
	kindLong
	kindBig
	kindFloat
	kindDouble
)

func kind(v any) int {
	switch v.(type) {
	case int8, uint8:
		return kindByte
	case int16:
		return kindShort
	case int32:
		return kindInt
	case int64, int:
		return kindLong
	case *big.Int:
		return kindBig
	case float32:
		return kindFloat
	}
	return kindDouble
}

func toBig(v any) *big.Int {
	if b, ok := v.(*big.Int); ok {
		return b
	}
	i, _ := value.AsInt64(v)
	return big.NewInt(i)
}

// times multiplies a number by a bulk.
func times(v any, bulk int64) (any, error) {
	if bulk == 1 {
		return v, nil
	}
	return mul(v, bulk)
}
