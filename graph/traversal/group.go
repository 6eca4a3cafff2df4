package traversal

import (
	"github.com/wifivault/wifivault/graph/value"
)

// groupStep is group() and groupCount(), as a reducing barrier or, with a side-effect
// key, as a pass-through that fills the side effect.
type groupStep struct {
	count   bool
	sideKey string
	keyBy   *byMod
	valueBy *byMod
	bys     int
}

func newGroup(c *compiler, name string, args []any) (step, error) {
	return newGrouping(c, name, args, false)
}

func newGroupCount(c *compiler, name string, args []any) (step, error) {
	return newGrouping(c, name, args, true)
}

func newGrouping(c *compiler, name string, args []any, count bool) (step, error) {
	s := &groupStep{count: count}
	if len(args) > 1 {
		return nil, argError(name, "takes at most a side-effect key")
	}
	if len(args) == 1 {
		k, err := argString(name, args[0])
		if err != nil {
			return nil, err
		}
		s.sideKey = k
	}
	return s, nil
}

func (s *groupStep) isReducing() bool { return s.sideKey == "" }

func (s *groupStep) modulate(c *compiler, op string, args []any) error {
	name := "group"
	if s.count {
		name = "groupCount"
	}
	if op != "by" {
		return argError(op, "does not modulate %s()", name)
	}
	b, err := parseBy(c, name, args)
	if err != nil {
		return err
	}
	switch {
	case s.bys == 0:
		s.keyBy = b
	case s.bys == 1 && !s.count:
		s.valueBy = b
	default:
		return argError("by", "too many by() modulators for %s()", name)
	}
	s.bys++
	return nil
}

// grouper accumulates traversers by key.
type grouper struct {
	keys    []any
	members map[string][]*traverser
	order   map[string]int
}

func newGrouper() *grouper {
	return &grouper{members: map[string][]*traverser{}, order: map[string]int{}}
}

func (g *grouper) add(k any, t *traverser) {
	ks := value.Key(k)
	if _, ok := g.order[ks]; !ok {
		g.order[ks] = len(g.keys)
		g.keys = append(g.keys, k)
	}
	g.members[ks] = append(g.members[ks], t)
}

func (s *groupStep) accumulate(e *env, g *grouper, t *traverser) error {
	k, ok, err := s.keyBy.apply(e, t)
	if err != nil || !ok {
		return err
	}
	g.add(k, t)
	return nil
}

// result renders the accumulated groups as a map.
func (s *groupStep) result(e *env, g *grouper) (*value.Map, error) {
	m := value.NewMap(len(g.keys))
	for _, k := range g.keys {
		members := g.members[value.Key(k)]
		if s.count {
			var n int64
			for _, t := range members {
				n += t.bulk
			}
			m.Put(k, n)
			continue
		}
		v, ok, err := s.groupValue(e, members)
		if err != nil {
			return nil, err
		}
		if ok {
			m.Put(k, v)
		}
	}
	return m, nil
}

func (s *groupStep) groupValue(e *env, members []*traverser) (any, bool, error) {
	vb := s.valueBy
	if vb != nil && vb.kind == byTraversal {
		res, err := drain(vb.prog.start(&sliceIter{items: append([]*traverser(nil), members...)}, e))
		if err != nil {
			return nil, false, err
		}
		if endsReducing(vb.prog) {
			if len(res) == 0 {
				return nil, false, nil
			}
			return res[0].obj, true, nil
		}
		out := make([]any, 0, len(res))
		for _, r := range res {
			for n := int64(0); n < r.bulk; n++ {
				out = append(out, r.obj)
			}
		}
		return out, true, nil
	}
	out := make([]any, 0, len(members))
	for _, t := range members {
		v, ok, err := vb.apply(e, t)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			continue
		}
		for n := int64(0); n < t.bulk; n++ {
			out = append(out, v)
		}
	}
	return out, true, nil
}

// endsReducing reports whether a program's last step reduces its input to one value.
func endsReducing(p *program) bool {
	if len(p.steps) == 0 {
		return false
	}
	r, ok := p.steps[len(p.steps)-1].(interface{ isReducing() bool })
	return ok && r.isReducing()
}

func (s *groupStep) build(in iter, e *env) iter {
	if s.sideKey != "" {
		g := newGrouper()
		se := &sideEffect{}
		se.reduce = func() (any, error) { return s.result(e, g) }
		e.setSideEffect(s.sideKey, se)
		return (&filterStep{keep: func(e *env, t *traverser) (bool, error) {
			return true, s.accumulate(e, g, t)
		}}).build(in, e)
	}
	return (&barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) {
		g := newGrouper()
		for _, t := range all {
			if err := s.accumulate(e, g, t); err != nil {
				return nil, err
			}
		}
		m, err := s.result(e, g)
		if err != nil {
			return nil, err
		}
		return []*traverser{fresh(m, e)}, nil
	}}).build(in, e)
}
