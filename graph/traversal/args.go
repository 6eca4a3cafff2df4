package traversal

import (
	"fmt"
	"math/big"

	"github.com/wifivault/wifivault/graph/value"
)

func typeName(a any) string {
	switch a.(type) {
	case nil:
		return "null"
	case string:
		return "String"
	case int32:
		return "Integer"
	case int64:
		return "Long"
	case float64:
		return "Double"
	case float32:
		return "Float"
	case bool:
		return "Boolean"
	case *value.Bytecode:
		return "Traversal"
	case *value.P:
		return "P"
	case *value.TextP:
		return "TextP"
	case []any:
		return "List"
	case *value.Map:
		return "Map"
	}
	return fmt.Sprintf("%T", a)
}

func argStrings(step string, args []any) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		switch s := a.(type) {
		case string:
			out = append(out, s)
		case []any:
			ss, err := argStrings(step, s)
			if err != nil {
				return nil, err
			}
			out = append(out, ss...)
		default:
			return nil, argError(step, "expects strings, got %s", typeName(a))
		}
	}
	return out, nil
}

func argString(step string, a any) (string, error) {
	s, ok := a.(string)
	if !ok {
		return "", argError(step, "expects a string, got %s", typeName(a))
	}
	return s, nil
}

// argInt reads an integral number argument.
func argInt(step string, a any) (int64, error) {
	if n, ok := value.AsInt64(a); ok {
		return n, nil
	}
	if b, ok := a.(*big.Int); ok && b.IsInt64() {
		return b.Int64(), nil
	}
	return 0, argError(step, "expects an integer, got %s", typeName(a))
}

// flattenArgs spreads list arguments into one list (hasId(1, [2, 3]) is hasId(1, 2, 3)).
func flattenArgs(args []any) []any {
	var out []any
	for _, a := range args {
		switch l := a.(type) {
		case []any:
			out = append(out, flattenArgs(l)...)
		case value.Set:
			out = append(out, flattenArgs(l)...)
		default:
			out = append(out, a)
		}
	}
	return out
}

// scopeArg splits a leading Scope argument off.
func scopeArg(args []any) (value.Scope, []any) {
	if len(args) > 0 {
		if s, ok := args[0].(value.Scope); ok {
			return s, args[1:]
		}
	}
	return "global", args
}
