package traversal

// repeatStep is repeat() with times(), until() and emit(), each written before repeat()
// (checked before every iteration, the first included) or after it (checked after each
// iteration).
type repeatStep struct {
	name       string
	body       *program
	times      int64 // < 0: no times()
	timesFirst bool
	until      *program
	untilFirst bool
	emit       bool
	emitProg   *program
	emitFirst  bool
}

func newRepeat(c *compiler, pre *repeatStep, args []any) (*repeatStep, error) {
	r := pre
	if r == nil {
		r = &repeatStep{times: -1}
	} else if !r.timesSet() {
		r.times = -1
	}
	if len(args) == 2 {
		n, err := argString("repeat", args[0])
		if err != nil {
			return nil, err
		}
		r.name = n
		args = args[1:]
	}
	if len(args) != 1 {
		return nil, argError("repeat", "takes a traversal (and optionally a loop name)")
	}
	p, err := c.child("repeat", args[0])
	if err != nil {
		return nil, err
	}
	r.body = p
	return r, nil
}

func (r *repeatStep) timesSet() bool { return r.timesFirst }

// preModulate records emit()/until()/times() written before repeat().
func (r *repeatStep) preModulate(c *compiler, op string, args []any) error {
	if err := r.modulate(c, op, args); err != nil {
		return err
	}
	switch op {
	case "times":
		r.timesFirst = true
	case "until":
		r.untilFirst = true
	case "emit":
		r.emitFirst = true
	}
	return nil
}

func (r *repeatStep) modulate(c *compiler, op string, args []any) error {
	switch op {
	case "times":
		if len(args) != 1 {
			return argError("times", "takes a count")
		}
		n, err := argInt("times", args[0])
		if err != nil {
			return err
		}
		r.times = n
		return nil
	case "until":
		if len(args) != 1 {
			return argError("until", "takes a traversal or a predicate")
		}
		p, err := condition(c, "until", args[0])
		if err != nil {
			return err
		}
		r.until = p
		return nil
	case "emit":
		r.emit = true
		if len(args) == 1 {
			p, err := condition(c, "emit", args[0])
			if err != nil {
				return err
			}
			r.emitProg = p
		} else if len(args) > 1 {
			return argError("emit", "takes at most one traversal or predicate")
		}
		return nil
	}
	return argError(op, "does not modulate repeat()")
}

// condition compiles a until()/emit() argument: a traversal, or a predicate on the object.
func condition(c *compiler, name string, a any) (*program, error) {
	if isTraversal(a) {
		return c.child(name, a)
	}
	p, err := compilePredicate(name, a)
	if err != nil {
		return nil, err
	}
	return &program{steps: []step{&filterStep{keep: func(e *env, t *traverser) (bool, error) { return p(t.obj), nil }}}}, nil
}

// done reports whether t leaves the loop.
func (r *repeatStep) done(e *env, t *traverser) (bool, error) {
	if r.times >= 0 && int64(t.loops[len(t.loops)-1].n) >= r.times {
		return true, nil
	}
	if r.until != nil {
		return r.until.produces(t, e)
	}
	return false, nil
}

func (r *repeatStep) emits(e *env, t *traverser) (bool, error) {
	if !r.emit {
		return false, nil
	}
	if r.emitProg == nil {
		return true, nil
	}
	return r.emitProg.produces(t, e)
}

// leave pops the loop counter of a traverser leaving the loop.
func leave(t *traverser) *traverser {
	c := t.clone()
	c.loops = t.loops[: len(t.loops)-1 : len(t.loops)-1]
	return c
}

func (r *repeatStep) build(in iter, e *env) iter {
	var out []*traverser // ready to yield
	var work []*traverser
	untilFirst := r.untilFirst || (r.timesFirst && r.until == nil)
	// enter runs the checks made before an iteration and queues t for the body.
	enter := func(t *traverser) error {
		if untilFirst {
			d, err := r.done(e, t)
			if err != nil {
				return err
			}
			if d {
				out = append(out, leave(t))
				return nil
			}
		}
		if r.emitFirst {
			ok, err := r.emits(e, t)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, leave(t))
			}
		}
		work = append(work, t)
		return nil
	}
	return iterFunc(func() (*traverser, error) {
		for len(out) == 0 {
			if err := e.checkCtx(); err != nil {
				return nil, err
			}
			if len(work) == 0 {
				t, err := in.next()
				if t == nil || err != nil {
					return nil, err
				}
				t = t.clone()
				t.loops = append(t.loops[:len(t.loops):len(t.loops)], loopCount{name: r.name})
				if err := enter(t); err != nil {
					return nil, err
				}
				continue
			}
			t := work[0]
			work = work[1:]
			results, err := r.body.all(t, e)
			if err != nil {
				return nil, err
			}
			for _, res := range results {
				res = res.clone()
				n := len(res.loops)
				loops := append([]loopCount(nil), res.loops...)
				loops[n-1].n++
				res.loops = loops
				if !untilFirst {
					d, err := r.done(e, res)
					if err != nil {
						return nil, err
					}
					if d {
						out = append(out, leave(res))
						continue
					}
				}
				if !r.emitFirst {
					ok, err := r.emits(e, res)
					if err != nil {
						return nil, err
					}
					if ok {
						out = append(out, leave(res))
					}
				}
				if err := enter(res); err != nil {
					return nil, err
				}
			}
		}
		t := out[0]
		out = out[1:]
		return t, nil
	})
}
