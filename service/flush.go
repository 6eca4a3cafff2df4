package service

import (
	"context"

	"github.com/wifivault/wifivault/sessions"
)

// startSessionFlush creates the accounting flusher (Service.Flusher), which copies the
// sessions and per-unit daily usage radiusd records in Redis to the graph, and runs it
// every Config.SessionFlushInterval (0: sessions.DefaultFlushInterval; negative: never,
// tests then call Flusher.Flush themselves). It stops with a final flush before Redis and
// the graph close, and after an in-process radiusd stopped.
func (s *Service) startSessionFlush() {
	s.Flusher = &sessions.Flusher{DB: s.DB, Cache: s.cache(), Log: s.Log.With("component", "accounting-flush")}
	interval := s.Config.SessionFlushInterval
	if interval == 0 {
		interval = sessions.DefaultFlushInterval
	}
	if interval < 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Flusher.Run(ctx, interval) }()
	s.closers = append(s.closers, func() error { cancel(); <-done; return nil })
}
