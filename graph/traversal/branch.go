package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/value"
)

var branchSteps = map[string]stepBuilder{
	"union":    newUnion,
	"coalesce": newCoalesce,
	"optional": newOptional,
	"local":    newLocal,
	"choose":   newChoose,
	"fail":     newFail,
	"map":      newChildMap,
	"flatMap":  newChildFlatMap,
	"filter":   newChildFilter,
}

// oneChild compiles the single traversal argument of a step.
func oneChild(c *compiler, name string, args []any) (*program, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes one traversal")
	}
	return c.child(name, args[0])
}

func children(c *compiler, name string, args []any) ([]*program, error) {
	out := make([]*program, len(args))
	for i, a := range args {
		p, err := c.child(name, a)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func newUnion(c *compiler, name string, args []any) (step, error) {
	progs, err := children(c, name, args)
	if err != nil {
		return nil, err
	}
	return &flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
		i := 0
		var cur iter = emptyIter{}
		return iterFunc(func() (*traverser, error) {
			for {
				r, err := cur.next()
				if err != nil || r != nil {
					return r, err
				}
				if i >= len(progs) {
					return nil, nil
				}
				cur = progs[i].one(t, e)
				i++
			}
		}), nil
	}}, nil
}

func newCoalesce(c *compiler, name string, args []any) (step, error) {
	progs, err := children(c, name, args)
	if err != nil {
		return nil, err
	}
	return &flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
		for _, p := range progs {
			it := p.one(t, e)
			first, err := it.next()
			if err != nil {
				return nil, err
			}
			if first != nil {
				return &prefixedIter{first: first, rest: it}, nil
			}
		}
		return emptyIter{}, nil
	}}, nil
}

// prefixedIter yields first, then the rest.
type prefixedIter struct {
	first *traverser
	rest  iter
}

func (p *prefixedIter) next() (*traverser, error) {
	if p.first != nil {
		f := p.first
		p.first = nil
		return f, nil
	}
	return p.rest.next()
}

func newOptional(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
		it := p.one(t, e)
		first, err := it.next()
		if err != nil {
			return nil, err
		}
		if first == nil {
			return &sliceIter{items: []*traverser{t}}, nil
		}
		return &prefixedIter{first: first, rest: it}, nil
	}}, nil
}

func newLocal(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &flatIterStep{fn: func(e *env, t *traverser) (iter, error) { return p.one(t, e), nil }}, nil
}

func newChildMap(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		r, err := p.first(t, e)
		if err != nil || r == nil {
			return nil, true, err
		}
		return r.obj, false, nil
	}}, nil
}

func newChildFlatMap(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &flatIterStep{fn: func(e *env, t *traverser) (iter, error) { return p.one(t, e), nil }}, nil
}

func newChildFilter(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) { return p.produces(t, e) }}, nil
}

func newFail(c *compiler, name string, args []any) (step, error) {
	msg := "fail() step triggered"
	if len(args) == 1 {
		s, err := argString(name, args[0])
		if err != nil {
			return nil, err
		}
		msg = s
	} else if len(args) > 1 {
		return nil, argError(name, "takes at most a message")
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
		return false, &FailError{Message: msg}
	}}, nil
}

// chooseStep is choose(cond, true, false), choose(P, true, false) and
// choose(traversal).option(key, branch)....
type chooseStep struct {
	cond      *program
	pred      predicate
	ifTrue    *program
	ifFalse   *program
	options   []chooseOption
	none, any []*program
}

type chooseOption struct {
	key  any
	pred predicate
	prog *program
}

func newChoose(c *compiler, name string, args []any) (step, error) {
	s := &chooseStep{}
	if len(args) == 0 || len(args) > 3 {
		return nil, argError(name, "takes 1 to 3 arguments")
	}
	switch a := args[0].(type) {
	case *value.Bytecode:
		p, err := c.child(name, a)
		if err != nil {
			return nil, err
		}
		s.cond = p
	case *value.P, *value.TextP:
		p, err := compilePredicate(name, a)
		if err != nil {
			return nil, err
		}
		s.pred = p
	case value.T:
		p, err := c.child(name, &value.Bytecode{Steps: []value.Instruction{{Op: string(a)}}})
		if err != nil {
			return nil, err
		}
		s.cond = p
	default:
		return nil, argError(name, "first argument must be a traversal or a predicate, got %s", typeName(a))
	}
	if len(args) >= 2 {
		p, err := c.child(name, args[1])
		if err != nil {
			return nil, err
		}
		s.ifTrue = p
		if len(args) == 3 {
			if s.ifFalse, err = c.child(name, args[2]); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

func (s *chooseStep) modulate(c *compiler, op string, args []any) error {
	if op != "option" {
		return argError(op, "does not modulate choose()")
	}
	if s.ifTrue != nil {
		return argError("option", "choose(condition, true, false) takes no options")
	}
	if len(args) != 2 {
		return argError("option", "takes a key and a traversal")
	}
	p, err := c.child("option", args[1])
	if err != nil {
		return err
	}
	switch k := args[0].(type) {
	case value.Pick:
		switch k {
		case "none":
			s.none = append(s.none, p)
		case "any":
			s.any = append(s.any, p)
		default:
			return unsupported("option(Pick.%s)", k)
		}
		return nil
	case *value.P, *value.TextP:
		pr, err := compilePredicate("option", k)
		if err != nil {
			return err
		}
		s.options = append(s.options, chooseOption{pred: pr, prog: p})
		return nil
	case *value.Bytecode:
		return unsupported("option() with a traversal as its key")
	}
	s.options = append(s.options, chooseOption{key: args[0], prog: p})
	return nil
}

func (s *chooseStep) build(in iter, e *env) iter {
	return (&flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
		if s.ifTrue != nil || s.pred != nil && len(s.options) == 0 && len(s.none) == 0 {
			ok := false
			if s.pred != nil {
				ok = s.pred(t.obj)
			} else {
				var err error
				if ok, err = s.cond.produces(t, e); err != nil {
					return nil, err
				}
			}
			switch {
			case ok && s.ifTrue != nil:
				return s.ifTrue.one(t, e), nil
			case !ok && s.ifFalse != nil:
				return s.ifFalse.one(t, e), nil
			}
			return &sliceIter{items: []*traverser{t}}, nil
		}
		var key any
		if s.cond != nil {
			r, err := s.cond.first(t, e)
			if err != nil {
				return nil, err
			}
			if r == nil {
				return nil, fmt.Errorf("choose(): the traversal for the option key produced nothing")
			}
			key = r.obj
		} else {
			key = t.obj
		}
		var progs []*program
		for _, o := range s.options {
			if (o.pred != nil && o.pred(key)) || (o.pred == nil && value.Equal(o.key, key)) {
				progs = append(progs, o.prog)
			}
		}
		if len(progs) == 0 {
			progs = append(progs, s.none...)
		}
		progs = append(progs, s.any...)
		if len(progs) == 0 { // no option matched and there is no Pick.none: filtered
			return emptyIter{}, nil
		}
		var all []*traverser
		for _, p := range progs {
			r, err := p.all(t, e)
			if err != nil {
				return nil, err
			}
			all = append(all, r...)
		}
		return &sliceIter{items: all}, nil
	}}).build(in, e)
}
