package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graph"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/handlers"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/radiusd"
	"github.com/wifivault/wifivault/sessions"
)

// Service is a running wifivault.
type Service struct {
	Config   Config
	Log      *slog.Logger
	DB       *graphdb.DB
	Redis    redis.UniversalClient
	Secrets  *vaultcrypto.KeyRing
	Keys     *auth.KeyRing
	Registry *gremlinconsole.Registry
	Admins   *identity.Admins
	API      *handlers.API
	// Radius is the RADIUS server (nil when Config.RadiusAuthAddr is empty).
	Radius *radiusd.Server
	// Outbox delivers recorded events (webhooks, notifications).
	Outbox *outbox.Dispatcher
	// Cache is radiusd's Redis projection; Projector keeps it in step with the graph.
	Cache     *policycache.Store
	Projector *projection.Projector
	// Flusher copies accounting (sessions, daily usage) from Redis to the graph.
	Flusher *sessions.Flusher

	disconnector lateDisconnector

	engine   *graph.Engine
	miniRed  *miniredis.Miniredis
	http     *http.Server
	listener net.Listener
	closers  []func() error
}

// NewLogger makes the service's structured logger.
func NewLogger(level, format string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// Start opens everything and starts serving HTTP. On error, what was opened is closed.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (_ *Service, err error) {
	s := &Service{Config: cfg, Log: log}
	defer func() {
		if err != nil {
			s.close() // what was opened before the error
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if s.Secrets, err = vaultcrypto.LoadKeyRing(os.Getenv(vaultcrypto.MasterKeyEnv), cfg.DataDir); err != nil {
		return nil, err
	}
	if err := s.openGraph(ctx); err != nil {
		return nil, err
	}
	if err := s.openRedis(ctx); err != nil {
		return nil, err
	}
	if s.Keys, err = auth.OpenKeyRing(ctx, auth.FileKeyStore{Path: filepath.Join(cfg.DataDir, "signing-keys.json")}, s.Secrets, auth.KeyRingOptions{}); err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	tokens, err := auth.NewAccessTokens(s.Keys, auth.AccessTokenConfig{Issuer: cfg.Issuer, Audience: "wifivault-api"})
	if err != nil {
		return nil, err
	}
	s.Admins = &identity.Admins{DB: s.DB}
	if cfg.TestPasswordParams != nil {
		s.Admins.Params = *cfg.TestPasswordParams
	}
	s.Registry = gremlinconsole.NewRegistry(s.DB)
	routes := registerCommands(s)
	if err := s.startDispatcher(); err != nil {
		return nil, err
	}
	if err := s.startProjection(); err != nil {
		return nil, err
	}
	s.startSessionFlush()
	if cfg.BootstrapEmail != "" {
		if err := s.Admins.Bootstrap(ctx, cfg.BootstrapEmail, cfg.BootstrapPassword); err != nil {
			return nil, fmt.Errorf("bootstrap administrator: %w", err)
		}
	}
	if cfg.Demo {
		if err := loadDemo(ctx, s); err != nil {
			return nil, fmt.Errorf("demo data: %w", err)
		}
	}
	metrics := prometheus.NewRegistry()
	metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.API = &handlers.API{
		Registry:       s.Registry,
		Tokens:         tokens,
		Sessions:       &auth.Sessions{AccessTokens: tokens, RefreshTokens: auth.NewRefreshTokens(s.Redis, auth.RefreshTokenConfig{})},
		Keys:           s.Keys,
		Logins:         auth.NewLoginLimiter(s.Redis),
		Admins:         s.Admins,
		Log:            log,
		AllowedOrigins: cfg.AllowedOrigins,
		Ready:          s.ready,
		Metrics:        metrics,
		Routes:         routes,
	}
	if err := s.startRadius(ctx); err != nil {
		return nil, err
	}
	s.listener, err = net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	s.http = &http.Server{Handler: s.API.Echo(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() {
		if err := s.http.Serve(s.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "error", err)
		}
	}()
	log.Info("wifivault serving", "http", "http://"+s.listener.Addr().String(), "graph", s.DB.URL(), "data", cfg.DataDir)
	return s, nil
}

// URL is the API's base URL.
func (s *Service) URL() string { return "http://" + s.listener.Addr().String() }

func (s *Service) openGraph(ctx context.Context) error {
	url := s.Config.GraphURL
	if url == "" {
		e, err := graph.Open(graph.Options{Dir: filepath.Join(s.Config.DataDir, "graph"), Indexes: graphIndexes, Logger: s.Log})
		if err != nil {
			return fmt.Errorf("embedded graph: %w", err)
		}
		s.engine = e
		s.closers = append(s.closers, e.Close)
		if url, err = e.Start("127.0.0.1:0"); err != nil {
			return fmt.Errorf("embedded graph: %w", err)
		}
	}
	db, err := graphdb.Open(ctx, graphdb.Options{URL: url, Username: s.Config.GraphUser, Password: s.Config.GraphPassword})
	if err != nil {
		return err
	}
	s.DB = db
	s.closers = append(s.closers, func() error { db.Close(); return nil })
	return nil
}

func (s *Service) openRedis(ctx context.Context) error {
	if s.Config.RedisURL == "" {
		m := miniredis.NewMiniRedis()
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			return fmt.Errorf("embedded redis: %w", err)
		}
		s.miniRed = m
		s.closers = append(s.closers, func() error { m.Close(); return nil })
		s.Redis = redis.NewClient(&redis.Options{Addr: m.Addr()})
	} else {
		opts, err := redis.ParseURL(s.Config.RedisURL)
		if err != nil {
			return fmt.Errorf("WIFIVAULT_REDIS_URL: %w", err)
		}
		s.Redis = redis.NewClient(opts)
	}
	s.closers = append(s.closers, s.Redis.Close)
	if err := s.Redis.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// ready reports whether the graph and Redis answer.
func (s *Service) ready(ctx context.Context) error {
	if err := s.DB.Ping(ctx); err != nil {
		return err
	}
	if err := s.Redis.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis unavailable: %w", err)
	}
	return nil
}

// Shutdown stops accepting requests, waits for those in flight (until ctx ends), then
// closes the cache and the graph.
func (s *Service) Shutdown(ctx context.Context) error {
	var errs []error
	if s.http != nil {
		errs = append(errs, s.http.Shutdown(ctx))
	}
	errs = append(errs, s.close())
	return errors.Join(errs...)
}

func (s *Service) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil && !strings.Contains(err.Error(), "closed") {
			errs = append(errs, err)
		}
	}
	s.closers = nil
	return errors.Join(errs...)
}
