package traversal

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wifivault/wifivault/graph/value"
)

var stringSteps = map[string]stepBuilder{
	"concat":    newConcat,
	"toLower":   newStringMap("toLower", strings.ToLower),
	"toUpper":   newStringMap("toUpper", strings.ToUpper),
	"trim":      newStringMap("trim", func(s string) string { return strings.Trim(s, " \t\n\r\f\v") }),
	"lTrim":     newStringMap("lTrim", func(s string) string { return strings.TrimLeft(s, " \t\n\r\f\v") }),
	"rTrim":     newStringMap("rTrim", func(s string) string { return strings.TrimRight(s, " \t\n\r\f\v") }),
	"length":    newLength,
	"split":     newSplit,
	"replace":   newReplace,
	"substring": newSubstring,
	"asString":  newAsString,
}

// stringArg applies fn to a string traverser, or (local scope) to each string of a list.
func stringStep(name string, local bool, fn func(s string) (any, error)) step {
	return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		if t.obj == nil {
			return nil, false, nil
		}
		if local {
			items, ok := collection(t.obj)
			if !ok {
				return nil, false, fmt.Errorf("%s(local) needs a list, got %s", name, typeName(t.obj))
			}
			out := make([]any, len(items))
			for i, it := range items {
				if it == nil {
					continue
				}
				s, ok := it.(string)
				if !ok {
					return nil, false, fmt.Errorf("%s() needs strings, got %s", name, typeName(it))
				}
				v, err := fn(s)
				if err != nil {
					return nil, false, err
				}
				out[i] = v
			}
			return out, false, nil
		}
		s, ok := t.obj.(string)
		if !ok {
			return nil, false, fmt.Errorf("%s() needs a string, got %s", name, typeName(t.obj))
		}
		v, err := fn(s)
		return v, false, err
	}}
}

func newStringMap(name string, f func(string) string) stepBuilder {
	return func(c *compiler, _ string, args []any) (step, error) {
		scope, rest := scopeArg(args)
		if len(rest) > 0 {
			return nil, argError(name, "takes only a Scope")
		}
		return stringStep(name, scope == "local", func(s string) (any, error) { return f(s), nil }), nil
	}
}

func newLength(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	if len(rest) > 0 {
		return nil, argError(name, "takes only a Scope")
	}
	return stringStep(name, scope == "local", func(s string) (any, error) {
		return int32(utf8.RuneCountInString(s)), nil
	}), nil
}

func newSplit(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	if len(rest) != 1 {
		return nil, argError(name, "takes a separator")
	}
	sep, err := argString(name, rest[0])
	if err != nil {
		return nil, err
	}
	return stringStep(name, scope == "local", func(s string) (any, error) {
		var parts []string
		if sep == "" {
			for _, r := range s {
				parts = append(parts, string(r))
			}
		} else {
			for _, part := range strings.Split(s, sep) {
				if part != "" { // as TinkerGraph 3.7: empty pieces are dropped
					parts = append(parts, part)
				}
			}
		}
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out, nil
	}), nil
}

func newReplace(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	if len(rest) != 2 {
		return nil, argError(name, "takes the text to find and its replacement")
	}
	from, err := argString(name, rest[0])
	if err != nil {
		return nil, err
	}
	to, err := argString(name, rest[1])
	if err != nil {
		return nil, err
	}
	return stringStep(name, scope == "local", func(s string) (any, error) {
		return strings.ReplaceAll(s, from, to), nil
	}), nil
}

func newSubstring(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	if len(rest) < 1 || len(rest) > 2 {
		return nil, argError(name, "takes a start and optionally an end")
	}
	start, err := argInt(name, rest[0])
	if err != nil {
		return nil, err
	}
	end := int64(1 << 62)
	hasEnd := len(rest) == 2
	if hasEnd {
		if end, err = argInt(name, rest[1]); err != nil {
			return nil, err
		}
	}
	return stringStep(name, scope == "local", func(s string) (any, error) {
		r := []rune(s)
		n := int64(len(r))
		a, b := start, end
		if a < 0 {
			a += n
		}
		if hasEnd && b < 0 {
			b += n
		}
		a = max(0, min(a, n))
		b = max(a, min(b, n))
		return string(r[a:b]), nil
	}), nil
}

func newAsString(c *compiler, name string, args []any) (step, error) {
	scope, rest := scopeArg(args)
	if len(rest) > 0 {
		return nil, argError(name, "takes only a Scope")
	}
	conv := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case value.Vertex:
			return fmt.Sprintf("v[%v]", x.ID)
		case value.Edge:
			return fmt.Sprintf("e[%v][%v-%s->%v]", x.ID, x.OutV.ID, x.Label, x.InV.ID)
		}
		return fmt.Sprint(v)
	}
	return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		if scope == "local" {
			if items, ok := collection(t.obj); ok {
				out := make([]any, len(items))
				for i, it := range items {
					out[i] = conv(it)
				}
				return out, false, nil
			}
		}
		if t.obj == nil {
			return nil, false, fmt.Errorf("asString() cannot convert null")
		}
		return conv(t.obj), false, nil
	}}, nil
}

// concatStep is concat(strings...) and concat(traversals...).
func newConcat(c *compiler, name string, args []any) (step, error) {
	type part struct {
		s    string
		null bool
		prog *program
	}
	parts := make([]part, len(args))
	for i, a := range args {
		switch x := a.(type) {
		case string:
			parts[i] = part{s: x}
		case nil:
			parts[i] = part{null: true}
		case *value.Bytecode:
			p, err := c.child(name, x)
			if err != nil {
				return nil, err
			}
			parts[i] = part{prog: p}
		default:
			return nil, argError(name, "takes strings or traversals, got %s", typeName(a))
		}
	}
	return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		var b strings.Builder
		switch s := t.obj.(type) {
		case string:
			b.WriteString(s)
		case nil, seedObject:
		default:
			return nil, false, fmt.Errorf("concat() needs a string, got %s", typeName(t.obj))
		}
		for _, p := range parts {
			switch {
			case p.prog != nil:
				r, err := p.prog.first(t, e)
				if err != nil {
					return nil, false, err
				}
				if r != nil && r.obj != nil {
					s, ok := r.obj.(string)
					if !ok {
						return nil, false, fmt.Errorf("concat(): the traversal must produce a string, got %s", typeName(r.obj))
					}
					b.WriteString(s)
				}
			case !p.null:
				b.WriteString(p.s)
			}
		}
		return b.String(), false, nil
	}}, nil
}
