package server

import (
	"time"

	"github.com/wifivault/wifivault/graph/value"
)

// batchSizeArg reads the "batchSize" argument (Int or Long, positive).
func batchSizeArg(args map[string]any, def int) (int, error) {
	v, ok := args["batchSize"]
	if !ok || v == nil {
		return def, nil
	}
	n, ok := value.AsInt64(v)
	if !ok || n <= 0 || n > 1<<20 {
		return 0, badRequest("batchSize must be a positive Int or Long, got %v", describe(v))
	}
	return int(n), nil
}

// evaluationTimeoutArg reads "evaluationTimeout" (milliseconds, Int or Long; 0 = no limit).
func evaluationTimeoutArg(args map[string]any, def time.Duration) (time.Duration, error) {
	v, ok := args["evaluationTimeout"]
	if !ok || v == nil {
		return def, nil
	}
	n, ok := value.AsInt64(v)
	if !ok || n < 0 {
		return 0, badRequest("evaluationTimeout must be a non-negative Int or Long of milliseconds, got %v", describe(v))
	}
	return time.Duration(n) * time.Millisecond, nil
}

// aliasArg reads the graph the "aliases" argument binds "g" to ("g" without aliases).
func aliasArg(args map[string]any) (string, error) {
	v, ok := args["aliases"]
	if !ok || v == nil {
		return "g", nil
	}
	m, ok := v.(*value.Map)
	if !ok {
		return "", badRequest("aliases must be a Map, got %v", describe(v))
	}
	target, ok := m.Get("g")
	if !ok {
		return "", badRequest("aliases must bind the traversal source 'g' (e.g. {\"g\": \"<graph>\"})")
	}
	name, ok := target.(string)
	if !ok {
		return "", badRequest("the alias of 'g' must be a String, got %v", describe(target))
	}
	return name, nil
}

// sessionArg reads the "session" argument (a String, or a UUID).
func sessionArg(args map[string]any) (string, error) {
	switch v := args["session"].(type) {
	case string:
		if v == "" {
			break
		}
		return v, nil
	case value.UUID:
		return uuidString(v), nil
	}
	return "", badRequest("the session processor requires a session argument (a String)")
}

// describe names a value's Gremlin type for error messages, never its content (arguments
// may hold secrets).
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a String"
	case int32:
		return "an Int"
	case int64:
		return "a Long"
	case float64:
		return "a Double"
	case bool:
		return "a Boolean"
	case *value.Map:
		return "a Map"
	case []any:
		return "a List"
	case *value.Bytecode:
		return "Bytecode"
	}
	return "a value of another type"
}
