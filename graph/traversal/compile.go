package traversal

import (
	"strings"

	"github.com/wifivault/wifivault/graph/value"
)

// compiler turns instructions into steps and records what the whole traversal needs.
type compiler struct {
	mutating   bool
	trackPaths bool
}

// modulated is a step that takes modulators (by, from, to, option, times, until, emit, with).
type modulated interface {
	modulate(c *compiler, op string, args []any) error
}

// stepBuilder makes a step from an instruction's arguments.
type stepBuilder func(c *compiler, name string, args []any) (step, error)

var builders map[string]stepBuilder

func init() {
	builders = map[string]stepBuilder{}
	for _, group := range []map[string]stepBuilder{
		sourceSteps, filterSteps, navigationSteps, mapSteps, reduceSteps,
		sideEffectSteps, mutationSteps, branchSteps, stringSteps,
	} {
		for k, v := range group {
			builders[k] = v
		}
	}
}

// mutatingSteps are the steps that write.
var mutatingSteps = map[string]bool{
	"addV": true, "addE": true, "property": true, "drop": true, "mergeV": true, "mergeE": true,
}

// pathSteps need every traverser's path.
var pathSteps = map[string]bool{
	"path": true, "simplePath": true, "cyclicPath": true, "as": true, "select": true, "where": true,
	"tree": true, "match": true,
}

// source applies a source instruction (withStrategies, withSideEffect, ...).
func (c *compiler) source(t *Traversal, in value.Instruction) error {
	switch in.Op {
	case "withStrategies":
		for _, a := range in.Args {
			s, ok := a.(value.TraversalStrategy)
			if !ok {
				if sp, ok2 := a.(*value.TraversalStrategy); ok2 {
					s = *sp
				} else {
					return unsupported("withStrategies argument %T", a)
				}
			}
			if !strings.HasSuffix(s.Class, "OptionsStrategy") {
				return unsupported("traversal strategy %s", s.Class)
			}
		}
		return nil
	case "with":
		return nil // request options (evaluationTimeout, batchSize, ...) are read by the server
	case "withSideEffect":
		if len(in.Args) < 2 {
			return argError("withSideEffect", "needs a key and a value")
		}
		k, ok := in.Args[0].(string)
		if !ok {
			return argError("withSideEffect", "key must be a string")
		}
		if t.sideEffects == nil {
			t.sideEffects = value.NewMap(1)
		}
		t.sideEffects.Put(k, in.Args[1])
		return nil
	case "withPath":
		c.trackPaths = true
		return nil
	case "withBulk":
		return nil
	case "tx":
		return unsupported("tx() outside a session")
	}
	return unsupported("traversal source %s()", in.Op)
}

// compile turns a list of instructions into a program.
func (c *compiler) compile(steps []value.Instruction, root bool) (*program, error) {
	p := &program{}
	var last modulated
	var pending *repeatStep // emit()/until()/times() written before repeat()
	for i, in := range steps {
		for _, a := range in.Args {
			if l, ok := a.(*value.Lambda); ok {
				return nil, unsupported("lambda in %s() (%s)", in.Op, l.Language)
			}
			if _, ok := a.(value.Lambda); ok {
				return nil, unsupported("lambda in %s()", in.Op)
			}
		}
		if mutatingSteps[in.Op] {
			c.mutating = true
		}
		if pathSteps[in.Op] {
			c.trackPaths = true
		}
		switch in.Op {
		case "as":
			labels, err := argStrings("as", in.Args)
			if err != nil {
				return nil, err
			}
			if len(labels) == 0 {
				return nil, argError("as", "needs a label")
			}
			p.steps = append(p.steps, &labelStep{labels: labels})
			continue
		case "by", "from", "to", "option", "with", "read", "write":
			if in.Op == "to" && len(in.Args) > 0 {
				if _, isDir := in.Args[0].(value.Direction); isDir {
					break
				}
			}
			if last == nil {
				return nil, argError(in.Op, "has no step to modulate")
			}
			if err := last.modulate(c, in.Op, in.Args); err != nil {
				return nil, err
			}
			continue
		case "times", "until", "emit":
			if r, ok := last.(*repeatStep); ok && r != nil && (i == 0 || steps[i-1].Op != "as") {
				if err := r.modulate(c, in.Op, in.Args); err != nil {
					return nil, err
				}
				continue
			}
			if pending == nil {
				pending = &repeatStep{}
			}
			if err := pending.preModulate(c, in.Op, in.Args); err != nil {
				return nil, err
			}
			continue
		case "repeat":
			r, err := newRepeat(c, pending, in.Args)
			if err != nil {
				return nil, err
			}
			pending = nil
			p.steps = append(p.steps, r)
			last = r
			continue
		}
		if pending != nil {
			return nil, argError(in.Op, "emit()/until()/times() must be followed by repeat()")
		}
		b, ok := builders[in.Op]
		if !ok {
			return nil, unsupported("step %s()", in.Op)
		}
		s, err := b(c, in.Op, in.Args)
		if err != nil {
			return nil, err
		}
		if s == nil {
			continue
		}
		if ps, ok := s.(*propertyStep); ok && len(p.steps) > 0 {
			if f, ok := p.steps[len(p.steps)-1].(folder); ok && f.fold(ps.arg) {
				continue
			}
		}
		p.steps = append(p.steps, s)
		if m, ok := s.(modulated); ok {
			last = m
		} else {
			last = nil
		}
	}
	if pending != nil {
		return nil, argError("repeat", "emit()/until()/times() without repeat()")
	}
	optimize(p, root)
	return p, nil
}

