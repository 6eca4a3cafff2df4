package traversal

import (
	"fmt"
	"math/rand/v2"

	"github.com/wifivault/wifivault/graph/value"
)

var filterSteps = map[string]stepBuilder{
	"has":        newHas,
	"hasLabel":   newHasLabel,
	"hasId":      newHasID,
	"hasKey":     newHasKeyOrValue("key"),
	"hasValue":   newHasKeyOrValue("value"),
	"hasNot":     newHasNot,
	"is":         newIs,
	"where":      newWhere,
	"and":        newConnective("and"),
	"or":         newConnective("or"),
	"not":        newNot,
	"dedup":      newDedup,
	"limit":      newRange("limit"),
	"range":      newRange("range"),
	"skip":       newRange("skip"),
	"tail":       newTail,
	"simplePath": newPathFilter(true),
	"cyclicPath": newPathFilter(false),
	"none":       func(*compiler, string, []any) (step, error) { return &filterStep{keep: never}, nil },
	"discard":    func(*compiler, string, []any) (step, error) { return &filterStep{keep: never}, nil },
	"identity":   func(*compiler, string, []any) (step, error) { return nil, nil },
	"coin":       newCoin,
}

func never(*env, *traverser) (bool, error) { return false, nil }

// hasStep is every form of has(): it keeps elements whose property (or id or label)
// satisfies pred. labels restricts the element label (has(label, key, value)).
type hasStep struct {
	filterStep
	labels []string
	key    string
	token  value.T
	pred   predicate
	child  *program
	// eqValues, when set, are the values pred accepts (an equality or within): the
	// optimizer can turn them into an index lookup.
	eqValues []any
}

func newHas(c *compiler, name string, args []any) (step, error) {
	h := &hasStep{}
	switch len(args) {
	case 1:
		switch k := args[0].(type) {
		case string:
			h.key = k
		case value.T:
			h.token = k
		default:
			return nil, argError(name, "key must be a string or T, got %s", typeName(args[0]))
		}
	case 2, 3:
		if len(args) == 3 {
			l, err := argString(name, args[0])
			if err != nil {
				return nil, err
			}
			h.labels = []string{l}
			args = args[1:]
		}
		switch k := args[0].(type) {
		case string:
			h.key = k
		case value.T:
			h.token = k
		default:
			return nil, argError(name, "key must be a string or T, got %s", typeName(args[0]))
		}
		if isTraversal(args[1]) {
			p, err := c.child(name, args[1])
			if err != nil {
				return nil, err
			}
			h.child = p
		} else {
			p, err := compilePredicate(name, args[1])
			if err != nil {
				return nil, err
			}
			h.pred = p
			h.eqValues = equalityValues(args[1])
		}
	default:
		return nil, argError(name, "takes 1 to 3 arguments, got %d", len(args))
	}
	h.keep = h.test
	return h, nil
}

// equalityValues returns the values an argument accepts by equality (a plain value,
// P.eq or P.within), or nil.
func equalityValues(a any) []any {
	switch p := a.(type) {
	case *value.P:
		switch p.Op {
		case "eq":
			return p.Values
		case "within":
			return flattenArgs(p.Values)
		}
		return nil
	case *value.TextP:
		return nil
	case nil:
		return nil
	}
	return []any{a}
}

func (h *hasStep) test(e *env, t *traverser) (bool, error) {
	if len(h.labels) > 0 {
		l, ok := elementLabel(t.obj)
		if !ok || !contains(h.labels, l) {
			return false, nil
		}
	}
	var vals []any
	if h.token != "" {
		v, ok, err := tokenValue(t.obj, h.token)
		if err != nil || !ok {
			return false, err
		}
		vals = []any{v}
	} else {
		switch t.obj.(type) {
		case value.Vertex, value.Edge:
		default:
			return false, fmt.Errorf("has(%q) needs an element, got %s", h.key, typeName(t.obj))
		}
		var err error
		vals, err = propertyValues(e, t, []string{h.key})
		if err != nil {
			return false, err
		}
	}
	if h.pred == nil && h.child == nil {
		return len(vals) > 0, nil
	}
	for _, v := range vals {
		if h.child != nil {
			ok, err := h.child.produces(t.split(v, false), e)
			if err != nil {
				return false, err
			}
			if ok {
				return true, nil
			}
			continue
		}
		if h.pred(v) {
			return true, nil
		}
	}
	return false, nil
}

