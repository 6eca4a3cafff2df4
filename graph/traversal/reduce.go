package traversal

import (
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/wifivault/wifivault/graph/value"
)

var reduceSteps = map[string]stepBuilder{
	"fold":       newFold,
	"count":      newReducer("count"),
	"sum":        newReducer("sum"),
	"min":        newReducer("min"),
	"max":        newReducer("max"),
	"mean":       newReducer("mean"),
	"order":      newOrder,
	"group":      newGroup,
	"groupCount": newGroupCount,
	"barrier":    newBarrier,
}

// reducingSteps end a group() value traversal with one value instead of a list.
var reducingSteps = map[string]bool{"fold": true, "count": true, "sum": true, "min": true, "max": true, "mean": true, "groupCount": true, "group": true}

// reducerStep is count/sum/min/max/mean, global (a barrier) or local (per collection).
type reducerStep struct {
	op    string
	local bool
}

func newReducer(op string) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		scope, rest := scopeArg(args)
		if len(rest) > 0 {
			return nil, argError(name, "takes only a Scope")
		}
		return &reducerStep{op: op, local: scope == "local"}, nil
	}
}

func (s *reducerStep) isReducing() bool { return !s.local }

// reduce folds objects with their bulks; ok is false when there is no result (an empty
// sum, min, max or mean).
func reduceValues(op string, objs []any, bulks []int64) (any, bool, error) {
	switch op {
	case "count":
		var n int64
		for _, b := range bulks {
			n += b
		}
		return n, true, nil
	case "sum", "mean":
		var acc any
		var n int64
		for i, o := range objs {
			if o == nil {
				continue
			}
			v, err := times(o, bulks[i])
			if err != nil {
				return nil, false, fmt.Errorf("%s(): %w", op, err)
			}
			if acc == nil {
				acc = v
			} else if acc, err = add(acc, v); err != nil {
				return nil, false, fmt.Errorf("%s(): %w", op, err)
			}
			n += bulks[i]
		}
		if acc == nil {
			return nil, false, nil
		}
		if op == "mean" {
			f, _ := value.AsFloat64(acc)
			return f / float64(n), true, nil
		}
		return acc, true, nil
	case "min", "max":
		var best any
		found := false
		for _, o := range objs {
			if o == nil {
				continue
			}
			if !found {
				best, found = o, true
				continue
			}
			c, ok := value.Compare(o, best)
			if !ok {
				if value.IsNumber(o) != value.IsNumber(best) {
					return nil, false, fmt.Errorf("%s(): cannot compare %s and %s", op, typeName(o), typeName(best))
				}
				continue
			}
			if (op == "min" && c < 0) || (op == "max" && c > 0) {
				best = o
			}
		}
		return best, found, nil
	}
	return nil, false, unsupported("reducer %s", op)
}

func (s *reducerStep) build(in iter, e *env) iter {
	if s.local {
		return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
			items, isColl := collection(t.obj)
			if !isColl {
				items = []any{t.obj}
			}
			if s.op == "count" {
				if m, ok := t.obj.(*value.Map); ok {
					return int64(m.Len()), false, nil
				}
			}
			bulks := make([]int64, len(items))
			for i := range bulks {
				bulks[i] = 1
			}
			v, ok, err := reduceValues(s.op, items, bulks)
			if err != nil {
				return nil, false, err
			}
			if !ok {
				return nil, true, nil
			}
			return v, false, nil
		}}).build(in, e)
	}
	return (&barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) {
		objs := make([]any, len(all))
		bulks := make([]int64, len(all))
		for i, t := range all {
			objs[i], bulks[i] = t.obj, t.bulk
		}
		v, ok, err := reduceValues(s.op, objs, bulks)
		if err != nil || !ok {
			return nil, err
		}
		if s.op == "sum" {
			v = widenSum(v)
		}
		return []*traverser{fresh(v, e)}, nil
	}}).build(in, e)
}

// foldStep is fold() (a list of everything) and fold(seed, Operator).
type foldStep struct {
	seed any
	op   value.Operator
}

func newFold(c *compiler, name string, args []any) (step, error) {
	switch len(args) {
	case 0:
		return &foldStep{}, nil
	case 2:
		op, ok := args[1].(value.Operator)
		if !ok {
			return nil, argError(name, "second argument must be an Operator, got %s", typeName(args[1]))
		}
		return &foldStep{seed: args[0], op: op}, nil
	}
	return nil, argError(name, "takes no arguments or a seed and an Operator")
}

func (s *foldStep) isReducing() bool { return true }

func (s *foldStep) build(in iter, e *env) iter {
	return (&barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) {
		if s.op == "" {
			out := make([]any, 0, len(all))
			for _, t := range all {
				for n := int64(0); n < t.bulk; n++ {
					out = append(out, t.obj)
				}
			}
			return []*traverser{fresh(out, e)}, nil
		}
		acc := s.seed
		for _, t := range all {
			for n := int64(0); n < t.bulk; n++ {
				var err error
				if acc, err = applyOperator(s.op, acc, t.obj); err != nil {
					return nil, err
				}
			}
		}
		return []*traverser{fresh(acc, e)}, nil
	}}).build(in, e)
}

