package server

import (
	"errors"
	"log/slog"
	"time"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// Config configures a Server. Graph is required; every other field has a default.
type Config struct {
	// Graph resolves the target of a request's alias ({"g": name}; "g" when a request
	// names none). An error answers the request with 499.
	Graph func(name string) (*store.Graph, error)
	// Authenticate, when set, turns on SASL PLAIN: a connection must authenticate before
	// its first request runs.
	Authenticate func(user, password string) bool
	// ScriptParser, when set, turns "eval" scripts into bytecode; without it eval requests
	// are answered with 499.
	ScriptParser func(script string, bindings map[string]any) (*value.Bytecode, error)
	// SessionTimeout rolls back sessions idle this long (default 10 minutes).
	SessionTimeout time.Duration
	// EvaluationTimeout applies to requests without an evaluationTimeout argument (default
	// 30 s); a request's evaluationTimeout of 0 means no limit.
	EvaluationTimeout time.Duration
	// BatchSize applies to requests without a batchSize argument (default
	// DefaultBatchSize).
	BatchSize int
	// MaxFrameBytes bounds an incoming frame (default 16 MiB); a larger one closes the connection.
	MaxFrameBytes int64
	// MaxInFlight bounds the requests running at once on one connection (default 256);
	// requests beyond it are answered with 500.
	MaxInFlight int
	// WriteTimeout bounds writing one frame to a client (default 30 s).
	WriteTimeout time.Duration
	// AllowedOrigins lists the browser origins (scheme://host[:port]) allowed to connect.
	// Clients that send no Origin header (drivers, consoles) and same-host origins are
	// always allowed.
	AllowedOrigins []string
	// Logger receives connection and request events (never arguments or bindings); nil
	// uses slog.Default().
	Logger *slog.Logger
}

// DefaultBatchSize is the number of results per response frame when neither the request
// nor Config.BatchSize says otherwise. Gremlin Server's resultIterationBatchSize defaults to
// 64; larger frames cost a client less (gremlin-go spends some 25 µs on each frame besides
// its results), while the first frame of a long result still leaves after a fraction of a
// millisecond.
const DefaultBatchSize = 256

func (c Config) withDefaults() (Config, error) {
	if c.Graph == nil {
		return c, errors.New("server: Config.Graph is required")
	}
	if c.SessionTimeout <= 0 {
		c.SessionTimeout = 10 * time.Minute
	}
	if c.EvaluationTimeout <= 0 {
		c.EvaluationTimeout = 30 * time.Second
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.MaxFrameBytes <= 0 {
		c.MaxFrameBytes = 16 << 20
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 256
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c, nil
}
