package graphdb

import (
	"fmt"
	"strconv"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// gremlin-go's Traversal.Next reports "no results left" instead of the server's error when
// a traversal fails (its result set is empty and closed), so commands read results through
// these helpers, which surface the failure, classified.

// All runs t and returns every result.
func All(t *gremlingo.GraphTraversal) ([]*gremlingo.Result, error) {
	res, err := toList(t)
	return res, Classify(err)
}

// First runs t and returns its first result, or nil when it has none.
func First(t *gremlingo.GraphTraversal) (*gremlingo.Result, error) {
	res, err := toList(t)
	if err != nil {
		return nil, Classify(err)
	}
	if len(res) == 0 {
		return nil, nil
	}
	return res[0], nil
}

// Exec runs t for its effects; nothing comes back (the none() step Iterate also appends).
func Exec(t *gremlingo.GraphTraversal) error {
	if err := t.Bytecode.AddStep("none"); err != nil {
		return err
	}
	_, err := toList(t)
	return Classify(err)
}

// toList runs t in the calling goroutine (gremlin-go's Iterate runs it in a goroutine of
// its own) and turns a panic of the driver into an error: gremlin-go v3.7.3 can panic with
// "send on closed channel" when a request is written to a connection that its read loop
// is closing (the server went away), which must cost one request, not the process.
func toList(t *gremlingo.GraphTraversal) (res []*gremlingo.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, &UnavailableError{Err: fmt.Errorf("gremlin driver: %v", p)}
		}
	}()
	return t.ToList()
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

// Int64 reads a whole-number field of a Flatten result: any Gremlin integer or floating
// type, or a decimal string (a backend may hand a number back as either), as int64; 0
// when the field is absent or not a number.
func Int64(m map[string]any, k string) int64 {
	switch v := m[k].(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	case int:
		return int64(v)
	case int16:
		return int64(v)
	case int8:
		return int64(v)
	case float64:
		return int64(v)
	case float32:
		return int64(v)
	case string:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	return 0
}
