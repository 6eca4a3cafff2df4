package service

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/wifivault/wifivault/handlers"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/sessions"
)

// defaultReconcileInterval is how often serve compares the RADIUS projection with the
// graph (WIFIVAULT_CACHE_RECONCILE_INTERVAL overrides it; 0 turns it off).
const defaultReconcileInterval = 5 * time.Minute

// cache returns the RADIUS projection in the service's Redis, opening it on first use.
func (s *Service) cache() *policycache.Store {
	if s.Cache == nil {
		s.Cache = policycache.NewStore(s.Redis, s.Secrets, "")
	}
	return s.Cache
}

// sessionRoutes registers the RADIUS endpoints (whitelists, device bindings, sessions,
// usage, CPE status) and returns their routes.
func sessionRoutes(s *Service) []handlers.Route {
	var routes []handlers.Route
	for _, r := range (&sessions.Commands{Secrets: s.Secrets, Cache: s.cache()}).Register(s.Registry) {
		routes = append(routes, handlers.Route{Path: r.Path, Command: r.Command})
	}
	return routes
}

// lateDisconnector forwards to the Disconnector set with SetDisconnector (radiusd, when
// it runs in this process), or only logs while there is none.
type lateDisconnector struct {
	d atomic.Pointer[projection.Disconnector]
}

func (l *lateDisconnector) DisconnectKey(ctx context.Context, keyID string) error {
	if d := l.d.Load(); d != nil {
		return (*d).DisconnectKey(ctx, keyID)
	}
	return nil
}

// SetDisconnector makes ended keys' sessions go to d (the running radiusd).
func (s *Service) SetDisconnector(d projection.Disconnector) { s.disconnector.d.Store(&d) }

// startProjection registers the projector on the outbox dispatcher and starts the
// periodic reconciliation (its first pass at once, which also covers events another
// handler finished before the projector was registered); both stop before Redis and the
// graph close.
func (s *Service) startProjection() error {
	interval := defaultReconcileInterval
	if raw := env("CACHE_RECONCILE_INTERVAL", ""); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil {
			return err
		}
		interval = d
	}
	log := s.Log.With("component", "projection")
	s.Projector = &projection.Projector{DB: s.DB, Secrets: s.Secrets, Store: s.cache(), Disconnector: &s.disconnector, Log: log}
	s.Projector.Register(s.Outbox)
	if interval <= 0 || s.Config.TestNoReconcile {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Projector.RunReconciler(ctx, interval) }()
	s.closers = append(s.closers, func() error { cancel(); <-done; return nil })
	return nil
}
