package gremlinconsole

import (
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Kind is the JSON type a parameter takes.
type Kind string

// Parameter kinds.
const (
	String  Kind = "string"
	Integer Kind = "integer"
	Number  Kind = "number"
	Boolean Kind = "boolean"
	Object  Kind = "object"
	Array   Kind = "array"
)

// Format is a string format checked beyond length and pattern.
type Format string

// String formats.
const (
	FormatEmail Format = "email"
	FormatE164  Format = "E.164"
)

// Param declares one parameter of a command.
type Param struct {
	Name     string   `json:"name"`
	Kind     Kind     `json:"type"`
	Required bool     `json:"required"`
	Doc      string   `json:"description,omitempty"`
	MinLen   int      `json:"minLength,omitempty"`
	MaxLen   int      `json:"maxLength,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Format   Format   `json:"format,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Min      *float64 `json:"minimum,omitempty"`
	Max      *float64 `json:"maximum,omitempty"`
	// Secret parameters are never written to the audit log and never echoed.
	Secret bool `json:"secret,omitempty"`
}

// Bound is a helper for Param.Min/Max.
func Bound(v float64) *float64 { return &v }

// ValidationError names the parameter that was rejected.
type ValidationError struct {
	Field   string
	Message string
}

func (v *ValidationError) Error() string { return v.Field + ": " + v.Message }

// patterns caches the compiled parameter patterns; requests run concurrently.
var patterns sync.Map // string -> *regexp.Regexp

func compiled(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := patterns.LoadOrStore(p, regexp.MustCompile(p))
	return re.(*regexp.Regexp)
}

// e164 is '+', a non-zero digit and up to 14 more digits.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// check validates and converts one raw JSON value (decoded with UseNumber).
func (p *Param) check(raw any) (any, error) {
	bad := func(format string, args ...any) error {
		return &ValidationError{Field: p.Name, Message: fmt.Sprintf(format, args...)}
	}
	switch p.Kind {
	case String:
		s, ok := raw.(string)
		if !ok {
			return nil, bad("must be a string")
		}
		n := utf8.RuneCountInString(s)
		if p.MinLen > 0 && n < p.MinLen {
			return nil, bad("must be at least %d characters", p.MinLen)
		}
		if p.MaxLen > 0 && n > p.MaxLen {
			return nil, bad("must be at most %d characters", p.MaxLen)
		}
		if len(p.Enum) > 0 && !contains(p.Enum, s) {
			return nil, bad("must be one of %s", strings.Join(p.Enum, ", "))
		}
		if p.Pattern != "" && !compiled(p.Pattern).MatchString(s) {
			return nil, bad("has an invalid format")
		}
		switch p.Format {
		case FormatEmail:
			a, err := mail.ParseAddress(s)
			if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
				return nil, bad("must be an email address")
			}
		case FormatE164:
			if !e164.MatchString(s) {
				return nil, bad("must be a phone number in E.164 format (+ and up to 15 digits)")
			}
		}
		return s, nil
	case Integer, Number:
		n, ok := raw.(json.Number)
		if !ok {
			return nil, bad("must be a number")
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, bad("must be a number")
		}
		if p.Min != nil && f < *p.Min {
			return nil, bad("must be at least %v", *p.Min)
		}
		if p.Max != nil && f > *p.Max {
			return nil, bad("must be at most %v", *p.Max)
		}
		if p.Kind == Integer {
			i, err := n.Int64()
			if err != nil {
				return nil, bad("must be a whole number")
			}
			return i, nil
		}
		return f, nil
	case Boolean:
		b, ok := raw.(bool)
		if !ok {
			return nil, bad("must be true or false")
		}
		return b, nil
	case Object:
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, bad("must be an object")
		}
		return m, nil
	case Array:
		a, ok := raw.([]any)
		if !ok {
			return nil, bad("must be an array")
		}
		if p.MaxLen > 0 && len(a) > p.MaxLen {
			return nil, bad("must have at most %d items", p.MaxLen)
		}
		if p.MinLen > 0 && len(a) < p.MinLen {
			return nil, bad("must have at least %d items", p.MinLen)
		}
		return a, nil
	}
	return nil, bad("has an undeclared type")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Params are a command's validated parameters: strings, int64, float64, bool,
// map[string]any and []any.
type Params map[string]any

// Has reports whether the parameter was given.
func (p Params) Has(name string) bool { _, ok := p[name]; return ok }

// String returns a string parameter ("" when absent).
func (p Params) String(name string) string { s, _ := p[name].(string); return s }

// Int returns an integer parameter (0 when absent).
func (p Params) Int(name string) int64 { i, _ := p[name].(int64); return i }

// Bool returns a boolean parameter (false when absent).
func (p Params) Bool(name string) bool { b, _ := p[name].(bool); return b }

// Object returns an object parameter (nil when absent).
func (p Params) Object(name string) map[string]any { m, _ := p[name].(map[string]any); return m }

// validate checks raw parameters against the declarations: unknown fields are ignored,
// the first missing or invalid field (in declaration order) is reported.
func validate(decl []Param, raw map[string]any) (Params, error) {
	out := make(Params, len(decl))
	for i := range decl {
		p := &decl[i]
		v, ok := raw[p.Name]
		if !ok || v == nil {
			if p.Required {
				return nil, &ValidationError{Field: p.Name, Message: "is required"}
			}
			continue
		}
		cv, err := p.check(v)
		if err != nil {
			return nil, err
		}
		out[p.Name] = cv
	}
	return out, nil
}

// sortedNames returns the declared parameter names in order.
func sortedNames(decl []Param) []string {
	names := make([]string, len(decl))
	for i, p := range decl {
		names[i] = p.Name
	}
	sort.Strings(names)
	return names
}
