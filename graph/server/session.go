package server

import (
	"sync"
	"time"

	"github.com/wifivault/wifivault/graph/graphbinary"
	"github.com/wifivault/wifivault/graph/store"
)

// session is one client session of a connection: a store transaction opened on first use,
// kept across requests until commit, rollback, close, idle timeout or the socket closing.
type session struct {
	id        string
	graphName string
	graph     *store.Graph
	timer     *time.Timer

	mu     sync.Mutex // held while a request of the session runs: they run one at a time
	tx     *store.Tx  // nil between transactions
	closed bool
}

// acquireSession returns the session id of this connection, locked, creating it bound to
// the graph on first use. A session stays bound to its first graph.
func (c *conn) acquireSession(id, graphName string, g *store.Graph) (*session, error) {
	for {
		c.smu.Lock()
		s, ok := c.sessions[id]
		if !ok {
			s = &session{id: id, graphName: graphName, graph: g}
			s.timer = time.AfterFunc(c.s.cfg.SessionTimeout, func() { c.expireSession(s) })
			c.sessions[id] = s
			c.s.stats.sessionsOpened.Add(1)
		}
		c.smu.Unlock()
		if s.graphName != graphName {
			return nil, badRequest("session %s is bound to graph %q, not %q", id, s.graphName, graphName)
		}
		s.mu.Lock()
		if s.closed { // expired or closed meanwhile: start afresh
			s.mu.Unlock()
			continue
		}
		s.timer.Reset(c.s.cfg.SessionTimeout)
		return s, nil
	}
}

// release unlocks a session acquired by acquireSession, restarting its idle clock.
func (c *conn) release(s *session) {
	s.timer.Reset(c.s.cfg.SessionTimeout)
	s.mu.Unlock()
}

// endSession rolls back the session's transaction and retires it. locked says whether
// the caller holds s.mu.
func (c *conn) endSession(s *session, locked bool) {
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	if s.closed {
		return
	}
	s.closed = true
	s.timer.Stop()
	if s.tx != nil {
		s.tx.Rollback()
		s.tx = nil
	}
	c.smu.Lock()
	if c.sessions[s.id] == s {
		delete(c.sessions, s.id)
	}
	c.smu.Unlock()
	c.s.stats.sessionsClosed.Add(1)
}

func (c *conn) expireSession(s *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	c.s.log.Info("gremlin: session idle too long, rolled back", "remote", c.host, "timeout", c.s.cfg.SessionTimeout)
	c.s.stats.sessionsExpired.Add(1)
	c.endSession(s, true)
}

// closeSessionOp answers op "close": the session's open transaction is rolled back. The
// answer is 204 even for an unknown session, as the Java server does.
func (c *conn) closeSessionOp(req *graphbinary.Request) {
	id, err := sessionArg(req.Args)
	if err != nil {
		_ = c.respondError(req.ID, StatusInvalidRequestArgs, err.Error())
		return
	}
	c.smu.Lock()
	s := c.sessions[id]
	c.smu.Unlock()
	if s != nil {
		c.endSession(s, false)
	}
	_ = c.respond(req.ID, StatusNoContent, "", nil)
}
