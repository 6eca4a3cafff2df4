package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/value"
)

// whereStep is where(P), where(label, P) and where(traversal).
type whereStep struct {
	filterStep
	start  string // where("a", P): the left side is "a" instead of the current object
	pred   any    // the P whose values are step labels
	labels []string
	bys    byList
	prog   *program
	// where(as("a")...as("b")): the traversal starts at label a and must end at label b.
	startLabel, endLabel string
}

func newWhere(c *compiler, name string, args []any) (step, error) {
	w := &whereStep{}
	c.trackPaths = true
	switch len(args) {
	case 1:
		if bc, ok := args[0].(*value.Bytecode); ok {
			steps := bc.Steps
			if len(steps) > 0 && steps[0].Op == "as" && len(steps[0].Args) == 1 {
				w.startLabel, _ = steps[0].Args[0].(string)
				steps = steps[1:]
			}
			if n := len(steps); n > 0 && steps[n-1].Op == "as" && len(steps[n-1].Args) == 1 {
				w.endLabel, _ = steps[n-1].Args[0].(string)
				steps = steps[:n-1]
			}
			p, err := c.compile(steps, false)
			if err != nil {
				return nil, err
			}
			w.prog = p
			w.keep = w.testTraversal
			return w, nil
		}
		w.pred = args[0]
	case 2:
		s, err := argString(name, args[0])
		if err != nil {
			return nil, err
		}
		w.start, w.pred = s, args[1]
	default:
		return nil, argError(name, "takes a predicate, a label and a predicate, or a traversal")
	}
	labels, err := predicateLabels(w.pred)
	if err != nil {
		return nil, err
	}
	w.labels = labels
	w.keep = w.testPredicate
	return w, nil
}

func (w *whereStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate where()")
	}
	b, err := parseBy(c, "where", args)
	if err != nil {
		return err
	}
	w.bys = append(w.bys, b)
	return nil
}

// scopeValue resolves a label as select() does: a key of the current map, the newest path
// object with the label, or a side effect.
func scopeValue(e *env, t *traverser, label string, pop value.Pop) (any, bool) {
	if m, ok := t.obj.(*value.Map); ok {
		if v, ok := m.Get(label); ok {
			return v, true
		}
	}
	if objs := t.labelled(label); len(objs) > 0 {
		switch pop {
		case "first":
			return objs[0], true
		case "all":
			return append([]any(nil), objs...), true
		case "mixed":
			if len(objs) == 1 {
				return objs[0], true
			}
			return append([]any(nil), objs...), true
		}
		return objs[len(objs)-1], true
	}
	if se, ok := e.sideEffects[label]; ok {
		return se.current(), true
	}
	return nil, false
}

func (w *whereStep) testPredicate(e *env, t *traverser) (bool, error) {
	left := t.obj
	if w.start != "" {
		v, ok := scopeValue(e, t, w.start, "last")
		if !ok {
			return false, nil
		}
		left = v
	}
	lv, ok, err := w.bys.get(0).apply(e, t.split(left, false))
	if err != nil || !ok {
		return false, err
	}
	rightBy := w.bys.get(1)
	unproductive := false
	bound, err := bindPredicate(w.pred, func(label string) (any, error) {
		v, ok := scopeValue(e, t, label, "last")
		if !ok {
			return nil, fmt.Errorf("where(): no object is labelled %q", label)
		}
		rv, ok, err := rightBy.apply(e, t.split(v, false))
		if !ok {
			unproductive = true
		}
		return rv, err
	})
	if err != nil || unproductive {
		return false, nil
	}
	p, err := compilePredicate("where", bound)
	if err != nil {
		return false, err
	}
	return p(lv), nil
}

func (w *whereStep) testTraversal(e *env, t *traverser) (bool, error) {
	start := t
	if w.startLabel != "" {
		v, ok := scopeValue(e, t, w.startLabel, "last")
		if !ok {
			return false, nil
		}
		start = t.split(v, false)
	}
	it := w.prog.one(start, e)
	for {
		r, err := it.next()
		if err != nil || r == nil {
			return false, err
		}
		if w.endLabel == "" {
			return true, nil
		}
		want, ok := scopeValue(e, t, w.endLabel, "last")
		if ok && value.Equal(r.obj, want) {
			return true, nil
		}
	}
}
