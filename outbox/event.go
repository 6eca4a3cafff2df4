package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Event is one outbox event as a handler sees it.
type Event struct {
	// ID is the outbox_event vertex id; it is stable across attempts (an idempotency key).
	ID   string
	Type string
	Key  string
	// OperatorID is the tenant of the command that recorded the event ("" for none).
	OperatorID string
	// Payload is the JSON object the command recorded.
	Payload json.RawMessage
	// DateAdded is when the command recorded the event.
	DateAdded time.Time
	// Attempt counts this handler's attempts at the event, starting at 1.
	Attempt int
}

// Decode unmarshals the payload into v.
func (e Event) Decode(v any) error {
	if err := json.Unmarshal(e.Payload, v); err != nil {
		return Permanent(fmt.Errorf("event %s (%s): undecodable payload: %w", e.ID, e.Type, err))
	}
	return nil
}

// Handler delivers events of the types it is registered for. It returns nil when the event
// is done, or an error to have it retried with backoff (see Defer and Permanent). ctx ends
// before the claim's lease does.
type Handler interface {
	Handle(ctx context.Context, ev Event) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, ev Event) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, ev Event) error { return f(ctx, ev) }

// deferError asks for a later attempt at a given time, without consuming an attempt.
type deferError struct {
	until  time.Time
	reason string
}

func (d *deferError) Error() string {
	return fmt.Sprintf("deferred until %s: %s", d.until.UTC().Format(time.RFC3339), d.reason)
}

// Defer returns an error that postpones the event for this handler until the given time
// without counting as a failed attempt (a welcome email waiting for its countdown, say).
func Defer(until time.Time, reason string) error { return &deferError{until: until, reason: reason} }

// permanentError dead-letters the event for this handler at once.
type permanentError struct{ err error }

func (p *permanentError) Error() string { return "permanent: " + p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

// Permanent wraps err so the event is dead-lettered for this handler without further
// attempts (a payload that can never be delivered).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err was made with Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
