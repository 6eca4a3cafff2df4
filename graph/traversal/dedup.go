package traversal

import (
	"github.com/wifivault/wifivault/graph/value"
)

// dedupStep is dedup(): each distinct object (or by() value, or tuple of labelled objects)
// passes once. dedup(local) removes duplicates inside a collection.
type dedupStep struct {
	local  bool
	labels []string
	by     *byMod
}

func newDedup(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	labels, err := argStrings(name, rest)
	if err != nil {
		return nil, err
	}
	if len(labels) > 0 {
		c.trackPaths = true
	}
	return &dedupStep{local: scope == "local", labels: labels}, nil
}

func (s *dedupStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate dedup()")
	}
	b, err := parseBy(c, "dedup", args)
	s.by = b
	return err
}

func (s *dedupStep) build(in iter, e *env) iter {
	if s.local {
		return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
			items, isColl := collection(t.obj)
			if !isColl {
				return t.obj, false, nil
			}
			seen := map[string]bool{}
			var out []any
			for _, x := range items {
				k := value.Key(x)
				if !seen[k] {
					seen[k] = true
					out = append(out, x)
				}
			}
			return value.Set(out), false, nil
		}}).build(in, e)
	}
	seen := map[string]bool{}
	return (&filterStep{keep: func(e *env, t *traverser) (bool, error) {
		var key string
		if len(s.labels) > 0 {
			tuple := make([]any, len(s.labels))
			for i, l := range s.labels {
				v, ok := scopeValue(e, t, l, "last")
				if !ok {
					return false, nil
				}
				bv, ok, err := s.by.apply(e, t.split(v, false))
				if err != nil || !ok {
					return false, err
				}
				tuple[i] = bv
			}
			key = value.Key(tuple)
		} else {
			v, ok, err := s.by.apply(e, t)
			if err != nil || !ok {
				return false, err
			}
			key = value.Key(v)
		}
		if seen[key] {
			return false, nil
		}
		seen[key] = true
		t.bulk = 1
		return true, nil
	}}).build(in, e)
}

// collection returns the items of a list, set, bulk set or path; a map's entries.
func collection(obj any) ([]any, bool) {
	switch c := obj.(type) {
	case []any:
		return c, true
	case value.Set:
		return c, true
	case *value.BulkSet:
		return bulkSetList(c), true
	case value.Path:
		return c.Objects, true
	case *value.Map:
		out := make([]any, 0, c.Len())
		c.Range(func(k, v any) bool {
			out = append(out, mapEntry{key: k, value: v})
			return true
		})
		return out, true
	}
	return nil, false
}
