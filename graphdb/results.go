package graphdb

import (
	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// gremlin-go's Traversal.Next reports "no results left" instead of the server's error when
// a traversal fails (its result set is empty and closed), so commands read results through
// these helpers, which surface the failure, classified.

// All runs t and returns every result.
func All(t *gremlingo.GraphTraversal) ([]*gremlingo.Result, error) {
	res, err := t.ToList()
	return res, Classify(err)
}

// First runs t and returns its first result, or nil when it has none.
func First(t *gremlingo.GraphTraversal) (*gremlingo.Result, error) {
	res, err := t.ToList()
	if err != nil {
		return nil, Classify(err)
	}
	if len(res) == 0 {
		return nil, nil
	}
	return res[0], nil
}

// Exec runs t for its effects.
func Exec(t *gremlingo.GraphTraversal) error {
	return Classify(<-t.Iterate())
}

// Flatten turns a valueMap() (or elementMap()) result into field → value: a property
// with one value gives the value, one with several gives the list, one with none is left
// out, and token keys (T.id, T.label) are dropped.
func Flatten(v any) map[string]any {
	m, _ := v.(map[any]any)
	out := make(map[string]any, len(m))
	for k, val := range m {
		ks, ok := k.(string)
		if !ok {
			continue
		}
		if l, isList := val.([]any); isList {
			switch len(l) {
			case 0:
				continue
			case 1:
				out[ks] = l[0]
				continue
			}
		}
		out[ks] = val
	}
	return out
}
