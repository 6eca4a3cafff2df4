package server

import "sync/atomic"

// Stats are cumulative counters of a Server, for metrics exporters.
type Stats struct {
	ConnectionsOpened, ConnectionsClosed int64
	Requests                             int64 // requests parsed
	Errors                               int64 // requests answered with an error status
	Timeouts                             int64 // requests answered with 598
	MalformedFrames                      int64 // frames that closed their connection
	AuthFailures                         int64
	SessionsOpened, SessionsClosed       int64
	SessionsExpired                      int64 // rolled back after SessionTimeout
}

type counters struct {
	connectionsOpened, connectionsClosed atomic.Int64
	requests, errors, timeouts           atomic.Int64
	malformed, authFailures              atomic.Int64
	sessionsOpened, sessionsClosed       atomic.Int64
	sessionsExpired                      atomic.Int64
}

// Stats returns a snapshot of the server's counters.
func (s *Server) Stats() Stats {
	c := &s.stats
	return Stats{
		ConnectionsOpened: c.connectionsOpened.Load(), ConnectionsClosed: c.connectionsClosed.Load(),
		Requests: c.requests.Load(), Errors: c.errors.Load(), Timeouts: c.timeouts.Load(),
		MalformedFrames: c.malformed.Load(), AuthFailures: c.authFailures.Load(),
		SessionsOpened: c.sessionsOpened.Load(), SessionsClosed: c.sessionsClosed.Load(),
		SessionsExpired: c.sessionsExpired.Load(),
	}
}
