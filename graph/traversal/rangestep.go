package traversal

import (
	"github.com/wifivault/wifivault/graph/value"
)

// rangeStep is range(lo, hi), limit(n) and skip(n), global or local. hi < 0 means no end.
type rangeStep struct {
	lo, hi int64
	local  bool
	// single is set for limit(local, 1) style ranges of one item: the item itself is returned.
	name string
}

func newRange(kind string) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		scope, rest := scopeArg(args)
		s := &rangeStep{local: scope == "local", name: kind, hi: -1}
		var err error
		switch kind {
		case "limit":
			if len(rest) != 1 {
				return nil, argError(name, "takes a count")
			}
			if s.hi, err = argInt(name, rest[0]); err != nil {
				return nil, err
			}
		case "skip":
			if len(rest) != 1 {
				return nil, argError(name, "takes a count")
			}
			if s.lo, err = argInt(name, rest[0]); err != nil {
				return nil, err
			}
		default:
			if len(rest) != 2 {
				return nil, argError(name, "takes a low and a high end")
			}
			if s.lo, err = argInt(name, rest[0]); err != nil {
				return nil, err
			}
			if s.hi, err = argInt(name, rest[1]); err != nil {
				return nil, err
			}
			if s.hi >= 0 && s.hi < s.lo {
				return nil, argError(name, "high end %d is below low end %d", s.hi, s.lo)
			}
		}
		if s.lo < 0 {
			return nil, argError(name, "low end must not be negative")
		}
		return s, nil
	}
}

func (s *rangeStep) build(in iter, e *env) iter {
	if s.local {
		return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
			return localRange(t.obj, s.lo, s.hi), false, nil
		}}).build(in, e)
	}
	var n int64
	return iterFunc(func() (*traverser, error) {
		for {
			if s.hi >= 0 && n >= s.hi {
				return nil, nil
			}
			t, err := in.next()
			if t == nil || err != nil {
				return nil, err
			}
			start := n
			n += t.bulk
			// the part of [start, n) inside [lo, hi)
			from := max(start, s.lo)
			to := n
			if s.hi >= 0 {
				to = min(n, s.hi)
			}
			if to > from {
				if to-from != t.bulk {
					t = t.clone()
					t.bulk = to - from
				}
				return t, nil
			}
		}
	})
}

// localRange applies range() to a collection: a list or set gives a list (or the single
// item when the range is one long), a map gives a map.
func localRange(obj any, lo, hi int64) any {
	clip := func(n int) (int, int) {
		a, b := int(lo), n
		if hi >= 0 && int(hi) < b {
			b = int(hi)
		}
		if a > n {
			a = n
		}
		if b < a {
			b = a
		}
		return a, b
	}
	switch c := obj.(type) {
	case *value.Map:
		a, b := clip(c.Len())
		m := value.NewMap(b - a)
		for i := a; i < b; i++ {
			m.Put(c.Keys()[i], c.Values()[i])
		}
		return m
	}
	items, ok := collection(obj)
	if !ok {
		return obj
	}
	a, b := clip(len(items))
	if hi >= 0 && hi-lo == 1 {
		if b > a {
			return items[a]
		}
		return nil
	}
	return append([]any{}, items[a:b]...)
}

// tailStep is tail(n) and tail(local, n).
type tailStep struct {
	n     int64
	local bool
}

func newTail(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	s := &tailStep{n: 1, local: scope == "local"}
	if len(rest) > 1 {
		return nil, argError(name, "takes a count")
	}
	if len(rest) == 1 {
		n, err := argInt(name, rest[0])
		if err != nil {
			return nil, err
		}
		s.n = n
	}
	return s, nil
}

func (s *tailStep) build(in iter, e *env) iter {
	if s.local {
		return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
			n := s.n
			size := int64(0)
			if m, ok := t.obj.(*value.Map); ok {
				size = int64(m.Len())
			} else if items, ok := collection(t.obj); ok {
				size = int64(len(items))
			} else {
				return t.obj, false, nil
			}
			lo := max(size-n, 0)
			if n == 1 {
				return localRange(t.obj, lo, lo+1), false, nil
			}
			r := localRange(t.obj, lo, -1)
			return r, false, nil
		}}).build(in, e)
	}
	return (&barrierStep{fn: func(e *env, all []*traverser) ([]*traverser, error) {
		var out []*traverser
		remaining := s.n
		for i := len(all) - 1; i >= 0 && remaining > 0; i-- {
			t := all[i]
			if t.bulk > remaining {
				t = t.clone()
				t.bulk = remaining
			}
			remaining -= t.bulk
			out = append(out, t)
		}
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		return out, nil
	}}).build(in, e)
}