// labelFilter is hasLabel(): the optimizer reads labels.
type labelFilter struct {
	filterStep
	labels []string // set when every argument is a plain label
}

func newHasLabel(c *compiler, name string, args []any) (step, error) {
	if len(args) == 0 {
		return nil, argError(name, "needs a label")
	}
	f := &labelFilter{}
	if len(args) == 1 {
		if _, isP := args[0].(*value.P); isP {
			p, err := compilePredicate(name, args[0])
			if err != nil {
				return nil, err
			}
			f.keep = func(e *env, t *traverser) (bool, error) {
				l, ok := elementLabel(t.obj)
				return ok && p(l), nil
			}
			return f, nil
		}
	}
	labels, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	f.labels = labels
	f.keep = func(e *env, t *traverser) (bool, error) {
		l, ok := elementLabel(t.obj)
		if !ok {
			return false, fmt.Errorf("hasLabel() needs an element, got %s", typeName(t.obj))
		}
		return contains(labels, l), nil
	}
	return f, nil
}

func newHasID(c *compiler, name string, args []any) (step, error) {
	var p predicate
	if len(args) == 1 {
		switch args[0].(type) {
		case *value.P, *value.TextP:
			var err error
			if p, err = compilePredicate(name, args[0]); err != nil {
				return nil, err
			}
		}
	}
	if p == nil {
		ids, err := idArgs(name, args)
		if err != nil {
			return nil, err
		}
		p, _ = compileP(name, "within", ids)
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
		id, ok := elementID(t.obj)
		return ok && p(id), nil
	}}, nil
}

func newHasKeyOrValue(tok value.T) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		if len(args) == 0 {
			return nil, argError(name, "needs an argument")
		}
		var p predicate
		var err error
		if len(args) == 1 {
			p, err = compilePredicate(name, args[0])
		} else {
			p, err = compileP(name, "within", args)
		}
		if err != nil {
			return nil, err
		}
		return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
			v, ok, err := tokenValue(t.obj, tok)
			if err != nil {
				return false, err
			}
			return ok && p(v), nil
		}}, nil
	}
}

func newHasNot(c *compiler, name string, args []any) (step, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes one key")
	}
	h, err := newHas(c, "has", args)
	if err != nil {
		return nil, err
	}
	inner := h.(*hasStep)
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
		ok, err := inner.test(e, t)
		return !ok, err
	}}, nil
}

func newIs(c *compiler, name string, args []any) (step, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes one value or predicate")
	}
	p, err := compilePredicate(name, args[0])
	if err != nil {
		return nil, err
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) { return p(t.obj), nil }}, nil
}

func newConnective(op string) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		progs := make([]*program, len(args))
		for i, a := range args {
			p, err := c.child(name, a)
			if err != nil {
				return nil, err
			}
			progs[i] = p
		}
		return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
			for _, p := range progs {
				ok, err := p.produces(t, e)
				if err != nil {
					return false, err
				}
				if op == "and" && !ok {
					return false, nil
				}
				if op == "or" && ok {
					return true, nil
				}
			}
			return op == "and", nil
		}}, nil
	}
}

func newNot(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
		ok, err := p.produces(t, e)
		return !ok, err
	}}, nil
}

func newCoin(c *compiler, name string, args []any) (step, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes a probability")
	}
	p, ok := value.AsFloat64(args[0])
	if !ok {
		return nil, argError(name, "takes a number")
	}
	return &filterStep{keep: func(*env, *traverser) (bool, error) { return rand.Float64() < p, nil }}, nil
}

// pathFilter is simplePath() (no repeated object) and cyclicPath() (some repeated object).
func newPathFilter(simple bool) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		if len(args) > 0 {
			return nil, argError(name, "takes no arguments")
		}
		return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
			objs, _ := t.pathObjects()
			seen := make(map[string]bool, len(objs))
			repeated := false
			for _, o := range objs {
				k := value.Key(o)
				if seen[k] {
					repeated = true
					break
				}
				seen[k] = true
			}
			return repeated != simple, nil
		}}, nil
	}
}
