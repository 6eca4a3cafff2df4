package traversal

import (
	"fmt"
	"math"
	"strconv"
	"unicode"

	"github.com/wifivault/wifivault/graph/value"
)

// mathStep is math(expression): "_" is the current object, other names are step labels;
// by() modulators apply to the variables in the order they first appear. The result is a
// Double.
type mathStep struct {
	expr *mathNode
	vars []string
	bys  byList
}

func newMath(c *compiler, name string, args []any) (step, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes an expression")
	}
	src, err := argString(name, args[0])
	if err != nil {
		return nil, err
	}
	p := &mathParser{src: src}
	n, err := p.parse()
	if err != nil {
		return nil, argError(name, "%v", err)
	}
	for _, v := range p.vars {
		if v != "_" {
			c.trackPaths = true
		}
	}
	return &mathStep{expr: n, vars: p.vars}, nil
}

func (s *mathStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate math()")
	}
	b, err := parseBy(c, "math", args)
	if err != nil {
		return err
	}
	s.bys = append(s.bys, b)
	return nil
}

func (s *mathStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		vals := make(map[string]float64, len(s.vars))
		for i, v := range s.vars {
			obj := t.obj
			if v != "_" {
				o, ok := scopeValue(e, t, v, "last")
				if !ok {
					return nil, false, fmt.Errorf("math(): no object is labelled %q", v)
				}
				obj = o
			}
			bv, ok, err := s.bys.get(i).apply(e, t.split(obj, false))
			if err != nil {
				return nil, false, err
			}
			if !ok {
				return nil, true, nil
			}
			f, isNum := value.AsFloat64(bv)
			if !isNum {
				return nil, false, fmt.Errorf("math(): %s is %s, not a number", v, typeName(bv))
			}
			vals[v] = f
		}
		r, err := s.expr.eval(vals)
		return r, false, err
	}}).build(in, e)
}

// mathNode is a node of a parsed expression.
type mathNode struct {
	op          byte // 'n' number, 'v' variable, 'f' function, or an operator
	num         float64
	name        string
	left, right *mathNode
}

var mathFuncs = map[string]func(float64) float64{
	"abs": math.Abs, "acos": math.Acos, "asin": math.Asin, "atan": math.Atan, "cbrt": math.Cbrt,
	"ceil": math.Ceil, "cos": math.Cos, "cosh": math.Cosh, "exp": math.Exp, "floor": math.Floor,
	"log": math.Log, "log10": math.Log10, "log2": math.Log2, "sin": math.Sin, "sinh": math.Sinh,
	"sqrt": math.Sqrt, "tan": math.Tan, "tanh": math.Tanh,
	"signum": func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return x
	},
}

func (n *mathNode) eval(vars map[string]float64) (float64, error) {
	switch n.op {
	case 'n':
		return n.num, nil
	case 'v':
		return vars[n.name], nil
	case 'f':
		x, err := n.left.eval(vars)
		if err != nil {
			return 0, err
		}
		return mathFuncs[n.name](x), nil
	case '~':
		x, err := n.left.eval(vars)
		return -x, err
	}
	a, err := n.left.eval(vars)
	if err != nil {
		return 0, err
	}
	b, err := n.right.eval(vars)
	if err != nil {
		return 0, err
	}
	switch n.op {
	case '+':
		return a + b, nil
	case '-':
		return a - b, nil
	case '*':
		return a * b, nil
	case '/':
		if b == 0 {
			return 0, fmt.Errorf("math(): division by zero")
		}
		return a / b, nil
	case '%':
		return math.Mod(a, b), nil
	case '^':
		return math.Pow(a, b), nil
	}
	return 0, fmt.Errorf("math(): unknown operator %q", n.op)
}

// mathParser is a recursive-descent parser: sum := product (('+'|'-') product)*,
// product := power (('*'|'/'|'%') power)*, power := unary ('^' power)?,
// unary := '-' unary | atom, atom := number | name | name '(' sum ')' | '(' sum ')'.
type mathParser struct {
	src  string
	pos  int
	vars []string
}

func (p *mathParser) parse() (*mathNode, error) {
	n, err := p.sum()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.src) {
		return nil, fmt.Errorf("unexpected %q at %d", p.src[p.pos], p.pos)
	}
	return n, nil
}

func (p *mathParser) space() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *mathParser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *mathParser) sum() (*mathNode, error) {
	l, err := p.product()
	for err == nil && (p.peek() == '+' || p.peek() == '-') {
		op := p.src[p.pos]
		p.pos++
		var r *mathNode
		if r, err = p.product(); err == nil {
			l = &mathNode{op: op, left: l, right: r}
		}
	}
	return l, err
}

func (p *mathParser) product() (*mathNode, error) {
	l, err := p.power()
	for err == nil && (p.peek() == '*' || p.peek() == '/' || p.peek() == '%') {
		op := p.src[p.pos]
		p.pos++
		var r *mathNode
		if r, err = p.power(); err == nil {
			l = &mathNode{op: op, left: l, right: r}
		}
	}
	return l, err
}

func (p *mathParser) power() (*mathNode, error) {
	l, err := p.unary()
	if err == nil && p.peek() == '^' {
		p.pos++
		r, err := p.power()
		if err != nil {
			return nil, err
		}
		return &mathNode{op: '^', left: l, right: r}, nil
	}
	return l, err
}

func (p *mathParser) unary() (*mathNode, error) {
	if p.peek() == '-' {
		p.pos++
		x, err := p.unary()
		return &mathNode{op: '~', left: x}, err
	}
	if p.peek() == '+' {
		p.pos++
	}
	return p.atom()
}

func (p *mathParser) atom() (*mathNode, error) {
	c := p.peek()
	switch {
	case c == '(':
		p.pos++
		n, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, fmt.Errorf("missing ')' at %d", p.pos)
		}
		p.pos++
		return n, nil
	case c >= '0' && c <= '9' || c == '.':
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.' || p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
			p.pos++
		}
		f, err := strconv.ParseFloat(p.src[start:p.pos], 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", p.src[start:p.pos])
		}
		return &mathNode{op: 'n', num: f}, nil
	case c == '_' || unicode.IsLetter(rune(c)):
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] == '_' || unicode.IsLetter(rune(p.src[p.pos])) || unicode.IsDigit(rune(p.src[p.pos]))) {
			p.pos++
		}
		name := p.src[start:p.pos]
		if p.peek() == '(' {
			f, ok := mathFuncs[name]
			if !ok || f == nil {
				return nil, fmt.Errorf("unknown function %s()", name)
			}
			p.pos++
			arg, err := p.sum()
			if err != nil {
				return nil, err
			}
			if p.peek() != ')' {
				return nil, fmt.Errorf("missing ')' after %s(", name)
			}
			p.pos++
			return &mathNode{op: 'f', name: name, left: arg}, nil
		}
		if name == "pi" {
			return &mathNode{op: 'n', num: math.Pi}, nil
		}
		if name == "e" {
			return &mathNode{op: 'n', num: math.E}, nil
		}
		seen := false
		for _, v := range p.vars {
			seen = seen || v == name
		}
		if !seen {
			p.vars = append(p.vars, name)
		}
		return &mathNode{op: 'v', name: name}, nil
	}
	if c == 0 {
		return nil, fmt.Errorf("unexpected end of expression")
	}
	return nil, fmt.Errorf("unexpected %q at %d", c, p.pos)
}
