package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// deadlineContext is the context of a request with an evaluation timeout: its
// connection's context plus a deadline. The server and the traversal engine only poll Err,
// which reads the clock, so no timer is armed per request as context.WithDeadline does;
// Done, for any other user, makes such a context on its first call and Err then follows
// it. release must be called when the request ends; the context is then canceled.
type deadlineContext struct {
	parent   context.Context
	deadline time.Time

	derived  atomic.Pointer[derivedContext] // made by the first Done
	mu       sync.Mutex                     // serializes making derived and release
	released atomic.Bool
}

type derivedContext struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newDeadlineContext(parent context.Context, timeout time.Duration) *deadlineContext {
	return &deadlineContext{parent: parent, deadline: time.Now().Add(timeout)}
}

func (c *deadlineContext) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *deadlineContext) Value(key any) any { return c.parent.Value(key) }

func (c *deadlineContext) Done() <-chan struct{} {
	if d := c.derived.Load(); d != nil {
		return d.ctx.Done()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.derived.Load(); d != nil {
		return d.ctx.Done()
	}
	d := &derivedContext{}
	d.ctx, d.cancel = context.WithDeadline(c.parent, c.deadline)
	if c.released.Load() {
		d.cancel()
	}
	c.derived.Store(d)
	return d.ctx.Done()
}

func (c *deadlineContext) Err() error {
	if d := c.derived.Load(); d != nil {
		return d.ctx.Err()
	}
	if err := c.parent.Err(); err != nil {
		return err
	}
	if !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	if c.released.Load() {
		return context.Canceled
	}
	return nil
}

// release cancels the context.
func (c *deadlineContext) release() {
	c.mu.Lock()
	c.released.Store(true)
	d := c.derived.Load()
	c.mu.Unlock()
	if d != nil {
		d.cancel()
	}
}
