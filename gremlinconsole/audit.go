package gremlinconsole

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/wifivault/wifivault/schema"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

var __ = gremlingo.T__

// Change is one field a command changes, for the audit log. Before is read from the
// target vertex inside the traversal (BeforeKey) or given (Before); secrets are never
// passed here.
type Change struct {
	Field     string
	BeforeKey string // property of the vertex labelled "target" holding the old value
	Before    any
	After     any
}

// Audit describes the audit log entry of a mutating command.
type Audit struct {
	Action   string // defaults to the command name
	Target   string // natural id of what was changed
	Message  string
	Changes  []Change
	VenueID  string // defaults to the call's venue
	Operator string // defaults to the call's operator
}

// newID returns a random 128-bit id in hex (portable as a vertex id on every backend).
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// WithAudit appends to t a side effect that writes the audit entry, in the same
// traversal (and so the same transaction) as the change. t must carry exactly one
// traverser at this point; when the target vertex is labelled "target" earlier in t,
// Changes with BeforeKey record the value it had.
func (c *Call) WithAudit(t *gremlingo.GraphTraversal, a Audit) *gremlingo.GraphTraversal {
	entry := __.AddV(LabelLogEntry).
		Property(gremlingo.T.Id, VertexID(LabelLogEntry, newID())).
		Property(gremlingo.Cardinality.Single, KeyDateAdded, c.NowMillis()).
		Property(gremlingo.Cardinality.Single, "Command", c.Command.Name)
	action := a.Action
	if action == "" {
		action = c.Command.Name
	}
	entry = entry.Property(gremlingo.Cardinality.Single, "Action", action)
	set := func(k string, v any) {
		if v != nil && v != "" {
			entry = entry.Property(gremlingo.Cardinality.Single, k, v)
		}
	}
	if p := c.Principal; p != nil {
		set("AdministratorID", p.Subject)
		set("Role", string(p.Role))
	}
	op := a.Operator
	if op == "" {
		op = c.OperatorID
	}
	venue := a.VenueID
	if venue == "" {
		venue = c.VenueID
	}
	set(KeyOperatorID, op)
	set(KeyVenueID, venue)
	set("Target", a.Target)
	set("Message", a.Message)
	set("SourceIP", c.Source.IP)
	set("UserAgent", c.Source.UserAgent)
	set("RequestID", c.Source.RequestID)
	set("Via", c.Source.Via)
	params := map[string]any{}
	for _, p := range c.Command.Params {
		if v, ok := c.Params[p.Name]; ok && !p.Secret {
			params[p.Name] = v
		}
	}
	if js, err := json.Marshal(params); err == nil {
		set("Parameters", string(js))
	}
	for _, ch := range a.Changes {
		if ch.BeforeKey != "" {
			entry = entry.Property(gremlingo.Cardinality.Single, "before."+ch.Field,
				__.Coalesce(__.Select("target").Values(ch.BeforeKey), __.Constant("")))
		} else if ch.Before != nil {
			entry = entry.Property(gremlingo.Cardinality.Single, "before."+ch.Field, jsonValue(ch.Before))
		}
		if ch.After != nil {
			entry = entry.Property(gremlingo.Cardinality.Single, "after."+ch.Field, jsonValue(ch.After))
		}
	}
	return t.SideEffect(entry)
}

// jsonValue stores scalars as they are and anything else as JSON text.
func jsonValue(v any) any {
	switch x := v.(type) {
	case string, bool, int32, int64, float64:
		return x
	case int:
		return int64(x)
	}
	js, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(js)
}

// Event is a message for other systems (webhooks, notifications, the RADIUS cache),
// recorded in the outbox in the same traversal as the change that causes it.
type Event struct {
	Type string
	// Key orders delivery: events with the same key are delivered in order.
	Key     string
	Payload map[string]any
}

// WithEvent appends to t a side effect that records ev in the outbox.
func (c *Call) WithEvent(t *gremlingo.GraphTraversal, ev Event) *gremlingo.GraphTraversal {
	js, err := json.Marshal(ev.Payload)
	if err != nil {
		js = []byte("{}")
	}
	v := __.AddV(LabelOutboxEvent).
		Property(gremlingo.T.Id, VertexID(LabelOutboxEvent, newID())).
		Property(gremlingo.Cardinality.Single, string(schema.KeyType), ev.Type).
		Property(gremlingo.Cardinality.Single, string(schema.KeyOrderingKey), ev.Key).
		Property(gremlingo.Cardinality.Single, string(schema.KeyPayload), string(js)).
		Property(gremlingo.Cardinality.Single, string(schema.KeyOutboxState), "pending").
		Property(gremlingo.Cardinality.Single, string(schema.KeyAttempts), int64(0)).
		Property(gremlingo.Cardinality.Single, KeyDateAdded, c.NowMillis())
	if c.OperatorID != "" {
		v = v.Property(gremlingo.Cardinality.Single, KeyOperatorID, c.OperatorID)
	}
	return t.SideEffect(v)
}

// NewID returns a random 128-bit id in hex, portable as a vertex id on every backend.
func NewID() string { return newID() }
