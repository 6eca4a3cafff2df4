package gremlinconsole

import (
	"context"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
)

// Command is one named business operation.
type Command struct {
	// Name is "Noun.verb", e.g. "Venue.addUnit".
	Name    string
	Summary string
	Params  []Param
	// Roles may run the command; Public commands need no token at all.
	Roles  []auth.Role
	Public bool
	// Mutating commands change the graph (and write an audit entry).
	Mutating bool
	// Scope names the parameters that select the tenant the call reaches; Execute checks
	// the caller may reach it before Run.
	Scope ScopeParams
	// Run does the work. Errors of type *graphdb.CommandError and *ValidationError reach the
	// caller with their message; any other error is reported as an internal error.
	Run func(ctx context.Context, c *Call) (Result, error)
}

// ScopeParams names the parameters holding the operator and the venue a call targets.
type ScopeParams struct {
	Operator string // e.g. "OperatorID": filled with the caller's operator when absent
	Venue    string // e.g. "VenueID": the venue must exist and be reachable by the caller
}

// Result is a command's answer: the top-level JSON fields of the response.
type Result map[string]any

// Source describes where a call came from, for the audit log.
type Source struct {
	IP        string
	UserAgent string
	RequestID string
	// Via is "http" for an endpoint, "executeCommand" for the console.
	Via string
}

// Call is one run of a command.
type Call struct {
	Command   *Command
	Principal *auth.Principal
	Params    Params
	Source    Source
	DB        *graphdb.DB
	Now       time.Time
	// OperatorID and VenueID are the tenant the call reaches, resolved by Execute.
	OperatorID string
	VenueID    string
}

// G is the graph traversal source.
func (c *Call) G() *gremlingo.GraphTraversalSource { return c.DB.G() }

// NowMillis is the call's time as epoch milliseconds, the form times are stored in.
func (c *Call) NowMillis() int64 { return c.Now.UnixMilli() }

// allows reports whether role may run the command.
func (cmd *Command) allows(role auth.Role) bool {
	for _, r := range cmd.Roles {
		if r == role {
			return true
		}
	}
	return false
}
