package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
)

// Server serves the Gremlin Server WebSocket protocol. It is an http.Handler: mount it at
// /gremlin. It is safe for concurrent use.
type Server struct {
	cfg      Config
	log      *slog.Logger
	upgrader websocket.Upgrader
	stats    counters
	workers  *workers

	mu     sync.Mutex
	conns  map[*conn]struct{}
	closed bool
	wg     sync.WaitGroup // connections being served
}

// New returns a Server for cfg (see Config for the defaults).
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, conns: map[*conn]struct{}{}, workers: newWorkers()}
	s.upgrader = websocket.Upgrader{
		ReadBufferSize:  16 << 10,
		WriteBufferSize: 32 << 10,
		CheckOrigin:     s.checkOrigin,
	}
	return s, nil
}

// checkOrigin admits non-browser clients (no Origin header), same-host pages and the
// configured origins, so that a web page cannot drive a local graph through a visitor's browser.
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if slices.Contains(s.cfg.AllowedOrigins, origin) {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// ServeHTTP upgrades the request to a WebSocket and serves Gremlin requests on it until the
// client or the server closes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered with an HTTP error
	}
	c := newConn(s, ws)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	s.stats.connectionsOpened.Add(1)

	c.serve()

	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.stats.connectionsClosed.Add(1)
}

// Close closes every connection (rolling back their open sessions) and waits until they
// are done. Later upgrade requests are refused.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(websocket.CloseGoingAway, "server shutting down")
	}
	s.wg.Wait()
	return nil
}

// background is the parent context of requests; connection contexts derive from it.
var background = context.Background()
