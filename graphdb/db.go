package graphdb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// Options configure Open.
type Options struct {
	// URL is the Gremlin Server WebSocket URL, e.g. ws://127.0.0.1:8182/gremlin.
	URL string
	// TraversalSource is the alias of the graph on the server ("g" when empty).
	TraversalSource string
	// Username and Password enable SASL PLAIN.
	Username, Password string
	// Header, when set, is added to the WebSocket handshake (Neptune IAM signing).
	Header func() http.Header
	// MaxConnections bounds the connection pool (default: number of CPUs, at least 4).
	MaxConnections int
}

// DB is an open graph connection. It is safe for concurrent use.
type DB struct {
	conn *gremlingo.DriverRemoteConnection
	g    *gremlingo.GraphTraversalSource
	url  string
}

// Open connects to the graph and checks that it answers.
func Open(ctx context.Context, opts Options) (*DB, error) {
	conn, err := gremlingo.NewDriverRemoteConnection(opts.URL, func(s *gremlingo.DriverRemoteConnectionSettings) {
		if opts.TraversalSource != "" {
			s.TraversalSource = opts.TraversalSource
		}
		s.LogVerbosity = gremlingo.Off
		if opts.Username != "" {
			s.AuthInfo = gremlingo.BasicAuthInfo(opts.Username, opts.Password)
		}
		if opts.Header != nil {
			s.AuthInfo = gremlingo.NewDynamicAuth(func() gremlingo.AuthInfoProvider {
				return gremlingo.HeaderAuthInfo(opts.Header())
			})
		}
		s.MaximumConcurrentConnections = max(opts.MaxConnections, 4)
		s.NewConnectionThreshold = 8
		s.ReadBufferSize, s.WriteBufferSize = 64<<10, 64<<10
	})
	if err != nil {
		return nil, fmt.Errorf("connect to graph at %s: %w", opts.URL, err)
	}
	db := &DB{conn: conn, g: gremlingo.Traversal_().WithRemote(conn), url: opts.URL}
	if err := db.Ping(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return db, nil
}

// G is the traversal source every command starts from.
func (db *DB) G() *gremlingo.GraphTraversalSource { return db.g }

// Ping runs the cheapest traversal there is.
func (db *DB) Ping(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		_, err := toList(db.g.Inject(1))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return &UnavailableError{Err: err}
		}
		return nil
	case <-ctx.Done():
		return &UnavailableError{Err: ctx.Err()}
	case <-time.After(5 * time.Second):
		return &UnavailableError{Err: errors.New("graph did not answer within 5s")}
	}
}

// Close closes the connection pool.
func (db *DB) Close() { db.conn.Close() }

// URL is the server the DB talks to.
func (db *DB) URL() string { return db.url }

// UnavailableError means the graph could not be reached (the API answers 503).
type UnavailableError struct{ Err error }

func (u *UnavailableError) Error() string { return "graph unavailable: " + u.Err.Error() }
func (u *UnavailableError) Unwrap() error { return u.Err }

// CommandError is a precondition a traversal refused with Fail: Status is the HTTP status
// class (400, 403, 404, 409, ...), Message is for the caller.
type CommandError struct {
	Status  int
	Message string
}

func (c *CommandError) Error() string { return c.Message }

const failPrefix, failSuffix = "wvfail:", ":wvend"

// FailMessage is the fail() argument that Classify turns back into a CommandError.
func FailMessage(status int, message string) string {
	return fmt.Sprintf("%s%d:%s%s", failPrefix, status, message, failSuffix)
}

// Classify maps a driver error to a *CommandError (a Fail in the traversal), an
// *UnavailableError (the graph could not be reached) or returns it as it is.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	var ce *CommandError
	if errors.As(err, &ce) {
		return err
	}
	text := err.Error()
	if i := strings.Index(text, failPrefix); i >= 0 {
		rest := text[i+len(failPrefix):]
		if j := strings.Index(rest, failSuffix); j >= 0 {
			body := rest[:j]
			var status int
			if k := strings.IndexByte(body, ':'); k > 0 {
				fmt.Sscanf(body[:k], "%d", &status)
				if status >= 400 && status < 600 {
					return &CommandError{Status: status, Message: body[k+1:]}
				}
			}
		}
	}
	for _, s := range conflictMarkers {
		if strings.Contains(text, s) {
			return &ConflictError{Err: err}
		}
	}
	for _, s := range unavailableMarkers {
		if strings.Contains(text, s) {
			return &UnavailableError{Err: err}
		}
	}
	return err
}

// ConflictError means the write lost a race with a concurrent one (a uniqueness claim
// taken meanwhile, a lock held by another transaction): nothing was written, and running
// the command again may succeed. The API answers 409.
type ConflictError struct{ Err error }

func (c *ConflictError) Error() string { return "conflicting concurrent change: " + c.Err.Error() }
func (c *ConflictError) Unwrap() error { return c.Err }

// IsConflict reports whether err is a lost race that a retry may win.
func IsConflict(err error) bool {
	var c *ConflictError
	return errors.As(Classify(err), &c)
}

// conflictMarkers are the texts by which each backend reports a lost race: the embedded
// engine (duplicate id, unique index, session conflict), JanusGraph (locking and
// uniqueness), TinkerTransactionGraph and Neptune (concurrent modification).
var conflictMarkers = []string{
	"store: element id already exists",
	"store: unique index",
	"store: transaction conflict",
	"PermanentLockingException",
	"TemporaryLockingException",
	"violates a uniqueness constraint",
	"Could not commit transaction due to exception during persistence",
	"Conflict: element modified in another transaction",
	"ConcurrentModificationException",
	"Vertex with id already exists",
}

// unavailableMarkers are the texts of errors that mean the graph could not be reached or
// went away mid-request (gremlin-go's connection errors, the socket's, a server closing).
var unavailableMarkers = []string{
	"connection refused", "connection reset", "broken pipe", "use of closed network connection",
	"i/o timeout", "EOF", "websocket: close",
	"E0101", "E0102", "E0103", "E0104", "E0105", "E0203",
	"graph: engine closed", "store: graph is closed", "store: closed",
}
