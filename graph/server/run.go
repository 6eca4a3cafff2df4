package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wifivault/wifivault/graph/graphbinary"
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/traversal"
	"github.com/wifivault/wifivault/graph/value"
)

// runTraversal answers a "bytecode" or "eval" request.
func (c *conn) runTraversal(req *graphbinary.Request) {
	start := time.Now()
	timeout, err := evaluationTimeoutArg(req.Args, c.s.cfg.EvaluationTimeout)
	ctx := c.ctx
	if err == nil && timeout > 0 {
		dc := newDeadlineContext(c.ctx, timeout)
		defer dc.release()
		ctx = dc
	}
	if err == nil {
		err = c.execute(ctx, req)
	}
	if err == nil || errors.Is(err, errConnGone) || c.ctx.Err() != nil {
		return
	}
	status, msg := classify(err, ctx, timeout.String())
	if status == StatusServerError {
		c.s.log.Warn("gremlin: request failed", "id", uuidString(req.ID), "op", req.Op, "processor", req.Processor, "status", status, "error", msg)
	} else {
		c.s.log.Debug("gremlin: request failed", "id", uuidString(req.ID), "op", req.Op, "processor", req.Processor,
			"status", status, "error", msg, "elapsed", time.Since(start))
	}
	_ = c.respondError(req.ID, status, msg)
}

// execute runs the request's traversal and sends its results; an error return is to be
// answered by the caller.
func (c *conn) execute(ctx context.Context, req *graphbinary.Request) error {
	bc, err := c.bytecodeOf(req)
	if err != nil {
		return err
	}
	batchSize, err := batchSizeArg(req.Args, c.s.cfg.BatchSize)
	if err != nil {
		return err
	}
	graphName, err := aliasArg(req.Args)
	if err != nil {
		return err
	}
	g, err := c.s.cfg.Graph(graphName)
	if err != nil {
		return badRequest("Could not alias [g] to [%s]: %v", graphName, err)
	}
	out := &results{c: c, id: req.ID, batchSize: batchSize, traversers: req.Op == "bytecode"}
	switch req.Processor {
	case "traversal", "":
		if _, ok := txControl(bc); ok {
			return badRequest("tx() commit/rollback needs the session processor")
		}
		return c.sessionless(ctx, g, bc, out)
	case "session":
		id, err := sessionArg(req.Args)
		if err != nil {
			return err
		}
		return c.inSession(ctx, id, graphName, g, bc, out)
	}
	return badRequest("processor %q is not supported for op %q (use traversal or session)", req.Processor, req.Op)
}

// bytecodeOf returns the traversal a request carries: its Bytecode, or for "eval" its
// script parsed by Config.ScriptParser.
func (c *conn) bytecodeOf(req *graphbinary.Request) (*value.Bytecode, error) {
	g := req.Args["gremlin"]
	if req.Op == "eval" {
		script, ok := g.(string)
		if !ok {
			return nil, badRequest("eval requires a gremlin argument that is a String, got %s", describe(g))
		}
		if c.s.cfg.ScriptParser == nil {
			return nil, badRequest("script evaluation is not supported; send bytecode")
		}
		bindings := map[string]any{}
		if m, ok := req.Args["bindings"].(*value.Map); ok {
			var bad error
			m.Range(func(k, v any) bool {
				ks, ok := k.(string)
				if !ok {
					bad = badRequest("binding names must be Strings")
					return false
				}
				bindings[ks] = v
				return true
			})
			if bad != nil {
				return nil, bad
			}
		}
		bc, err := c.s.cfg.ScriptParser(script, bindings)
		if err != nil {
			return nil, &statusError{status: StatusEvaluationError, message: err.Error()}
		}
		return bc, nil
	}
	bc, ok := g.(*value.Bytecode)
	if !ok || bc == nil {
		return nil, badRequest("a bytecode request requires a gremlin argument that is Bytecode, got %s", describe(g))
	}
	return bc, nil
}

// txControl recognizes the bytecode of g.Tx().Commit()/Rollback(): no steps and the single
// source instruction tx("commit"|"rollback").
func txControl(bc *value.Bytecode) (string, bool) {
	if len(bc.Steps) != 0 || len(bc.Sources) != 1 || bc.Sources[0].Op != "tx" || len(bc.Sources[0].Args) != 1 {
		return "", false
	}
	op, _ := bc.Sources[0].Args[0].(string)
	return op, op == "commit" || op == "rollback"
}

