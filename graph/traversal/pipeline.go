package traversal

import (
	"context"

	"github.com/wifivault/wifivault/graph/store"
)

// iter is a pull iterator of traversers: (nil, nil) at the end.
type iter interface {
	next() (*traverser, error)
}

// step builds its iterator on top of the iterator of the step before it.
type step interface {
	build(in iter, e *env) iter
}

// program is a compiled (child) traversal: its steps in order.
type program struct {
	steps []step
}

// start runs the program over the traversers of in.
func (p *program) start(in iter, e *env) iter {
	for _, s := range p.steps {
		in = s.build(in, e)
	}
	return in
}

// one runs the program from a single traverser.
func (p *program) one(t *traverser, e *env) iter {
	return p.start(&sliceIter{items: []*traverser{t}}, e)
}

// first returns the first result of the program run from t, or nil.
func (p *program) first(t *traverser, e *env) (*traverser, error) {
	return p.one(t, e).next()
}

// produces reports whether the program yields at least one result from t.
func (p *program) produces(t *traverser, e *env) (bool, error) {
	r, err := p.first(t, e)
	return r != nil, err
}

// all collects every result of the program run from t.
func (p *program) all(t *traverser, e *env) ([]*traverser, error) {
	return drain(p.one(t, e))
}

// env is what every step of one run shares: the transaction, side effects and options.
type env struct {
	ctx context.Context
	tx  *store.Tx
	// snapshot: tx is read-only, so a record read from it stays current for the whole run.
	snapshot    bool
	trackPaths  bool
	sideEffects map[string]*sideEffect // nil until the first is set
	pulls       int
	// keyBoxes box the labels and property keys of the maps elementMap and valueMap build.
	keyBoxes stringBoxes
}

// setSideEffect sets the side effect named key.
func (e *env) setSideEffect(key string, se *sideEffect) {
	if e.sideEffects == nil {
		e.sideEffects = map[string]*sideEffect{}
	}
	e.sideEffects[key] = se
}

// checkCtx is called from loops; it returns the context's error every 256 calls.
func (e *env) checkCtx() error {
	e.pulls++
	if e.pulls&255 == 0 {
		return e.ctx.Err()
	}
	return nil
}

// sideEffect is a named collection written by aggregate/store/group/groupCount(key) and
// read by cap/select/where.
type sideEffect struct {
	items  []*traverser        // aggregate/store: every object with its bulk
	value  any                 // group/groupCount into a key: the map
	reduce func() (any, error) // when set, the side effect is reduce()
}

func drain(it iter) ([]*traverser, error) {
	var out []*traverser
	for {
		t, err := it.next()
		if err != nil {
			return nil, err
		}
		if t == nil {
			return out, nil
		}
		out = append(out, t)
	}
}

// sliceIter yields a fixed list.
type sliceIter struct {
	items []*traverser
	i     int
}

func (s *sliceIter) next() (*traverser, error) {
	if s.i >= len(s.items) {
		return nil, nil
	}
	t := s.items[s.i]
	s.items[s.i] = nil
	s.i++
	return t, nil
}

// emptyIter yields nothing.
type emptyIter struct{}

func (emptyIter) next() (*traverser, error) { return nil, nil }

// errIter yields an error.
type errIter struct{ err error }

func (e errIter) next() (*traverser, error) { return nil, e.err }

// filterStep keeps the traversers for which keep is true.
type filterStep struct {
	keep func(e *env, t *traverser) (bool, error)
}

func (s *filterStep) build(in iter, e *env) iter {
	return iterFunc(func() (*traverser, error) {
		for {
			t, err := in.next()
			if t == nil || err != nil {
				return nil, err
			}
			if err := e.checkCtx(); err != nil {
				return nil, err
			}
			ok, err := s.keep(e, t)
			if err != nil {
				return nil, err
			}
			if ok {
				return t, nil
			}
		}
	})
}

// mapStep replaces each object with fn's result; skip=true drops the traverser.
type mapStep struct {
	fn func(e *env, t *traverser) (obj any, skip bool, err error)
}

func (s *mapStep) build(in iter, e *env) iter {
	return iterFunc(func() (*traverser, error) {
		for {
			t, err := in.next()
			if t == nil || err != nil {
				return nil, err
			}
			obj, skip, err := s.fn(e, t)
			if err != nil {
				return nil, err
			}
			if !skip {
				return t.split(obj, e.trackPaths), nil
			}
			if err := e.checkCtx(); err != nil {
				return nil, err
			}
		}
	})
}

// flatMapStep replaces each object with the objects fn returns.
type flatMapStep struct {
	fn func(e *env, t *traverser) ([]any, error)
}

func (s *flatMapStep) build(in iter, e *env) iter {
	var cur *traverser
	var objs []any
	return iterFunc(func() (*traverser, error) {
		for len(objs) == 0 {
			t, err := in.next()
			if t == nil || err != nil {
				return nil, err
			}
			if err := e.checkCtx(); err != nil {
				return nil, err
			}
			cur = t
			objs, err = s.fn(e, t)
			if err != nil {
				return nil, err
			}
		}
		o := objs[0]
		objs = objs[1:]
		return cur.split(o, e.trackPaths), nil
	})
}

// flatIterStep replaces each traverser with the traversers of the iterator fn starts.
type flatIterStep struct {
	fn func(e *env, t *traverser) (iter, error)
}

func (s *flatIterStep) build(in iter, e *env) iter {
	var cur iter = emptyIter{}
	return iterFunc(func() (*traverser, error) {
		for {
			r, err := cur.next()
			if err != nil || r != nil {
				return r, err
			}
			t, err := in.next()
			if t == nil || err != nil {
				return nil, err
			}
			if err := e.checkCtx(); err != nil {
				return nil, err
			}
			cur, err = s.fn(e, t)
			if err != nil {
				return nil, err
			}
		}
	})
}

// barrierStep consumes every input, then yields what fn makes of them.
type barrierStep struct {
	fn func(e *env, all []*traverser) ([]*traverser, error)
}

func (s *barrierStep) build(in iter, e *env) iter {
	var out iter
	return iterFunc(func() (*traverser, error) {
		if out == nil {
			all, err := drain(in)
			if err != nil {
				return nil, err
			}
			res, err := s.fn(e, all)
			if err != nil {
				return nil, err
			}
			out = &sliceIter{items: res}
		}
		return out.next()
	})
}

// iterFunc adapts a closure to iter.
type iterFunc func() (*traverser, error)

func (f iterFunc) next() (*traverser, error) { return f() }

// fresh starts a traverser with no history (after a reducing barrier).
func fresh(obj any, e *env) *traverser {
	t := &traverser{obj: obj, bulk: 1}
	if e.trackPaths {
		t.path = &pathNode{obj: obj}
	}
	return t
}
