package traversal

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wifivault/wifivault/graph/value"
)

// predicate tests a value. Comparisons between values that do not compare (a string and
// a number, null) are false, as in TinkerPop 3.7.
type predicate func(v any) bool

// compilePredicate turns a P, a TextP or a plain value (meaning eq) into a predicate.
func compilePredicate(step string, a any) (predicate, error) {
	switch p := a.(type) {
	case *value.P:
		return compileP(step, p.Op, p.Values)
	case value.P:
		return compileP(step, p.Op, p.Values)
	case *value.TextP:
		return compileTextP(step, p.Op, p.Values)
	case value.TextP:
		return compileTextP(step, p.Op, p.Values)
	case *value.Bytecode:
		return nil, argError(step, "a traversal is not a predicate here")
	}
	return func(v any) bool { return value.Equal(v, a) }, nil
}

func compareWith(arg any, ok func(c int) bool) predicate {
	return func(v any) bool {
		c, comparable := value.Compare(v, arg)
		return comparable && ok(c)
	}
}

func compileP(step, op string, vals []any) (predicate, error) {
	one := func() (any, error) {
		if len(vals) != 1 {
			return nil, argError(step, "P.%s takes one value", op)
		}
		return vals[0], nil
	}
	two := func() (any, any, error) {
		if len(vals) != 2 {
			return nil, nil, argError(step, "P.%s takes two values", op)
		}
		return vals[0], vals[1], nil
	}
	switch op {
	case "eq":
		x, err := one()
		if err != nil {
			return nil, err
		}
		return func(v any) bool { return value.Equal(v, x) }, nil
	case "neq":
		x, err := one()
		if err != nil {
			return nil, err
		}
		return func(v any) bool { return !value.Equal(v, x) }, nil
	case "lt", "lte", "gt", "gte":
		x, err := one()
		if err != nil {
			return nil, err
		}
		switch op {
		case "lt":
			return compareWith(x, func(c int) bool { return c < 0 }), nil
		case "lte":
			return compareWith(x, func(c int) bool { return c <= 0 }), nil
		case "gt":
			return compareWith(x, func(c int) bool { return c > 0 }), nil
		}
		return compareWith(x, func(c int) bool { return c >= 0 }), nil
	case "between", "inside", "outside":
		lo, hi, err := two()
		if err != nil {
			return nil, err
		}
		gte := compareWith(lo, func(c int) bool { return c >= 0 })
		gt := compareWith(lo, func(c int) bool { return c > 0 })
		lt := compareWith(hi, func(c int) bool { return c < 0 })
		lowOut := compareWith(lo, func(c int) bool { return c < 0 })
		highOut := compareWith(hi, func(c int) bool { return c > 0 })
		switch op {
		case "between":
			return func(v any) bool { return gte(v) && lt(v) }, nil
		case "inside":
			return func(v any) bool { return gt(v) && lt(v) }, nil
		}
		return func(v any) bool { return lowOut(v) || highOut(v) }, nil
	case "within", "without":
		set := map[string]bool{}
		var nums []any
		for _, x := range flattenArgs(vals) {
			if value.IsNumber(x) {
				nums = append(nums, x)
			}
			set[value.Key(x)] = true
		}
		in := func(v any) bool {
			if set[value.Key(v)] {
				return true
			}
			if value.IsNumber(v) {
				for _, n := range nums {
					if value.Equal(v, n) {
						return true
					}
				}
			}
			return false
		}
		if op == "within" {
			return in, nil
		}
		return func(v any) bool { return !in(v) }, nil
	case "and", "or":
		if len(vals) == 0 {
			return nil, argError(step, "P.%s needs predicates", op)
		}
		ps := make([]predicate, len(vals))
		for i, x := range vals {
			p, err := compilePredicate(step, x)
			if err != nil {
				return nil, err
			}
			ps[i] = p
		}
		if op == "and" {
			return func(v any) bool {
				for _, p := range ps {
					if !p(v) {
						return false
					}
				}
				return true
			}, nil
		}
		return func(v any) bool {
			for _, p := range ps {
				if p(v) {
					return true
				}
			}
			return false
		}, nil
	case "not":
		x, err := one()
		if err != nil {
			return nil, err
		}
		p, err := compilePredicate(step, x)
		if err != nil {
			return nil, err
		}
		return func(v any) bool { return !p(v) }, nil
	}
	if strings.HasPrefix(op, "not") || isTextOp(op) {
		return compileTextP(step, op, vals)
	}
	return nil, unsupported("predicate P.%s", op)
}