// sessionless runs a traversal as its own transaction: a mutating one in a Write
// transaction, drained and committed (durably) before any result is sent; a read-only one on
// a snapshot, streamed as it is computed.
func (c *conn) sessionless(ctx context.Context, g *store.Graph, bc *value.Bytecode, out *results) error {
	t, err := traversal.Compile(bc)
	if err != nil {
		return err
	}
	if t.Mutating() {
		tx := g.Write()
		defer tx.Rollback() // releases the writer lock even if the traversal panics; a no-op after Commit
		res := t.Run(ctx, tx)
		var all []value.Traverser
		for {
			tr, ok := res.Next()
			if !ok {
				break
			}
			all = append(all, tr)
		}
		res.Close()
		if err := res.Err(); err != nil {
			tx.Rollback()
			return err
		}
		if err := ctx.Err(); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return commitError(err)
		}
		i := 0
		return out.send(ctx, func() (value.Traverser, bool) {
			if i == len(all) {
				return value.Traverser{}, false
			}
			i++
			return all[i-1], true
		}, func() error { return nil })
	}
	tx := g.Read()
	defer tx.Rollback()
	res := t.Run(ctx, tx)
	defer res.Close()
	return out.send(ctx, res.Next, res.Err)
}

// inSession runs a traversal in the session's transaction, or commits/rolls it back.
func (c *conn) inSession(ctx context.Context, id, graphName string, g *store.Graph, bc *value.Bytecode, out *results) error {
	s, err := c.acquireSession(id, graphName, g)
	if err != nil {
		return err
	}
	defer c.release(s)
	if op, ok := txControl(bc); ok {
		if s.tx != nil {
			tx := s.tx
			s.tx = nil
			if op == "commit" {
				if err := tx.Commit(); err != nil {
					return commitError(err)
				}
			} else {
				tx.Rollback()
			}
		}
		return c.respond(out.id, StatusNoContent, "", nil)
	}
	t, err := traversal.Compile(bc)
	if err != nil {
		return err
	}
	if s.tx == nil {
		s.tx = g.Session()
	}
	res := t.Run(ctx, s.tx)
	err = out.send(ctx, res.Next, res.Err)
	res.Close()
	if err != nil && !errors.Is(err, errConnGone) {
		// A failed traversal leaves no half of its writes behind: the transaction is gone.
		s.tx.Rollback()
		s.tx = nil
	}
	return err
}

func commitError(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return err
	}
	return &statusError{status: StatusServerError, message: fmt.Sprintf("commit failed: %v", err)}
}

// batches recycles the slices results are gathered in between frames.
var batches = sync.Pool{New: func() any { s := make([]value.Traverser, 0, DefaultBatchSize); return &s }}

// results sends the results of one request in batches.
type results struct {
	c          *conn
	id         value.UUID
	batchSize  int
	traversers bool // bytecode: List<Traverser>; eval: List of the values, bulks expanded
}

// send pulls results from next and writes them batchSize at a time: 206 for every batch but
// the last, 200 with the last, 204 when there is none. An error of errf (checked when next
// ends) or of ctx is returned unanswered.
func (r *results) send(ctx context.Context, next func() (value.Traverser, bool), errf func() error) error {
	pending, more := next()
	if !more {
		if err := errf(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return r.c.respond(r.id, StatusNoContent, "", nil)
	}
	bp := batches.Get().(*[]value.Traverser)
	batch := (*bp)[:0]
	defer func() {
		clear(batch[:cap(batch)]) // drop references to results
		*bp = batch[:0]
		batches.Put(bp)
	}()
	buf := graphbinary.GetBuffer()
	defer graphbinary.PutBuffer(buf)
	for {
		batch = batch[:0]
		for more && len(batch) < r.batchSize {
			batch = append(batch, pending)
			pending, more = next()
		}
		if !more {
			if err := errf(); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		status, attrs := int32(StatusPartialContent), []graphbinary.Attribute(nil)
		if !more {
			status, attrs = StatusSuccess, r.c.hostAttr()
		}
		b, err := graphbinary.AppendResponseHeader(buf.B[:0], r.id, status, "", attrs, nil)
		if err == nil {
			b, err = r.appendData(b, batch)
		}
		buf.B = b
		if err != nil {
			return &statusError{status: StatusSerializationError, message: err.Error()}
		}
		if err := r.c.writeFrame(b); err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}

func (r *results) appendData(b []byte, batch []value.Traverser) ([]byte, error) {
	if r.traversers {
		return graphbinary.AppendTraversers(b, batch)
	}
	items := make([]any, 0, len(batch))
	for _, t := range batch {
		for n := int64(0); n < t.Bulk && n < 1<<20; n++ {
			items = append(items, t.Value)
		}
	}
	return graphbinary.AppendValue(b, items)
}