// applyOperator is one Operator of fold(seed, op) and sack().
func applyOperator(op value.Operator, a, b any) (any, error) {
	switch op {
	case "sum":
		return add(a, b)
	case "minus":
		return arith(a, b, '-')
	case "mult":
		return mul(a, b)
	case "div":
		return arith(a, b, '/')
	case "min", "max":
		c, ok := value.Compare(a, b)
		if !ok {
			return nil, fmt.Errorf("Operator.%s cannot compare %s and %s", op, typeName(a), typeName(b))
		}
		if (op == "min" && c <= 0) || (op == "max" && c >= 0) {
			return a, nil
		}
		return b, nil
	case "assign":
		return b, nil
	case "and", "or":
		x, ok1 := a.(bool)
		y, ok2 := b.(bool)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("Operator.%s needs booleans", op)
		}
		if op == "and" {
			return x && y, nil
		}
		return x || y, nil
	case "addAll":
		l, _ := collection(a)
		r, ok := collection(b)
		if !ok {
			r = []any{b}
		}
		return append(append([]any{}, l...), r...), nil
	}
	return nil, unsupported("Operator.%s", op)
}

// orderStep is order() with its by() modulators, global or local.
type orderStep struct {
	local bool
	bys   byList
}

func newOrder(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	if len(rest) > 0 {
		return nil, argError(name, "takes only a Scope")
	}
	return &orderStep{local: scope == "local"}, nil
}

func (s *orderStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate order()")
	}
	b, err := parseBy(c, "order", args)
	if err != nil {
		return err
	}
	switch b.order {
	case "asc", "desc", "shuffle", "incr", "decr":
	default:
		return argError("by", "unknown Order %q", b.order)
	}
	s.bys = append(s.bys, b)
	return nil
}

// sortKeys computes the by() values of every item; unproductive items are dropped.
func (s *orderStep) sortItems(e *env, items []*traverser) ([]*traverser, error) {
	bys := s.bys
	if len(bys) == 0 {
		bys = byList{{kind: byIdentity, order: "asc"}}
	}
	type keyed struct {
		t    *traverser
		keys []any
	}
	ks := make([]keyed, 0, len(items))
	for _, t := range items {
		keys := make([]any, len(bys))
		productive := true
		for i, b := range bys {
			v, ok, err := b.apply(e, t)
			if err != nil {
				return nil, err
			}
			if !ok {
				productive = false
				break
			}
			keys[i] = v
		}
		if productive {
			ks = append(ks, keyed{t: t, keys: keys})
		}
	}
	shuffle := false
	for _, b := range bys {
		if b.order == "shuffle" {
			shuffle = true
		}
	}
	if shuffle {
		rand.Shuffle(len(ks), func(i, j int) { ks[i], ks[j] = ks[j], ks[i] })
	} else {
		sort.SliceStable(ks, func(i, j int) bool {
			for n, b := range bys {
				c := value.Order3(ks[i].keys[n], ks[j].keys[n])
				if b.order == "desc" || b.order == "decr" {
					c = -c
				}
				if c != 0 {
					return c < 0
				}
			}
			return false
		})
	}
	out := make([]*traverser, len(ks))
	for i, k := range ks {
		out[i] = k.t
	}
	return out, nil
}

func (s *orderStep) build(in iter, e *env) iter {
	if s.local {
		return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
			items, ok := collection(t.obj)
			if !ok {
				return t.obj, false, nil
			}
			ts := make([]*traverser, len(items))
			for i, x := range items {
				ts[i] = t.split(x, false)
			}
			sorted, err := s.sortItems(e, ts)
			if err != nil {
				return nil, false, err
			}
			if _, isMap := t.obj.(*value.Map); isMap {
				m := value.NewMap(len(sorted))
				for _, x := range sorted {
					me := x.obj.(mapEntry)
					m.Put(me.key, me.value)
				}
				return m, false, nil
			}
			out := make([]any, len(sorted))
			for i, x := range sorted {
				out[i] = x.obj
			}
			return out, false, nil
		}}).build(in, e)
	}
	return (&barrierStep{fn: s.sortItems}).build(in, e)
}

func newBarrier(c *compiler, name string, args []any) (step, error) {
	return &barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) { return all, nil }}, nil
}

// widenSum gives a global sum of Byte, Short or Int values as a Long, as TinkerGraph
// 3.7 answers (sum(local) keeps the type).
func widenSum(v any) any {
	switch n := v.(type) {
	case int8:
		return int64(n)
	case int16:
		return int64(n)
	case int32:
		return int64(n)
	}
	return v
}
