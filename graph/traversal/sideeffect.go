package traversal

import (
	"github.com/wifivault/wifivault/graph/value"
)

var sideEffectSteps = map[string]stepBuilder{
	"aggregate":  newAggregate(false),
	"store":      newAggregate(true),
	"cap":        newCap,
	"sideEffect": newSideEffect,
}

// current is the side effect's value as select()/where()/cap() see it.
func (s *sideEffect) current() any {
	if s.reduce != nil {
		v, err := s.reduce()
		if err != nil {
			return nil
		}
		return v
	}
	if s.items != nil || s.value == nil {
		b := &value.BulkSet{}
		idx := map[string]int{}
		for _, t := range s.items {
			k := value.Key(t.obj)
			if i, ok := idx[k]; ok {
				b.Bulks[i] += t.bulk
				continue
			}
			idx[k] = len(b.Items)
			b.Items = append(b.Items, t.obj)
			b.Bulks = append(b.Bulks, t.bulk)
		}
		return bulkSetList(b)
	}
	return s.value
}

// aggregateStep is aggregate(key) (a barrier: everything is collected before anything
// moves on) and store(key) / aggregate(local, key) (collects as traversers pass).
type aggregateStep struct {
	key  string
	lazy bool
	by   *byMod
}

func newAggregate(lazy bool) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		scope, rest := scopeArg(args)
		if len(rest) != 1 {
			return nil, argError(name, "takes a side-effect key")
		}
		k, err := argString(name, rest[0])
		if err != nil {
			return nil, err
		}
		return &aggregateStep{key: k, lazy: lazy || scope == "local"}, nil
	}
}

func (s *aggregateStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate aggregate()")
	}
	b, err := parseBy(c, "aggregate", args)
	s.by = b
	return err
}

func (s *aggregateStep) build(in iter, e *env) iter {
	se, ok := e.sideEffects[s.key]
	if !ok || se.reduce != nil {
		se = &sideEffect{items: []*traverser{}}
		e.setSideEffect(s.key, se)
	}
	collect := func(e *env, t *traverser) error {
		v, ok, err := s.by.apply(e, t)
		if err != nil || !ok {
			return err
		}
		se.items = append(se.items, &traverser{obj: v, bulk: t.bulk})
		return nil
	}
	if s.lazy {
		return (&filterStep{keep: func(e *env, t *traverser) (bool, error) {
			return true, collect(e, t)
		}}).build(in, e)
	}
	return (&barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) {
		for _, t := range all {
			if err := collect(e, t); err != nil {
				return nil, err
			}
		}
		return all, nil
	}}).build(in, e)
}

// capStep is cap(keys...): after every input has passed, the side effect(s).
type capStep struct{ keys []string }

func newCap(c *compiler, name string, args []any) (step, error) {
	keys, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, argError(name, "needs a side-effect key")
	}
	return &capStep{keys: keys}, nil
}

func (s *capStep) isReducing() bool { return true }

func (s *capStep) build(in iter, e *env) iter {
	return (&barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) {
		get := func(k string) (any, error) {
			se, ok := e.sideEffects[k]
			if !ok {
				return nil, argError("cap", "no side effect named %q", k)
			}
			if se.reduce != nil {
				return se.reduce()
			}
			return se.current(), nil
		}
		if len(s.keys) == 1 {
			v, err := get(s.keys[0])
			if err != nil {
				return nil, err
			}
			return []*traverser{fresh(v, e)}, nil
		}
		m := value.NewMap(len(s.keys))
		for _, k := range s.keys {
			v, err := get(k)
			if err != nil {
				return nil, err
			}
			m.Put(k, v)
		}
		return []*traverser{fresh(m, e)}, nil
	}}).build(in, e)
}

func newSideEffect(c *compiler, name string, args []any) (step, error) {
	p, err := oneChild(c, name, args)
	if err != nil {
		return nil, err
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
		_, err := p.all(t, e)
		return true, err
	}}, nil
}