// child compiles an anonymous traversal argument.
func (c *compiler) child(stepName string, a any) (*program, error) {
	bc, ok := a.(*value.Bytecode)
	if !ok {
		return nil, argError(stepName, "expects a traversal, got %s", typeName(a))
	}
	if len(bc.Sources) > 0 {
		return nil, argError(stepName, "child traversal must be anonymous")
	}
	return c.compile(bc.Steps, false)
}

// isTraversal reports whether an argument is a child traversal.
func isTraversal(a any) bool {
	_, ok := a.(*value.Bytecode)
	return ok
}

// labelStep is as(): it labels the newest element of the path.
type labelStep struct{ labels []string }

func (s *labelStep) build(in iter, e *env) iter {
	return iterFunc(func() (*traverser, error) {
		t, err := in.next()
		if t == nil || err != nil {
			return nil, err
		}
		return t.label(s.labels), nil
	})
}

// optimize rewrites a program without changing its results: V().count() reads the
// store's counter, and V() followed by hasLabel()/has() learns their labels and equality
// so that it can start from an index instead of a scan (the filters stay in place).
func optimize(p *program, root bool) {
	if len(p.steps) == 0 {
		return
	}
	if root && len(p.steps) == 2 {
		if c, ok := p.steps[1].(*reducerStep); ok && c.op == "count" && !c.local {
			switch s := p.steps[0].(type) {
			case *vStep:
				if !s.hasIDs {
					p.steps = []step{&countAllStep{}}
					return
				}
			case *eStep:
				if !s.hasIDs {
					p.steps = []step{&countAllStep{edges: true}}
					return
				}
			}
		}
	}
	for i, s := range p.steps {
		v, ok := s.(*vStep)
		if !ok || v.hasIDs {
			continue
		}
	hints:
		for _, next := range p.steps[i+1:] {
			switch f := next.(type) {
			case *labelFilter:
				if f.labels == nil || v.labels != nil {
					break hints
				}
				v.labels = f.labels
				continue
			case *hasStep:
				if f.token == "label" && v.labels == nil && f.eqValues != nil {
					ls := make([]string, 0, len(f.eqValues))
					allStrings := true
					for _, x := range f.eqValues {
						s, isStr := x.(string)
						allStrings = allStrings && isStr
						ls = append(ls, s)
					}
					if allStrings {
						v.labels = ls
					}
					continue
				}
				if f.token == "id" && f.eqValues != nil {
					if ids, err := idArgs("hasId", f.eqValues); err == nil {
						v.ids, v.hasIDs = ids, true
					}
					continue
				}
				if f.token != "" || f.child != nil {
					break hints
				}
				if len(f.labels) > 0 && v.labels == nil {
					v.labels = f.labels
				}
				if f.eqValues != nil && v.eqKey == "" && (len(f.labels) == 0 || sameLabels(f.labels, v.labels)) {
					v.eqKey, v.eqValues = f.key, f.eqValues
				}
				continue
			}
			break hints
		}
	}
}

func sameLabels(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
