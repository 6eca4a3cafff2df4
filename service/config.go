package service

import (
	"flag"

	"fmt"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is everything `wifivault serve` can be told, by flag or WIFIVAULT_* variable.
type Config struct {
	HTTPAddr          string
	RadiusAuthAddr    string
	RadiusAcctAddr    string
	RadiusSecret      string // default shared secret of venues without their own
	DataDir           string
	GraphURL          string // empty: the embedded engine
	GraphUser         string
	GraphPassword     string
	RedisURL          string // empty: an embedded Redis-protocol server
	BootstrapEmail    string
	BootstrapPassword string
	AllowedOrigins    []string
	Issuer            string
	LogLevel          string
	LogFormat         string
	Demo              bool
	// TestPasswordParams, when set, replaces the argon2id cost (tests only: it is not a
	// flag or a variable).
	TestPasswordParams *vaultcrypto.PasswordParams
	// TestNoReconcile turns the periodic cache reconciliation off (tests that write the
	// projection directly; they call Projector.Reconcile themselves when they want it).
	TestNoReconcile bool
	// SessionFlushInterval is how often accounting (sessions, per-unit daily usage) is
	// copied from Redis to the graph; 0 means sessions.DefaultFlushInterval (30 s) and a
	// negative value turns the periodic flush off (tests that flush themselves).
	SessionFlushInterval time.Duration
}

// env reads a WIFIVAULT_* variable with a default.
func env(name, def string) string {
	if v, ok := os.LookupEnv("WIFIVAULT_" + name); ok {
		return v
	}
	return def
}

// ParseConfig reads flags (which win) over environment variables (which win over defaults
// that work on a laptop).
func ParseConfig(name string, args []string) (Config, error) {
	var c Config
	var origins string
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.HTTPAddr, "http-addr", env("HTTP_ADDR", "127.0.0.1:8080"), "API listen address (WIFIVAULT_HTTP_ADDR)")
	fs.StringVar(&c.RadiusAuthAddr, "radius-auth-addr", env("RADIUS_AUTH_ADDR", "127.0.0.1:1812"), "RADIUS authentication address (WIFIVAULT_RADIUS_AUTH_ADDR)")
	fs.StringVar(&c.RadiusAcctAddr, "radius-acct-addr", env("RADIUS_ACCT_ADDR", "127.0.0.1:1813"), "RADIUS accounting address (WIFIVAULT_RADIUS_ACCT_ADDR)")
	fs.StringVar(&c.RadiusSecret, "radius-secret", env("RADIUS_SECRET", ""), "default RADIUS shared secret (WIFIVAULT_RADIUS_SECRET)")
	fs.StringVar(&c.DataDir, "data", env("DATA_DIR", "wifivault-data"), "data directory (WIFIVAULT_DATA_DIR)")
	fs.StringVar(&c.GraphURL, "graph-url", env("GRAPH_URL", ""), "Gremlin server URL; empty runs the embedded graph (WIFIVAULT_GRAPH_URL)")
	fs.StringVar(&c.GraphUser, "graph-user", env("GRAPH_USER", ""), "Gremlin SASL user (WIFIVAULT_GRAPH_USER)")
	fs.StringVar(&c.GraphPassword, "graph-password", env("GRAPH_PASSWORD", ""), "Gremlin SASL password (WIFIVAULT_GRAPH_PASSWORD)")
	fs.StringVar(&c.RedisURL, "redis-url", env("REDIS_URL", ""), "Redis URL; empty runs an embedded one (WIFIVAULT_REDIS_URL)")
	fs.StringVar(&c.BootstrapEmail, "bootstrap-email", env("BOOTSTRAP_EMAIL", ""), "first Network Software Provider administrator (WIFIVAULT_BOOTSTRAP_EMAIL)")
	fs.StringVar(&c.BootstrapPassword, "bootstrap-password", env("BOOTSTRAP_PASSWORD", ""), "its password (WIFIVAULT_BOOTSTRAP_PASSWORD)")
	fs.StringVar(&origins, "allowed-origins", env("ALLOWED_ORIGINS", ""), "comma-separated origin header values to accept; empty accepts any (WIFIVAULT_ALLOWED_ORIGINS)")
	fs.StringVar(&c.Issuer, "issuer", env("ISSUER", "wifivault"), "token issuer (WIFIVAULT_ISSUER)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (WIFIVAULT_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("LOG_FORMAT", "text"), "text or json (WIFIVAULT_LOG_FORMAT)")
	fs.BoolVar(&c.Demo, "demo", env("DEMO", "") == "true", "load the demo operator once (WIFIVAULT_DEMO=true)")
	flushEvery, err := time.ParseDuration(env("SESSION_FLUSH_INTERVAL", "30s"))
	if err != nil {
		return c, fmt.Errorf("WIFIVAULT_SESSION_FLUSH_INTERVAL: %w", err)
	}
	fs.DurationVar(&c.SessionFlushInterval, "session-flush-interval", flushEvery, "how often accounting is copied from Redis to the graph (WIFIVAULT_SESSION_FLUSH_INTERVAL)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	if (c.BootstrapEmail == "") != (c.BootstrapPassword == "") {
		return c, fmt.Errorf("WIFIVAULT_BOOTSTRAP_EMAIL and WIFIVAULT_BOOTSTRAP_PASSWORD go together")
	}
	abs, err := filepath.Abs(c.DataDir)
	if err != nil {
		return c, err
	}
	c.DataDir = abs
	return c, nil
}