func isTextOp(op string) bool {
	switch op {
	case "containing", "startingWith", "endingWith", "regex":
		return true
	}
	return false
}

func compileTextP(step, op string, vals []any) (predicate, error) {
	if op == "and" || op == "or" || op == "not" {
		return compileP(step, op, vals)
	}
	if len(vals) != 1 {
		return nil, argError(step, "TextP.%s takes one value", op)
	}
	s, ok := vals[0].(string)
	if !ok {
		return nil, argError(step, "TextP.%s needs a string, got %s", op, typeName(vals[0]))
	}
	// A text predicate on a value that is not a string is an error (as in TinkerGraph),
	// raised by the step through textPError.
	str := func(test func(string) bool) predicate {
		return func(v any) bool {
			x, ok := v.(string)
			if !ok {
				panic(textPError{op: op, v: v})
			}
			return test(x)
		}
	}
	neg := func(test func(string) bool) predicate {
		return func(v any) bool {
			x, ok := v.(string)
			if !ok {
				panic(textPError{op: op, v: v})
			}
			return !test(x)
		}
	}
	switch op {
	case "containing":
		return str(func(x string) bool { return strings.Contains(x, s) }), nil
	case "notContaining":
		return neg(func(x string) bool { return strings.Contains(x, s) }), nil
	case "startingWith":
		return str(func(x string) bool { return strings.HasPrefix(x, s) }), nil
	case "notStartingWith":
		return neg(func(x string) bool { return strings.HasPrefix(x, s) }), nil
	case "endingWith":
		return str(func(x string) bool { return strings.HasSuffix(x, s) }), nil
	case "notEndingWith":
		return neg(func(x string) bool { return strings.HasSuffix(x, s) }), nil
	case "regex", "notRegex":
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, argError(step, "TextP.%s: %v", op, err)
		}
		if op == "regex" {
			return str(re.MatchString), nil
		}
		return neg(re.MatchString), nil
	}
	return nil, unsupported("predicate TextP.%s", op)
}

// predicateLabels returns the step labels a where(P) compares with (P values as labels).
func predicateLabels(a any) ([]string, error) {
	var vals []any
	var op string
	switch p := a.(type) {
	case *value.P:
		vals, op = p.Values, p.Op
	case *value.TextP:
		vals, op = p.Values, p.Op
	default:
		return nil, fmt.Errorf("where() needs a predicate, got %s", typeName(a))
	}
	var out []string
	for _, v := range vals {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, y := range x {
				if s, ok := y.(string); ok {
					out = append(out, s)
				}
			}
		case *value.P, *value.TextP:
			if op == "and" || op == "or" || op == "not" {
				sub, err := predicateLabels(x)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
			}
		}
	}
	return out, nil
}

// bindPredicate rebuilds a P whose values are step labels with the labelled objects.
func bindPredicate(a any, resolve func(label string) (any, error)) (any, error) {
	bindVals := func(vals []any, op string) ([]any, error) {
		out := make([]any, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case string:
				r, err := resolve(x)
				if err != nil {
					return nil, err
				}
				out[i] = r
			case []any:
				var l []any
				for _, y := range x {
					if s, ok := y.(string); ok {
						r, err := resolve(s)
						if err != nil {
							return nil, err
						}
						l = append(l, r)
					}
				}
				out[i] = l
			case *value.P, *value.TextP:
				r, err := bindPredicate(x, resolve)
				if err != nil {
					return nil, err
				}
				out[i] = r
			default:
				out[i] = v
			}
		}
		return out, nil
	}
	switch p := a.(type) {
	case *value.P:
		vals, err := bindVals(p.Values, p.Op)
		if err != nil {
			return nil, err
		}
		return &value.P{Op: p.Op, Values: vals}, nil
	case *value.TextP:
		vals, err := bindVals(p.Values, p.Op)
		if err != nil {
			return nil, err
		}
		return &value.TextP{Op: p.Op, Values: vals}, nil
	}
	return a, nil
}

// textPError is raised (as a panic caught by the pipeline) when a text predicate meets a
// value that is not a string.
type textPError struct {
	op string
	v  any
}

func (e textPError) Error() string {
	return fmt.Sprintf("TextP.%s can only test strings, got %s", e.op, typeName(e.v))
}
