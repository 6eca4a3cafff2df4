package traversal

import (
	"context"
	"errors"
	"fmt"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// Traversal is a compiled, reusable traversal.
type Traversal struct {
	prog        *program
	mutating    bool
	trackPaths  bool
	sideEffects *value.Map // withSideEffect initial values
}

// Compile turns bytecode into a runnable traversal. Unknown steps, lambdas, unsupported
// strategies and bad arguments are errors that name them.
func Compile(bc *value.Bytecode) (*Traversal, error) {
	if bc == nil {
		return nil, errors.New("no traversal given")
	}
	c := &compiler{}
	t := &Traversal{}
	for _, in := range bc.Sources {
		if err := c.source(t, in); err != nil {
			return nil, err
		}
	}
	p, err := c.compile(bc.Steps, true)
	if err != nil {
		return nil, err
	}
	t.prog = p
	t.mutating = c.mutating
	t.trackPaths = c.trackPaths
	return t, nil
}

// Mutating reports whether running the traversal may write to the graph.
func (t *Traversal) Mutating() bool { return t.mutating }

// Run starts the traversal on tx. The results are computed as they are pulled.
func (t *Traversal) Run(ctx context.Context, tx *store.Tx) *Results {
	// What every run needs, in one allocation.
	r := &struct {
		Results
		env   env
		start sliceIter
		items [1]*traverser
		seed  traverser
	}{}
	e := &r.env
	*e = env{ctx: ctx, tx: tx, snapshot: !tx.Writable(), trackPaths: t.trackPaths}
	if t.sideEffects != nil {
		t.sideEffects.Range(func(k, v any) bool {
			e.setSideEffect(k.(string), &sideEffect{value: v})
			return true
		})
	}
	r.seed = traverser{obj: seed, bulk: 1}
	r.items[0] = &r.seed
	r.start.items = r.items[:]
	r.Results = Results{it: t.prog.start(&r.start, e), e: e}
	return &r.Results
}

// Results is the stream of a running traversal.
type Results struct {
	it   iter
	e    *env
	err  error
	done bool
}

// Next returns the next result; false at the end or on error (see Err).
func (r *Results) Next() (value.Traverser, bool) {
	if r.done {
		return value.Traverser{}, false
	}
	t, err := r.pull()
	if err == nil && t == nil {
		r.done = true
		return value.Traverser{}, false
	}
	if err != nil {
		r.err = err
		r.done = true
		return value.Traverser{}, false
	}
	out, err := export(r.e, t.obj)
	if err != nil {
		r.err = err
		r.done = true
		return value.Traverser{}, false
	}
	return value.Traverser{Bulk: t.bulk, Value: out}, true
}

// Err is the error that ended the results, if any.
func (r *Results) Err() error { return r.err }

// Close stops the traversal.
func (r *Results) Close() { r.done = true }

// FailError is the error a fail() step raises.
type FailError struct{ Message string }

func (f *FailError) Error() string { return f.Message }

// IsFailStep reports whether err came from a fail() step.
func IsFailStep(err error) bool {
	var f *FailError
	return errors.As(err, &f)
}

// UnsupportedError names a step, modulator, token or argument the engine does not support.
type UnsupportedError struct{ What string }

func (u *UnsupportedError) Error() string { return "unsupported by this graph engine: " + u.What }

func unsupported(format string, args ...any) error {
	return &UnsupportedError{What: fmt.Sprintf(format, args...)}
}

// argError reports a bad argument of a step.
func argError(stepName, format string, args ...any) error {
	return fmt.Errorf("%s(): %s", stepName, fmt.Sprintf(format, args...))
}

// pull takes the next traverser, turning a predicate's type error into an error.
func (r *Results) pull() (t *traverser, err error) {
	defer func() {
		if p := recover(); p != nil {
			tp, ok := p.(textPError)
			if !ok {
				panic(p)
			}
			t, err = nil, tp
		}
	}()
	return r.it.next()
}
