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
