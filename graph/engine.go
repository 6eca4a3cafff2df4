// Package graph is the embedded Gremlin-compatible graph engine of wifivault: named
// property graphs (package store) served over the Gremlin Server protocol (package server,
// GraphBinary v1 over WebSocket) to any Gremlin client, in-process or standalone.
//
//	e, err := graph.Open(graph.Options{Dir: "/var/lib/wifivault/graph"})
//	url, err := e.Start("127.0.0.1:0") // ws://127.0.0.1:<port>/gremlin
//	defer e.Close()
package graph

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/wifivault/wifivault/graph/server"
	"github.com/wifivault/wifivault/graph/store"
)

// DefaultGraph is the graph a request without aliases addresses; it always exists.
const DefaultGraph = "g"

// Options configure Open.
type Options struct {
	// Dir holds one subdirectory per named graph (Dir/<name>/); "" keeps every graph in
	// memory.
	Dir string
	// Indexes returns the indexes to declare when the named graph is opened (nil: none).
	Indexes func(graphName string) []store.Index
	// AutoCreate lets a request alias any valid name, creating the graph on first use;
	// without it only DefaultGraph and graphs already in Dir exist.
	AutoCreate bool
	// Username and Password, when Username is set, require SASL PLAIN authentication.
	Username, Password string
	// Logger receives server events; nil uses slog.Default().
	Logger *slog.Logger
}

// Engine holds named graphs and serves them. It is safe for concurrent use.
type Engine struct {
	opts Options
	srv  *server.Server

	mu        sync.Mutex
	graphs    map[string]*store.Graph
	listeners []*http.Server
	closed    bool
}

var graphName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// ErrClosed is returned by an Engine after Close.
var ErrClosed = errors.New("graph: engine closed")

// Open opens the engine and its default graph "g" (recovering it from Dir/g when present).
func Open(opts Options) (*Engine, error) {
	if opts.Dir != "" {
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("graph: data dir: %w", err)
		}
	}
	e := &Engine{opts: opts, graphs: map[string]*store.Graph{}}
	cfg := server.Config{Graph: e.Graph, Logger: opts.Logger}
	if opts.Username != "" {
		user, pass := []byte(opts.Username), []byte(opts.Password)
		cfg.Authenticate = func(u, p string) bool {
			okUser := subtle.ConstantTimeCompare([]byte(u), user)
			okPass := subtle.ConstantTimeCompare([]byte(p), pass)
			return okUser&okPass == 1
		}
	}
	srv, err := server.New(cfg)
	if err != nil {
		return nil, err
	}
	e.srv = srv
	if _, err := e.open(DefaultGraph, true); err != nil {
		return nil, err
	}
	return e, nil
}

// Graph returns the named graph, opening it on first use: DefaultGraph always, a graph
// with data in Dir/<name>, or any valid name ([A-Za-z0-9_]+) with AutoCreate.
func (e *Engine) Graph(name string) (*store.Graph, error) {
	return e.open(name, e.opts.AutoCreate)
}

func (e *Engine) open(name string, create bool) (*store.Graph, error) {
	if !graphName.MatchString(name) {
		return nil, fmt.Errorf("graph: invalid graph name %q (want [A-Za-z0-9_]+)", name)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrClosed
	}
	if g, ok := e.graphs[name]; ok {
		return g, nil
	}
	dir := ""
	if e.opts.Dir != "" {
		dir = filepath.Join(e.opts.Dir, name)
		if _, err := os.Stat(dir); err == nil {
			create = true // the graph exists on disk
		}
	}
	if !create && name != DefaultGraph {
		return nil, fmt.Errorf("graph: no graph named %q", name)
	}
	var indexes []store.Index
	if e.opts.Indexes != nil {
		indexes = e.opts.Indexes(name)
	}
	g, err := store.Open(store.Options{Dir: dir, Indexes: indexes})
	if err != nil {
		return nil, fmt.Errorf("graph: open %q: %w", name, err)
	}
	e.graphs[name] = g
	return g, nil
}

// Handler serves the Gremlin Server protocol at /gremlin.
func (e *Engine) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/gremlin", e.srv)
	return mux
}

// Stats returns the protocol server's counters.
func (e *Engine) Stats() server.Stats { return e.srv.Stats() }

// Start listens on addr (e.g. "127.0.0.1:0" for an ephemeral loopback port), serves in the
// background until Close, and returns the URL clients connect to: ws://host:port/gremlin.
func (e *Engine) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("graph: listen: %w", err)
	}
	hs := &http.Server{Handler: e.Handler(), ReadHeaderTimeout: 10 * time.Second}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		ln.Close()
		return "", ErrClosed
	}
	e.listeners = append(e.listeners, hs)
	e.mu.Unlock()
	go func() { _ = hs.Serve(ln) }()
	return "ws://" + ln.Addr().String() + "/gremlin", nil
}

// Close stops serving (closing client connections, rolling back their sessions) and
// closes every graph. It is idempotent.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	listeners := e.listeners
	e.mu.Unlock()
	var errs []error
	for _, hs := range listeners {
		if err := hs.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, e.srv.Close())
	e.mu.Lock()
	defer e.mu.Unlock()
	for name, g := range e.graphs {
		if err := g.Close(); err != nil {
			errs = append(errs, fmt.Errorf("graph %q: %w", name, err))
		}
	}
	return errors.Join(errs...)
}
