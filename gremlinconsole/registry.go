package gremlinconsole

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
)

// Registry holds the commands by name and runs them.
type Registry struct {
	db       *graphdb.DB
	commands map[string]*Command
	venues   *venueOwners
	now      func() time.Time
}

// NewRegistry returns an empty registry whose commands run against db.
func NewRegistry(db *graphdb.DB) *Registry {
	return &Registry{db: db, commands: map[string]*Command{}, venues: newVenueOwners(4096), now: time.Now}
}

// Register adds commands; a duplicate name panics (it is a programming error).
func (r *Registry) Register(cmds ...*Command) {
	for _, c := range cmds {
		if _, dup := r.commands[c.Name]; dup {
			panic("gremlinconsole: duplicate command " + c.Name)
		}
		if c.Run == nil {
			panic("gremlinconsole: command without Run: " + c.Name)
		}
		r.commands[c.Name] = c
	}
}

// Lookup returns the command with the name.
func (r *Registry) Lookup(name string) (*Command, bool) {
	c, ok := r.commands[name]
	return c, ok
}

// Commands lists the commands sorted by name.
func (r *Registry) Commands() []*Command {
	out := make([]*Command, 0, len(r.commands))
	for _, c := range r.commands {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Request is one call to run.
type Request struct {
	Command   string
	Params    map[string]any // raw JSON values, numbers as json.Number
	Principal *auth.Principal
	Source    Source
}

// Error is a refusal with its HTTP status.
type Error struct {
	Status  int
	Message string
	Field   string // set for validation errors
	// RetryAfter, for 429 and 503, is how many seconds the client should wait (the API
	// sends it as the Retry-After header).
	RetryAfter int
}

func (e *Error) Error() string { return e.Message }

func refuse(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// Execute validates and runs a request: unknown command 404, no token 401, role not allowed
// or tenant out of reach 403, bad parameter 400 naming the field.
func (r *Registry) Execute(ctx context.Context, req Request) (Result, error) {
	cmd, ok := r.commands[req.Command]
	if !ok {
		return nil, refuse(http.StatusNotFound, "Unknown command %q.", req.Command)
	}
	if !cmd.Public {
		if req.Principal == nil {
			return nil, refuse(http.StatusUnauthorized, "An AccessToken is required.")
		}
		if !cmd.allows(req.Principal.Role) {
			return nil, refuse(http.StatusForbidden, "The %s role may not run %s.", req.Principal.Role, cmd.Name)
		}
	}
	params, err := validate(cmd.Params, req.Params)
	if err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return nil, &Error{Status: http.StatusBadRequest, Message: ve.Error(), Field: ve.Field}
		}
		return nil, err
	}
	call := &Call{Command: cmd, Principal: req.Principal, Params: params, Source: req.Source, DB: r.db, Now: r.now().UTC()}
	if err := r.scope(ctx, call); err != nil {
		return nil, err
	}
	res, err := cmd.Run(ctx, call)
	if err != nil {
		return nil, classify(err)
	}
	return res, nil
}

// scope resolves and checks the tenant a call reaches.
func (r *Registry) scope(ctx context.Context, c *Call) error {
	p := c.Principal
	sp := c.Command.Scope
	if sp.Operator != "" {
		op := c.Params.String(sp.Operator)
		if op == "" && p != nil {
			op = p.OperatorID
			if op != "" {
				c.Params[sp.Operator] = op
			}
		}
		c.OperatorID = op
		if p != nil && op != "" && p.Role.Scope() != auth.ScopeVenues && !p.CanAccessOperator(op) {
			return refuse(http.StatusForbidden, "You may not act on operator %s.", op)
		}
	}
	if sp.Venue != "" {
		venue := c.Params.String(sp.Venue)
		if venue == "" {
			return nil
		}
		owner, err := r.venues.owner(ctx, r.db, venue)
		if err != nil {
			return classify(err)
		}
		if owner == "" {
			return &Error{Status: http.StatusNotFound, Message: fmt.Sprintf("VenueID %s was not found.", venue), Field: sp.Venue}
		}
		if p != nil && !p.CanAccessVenue(owner, venue) {
			return refuse(http.StatusForbidden, "You may not act on venue %s.", venue)
		}
		if c.OperatorID != "" && c.OperatorID != owner {
			return &Error{Status: http.StatusNotFound, Message: fmt.Sprintf("VenueID %s was not found.", venue), Field: sp.Venue}
		}
		c.OperatorID, c.VenueID = owner, venue
	}
	return nil
}

// classify turns command and graph errors into refusals with a status.
func classify(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return &Error{Status: http.StatusBadRequest, Message: ve.Error(), Field: ve.Field}
	}
	err = graphdb.Classify(err)
	var ce *graphdb.CommandError
	if errors.As(err, &ce) {
		return &Error{Status: ce.Status, Message: ce.Message}
	}
	var conflict *graphdb.ConflictError
	if errors.As(err, &conflict) {
		return &Error{Status: http.StatusConflict, Message: "The change conflicted with a concurrent change; nothing was written. Please retry."}
	}
	return err
}

// venueOwners caches which operator each venue belongs to (a venue never changes
// operator, so entries are only dropped to bound the size).
type venueOwners struct {
	mu     sync.Mutex
	max    int
	owners map[string]string
}

func newVenueOwners(n int) *venueOwners { return &venueOwners{max: n, owners: map[string]string{}} }

func (v *venueOwners) owner(ctx context.Context, db *graphdb.DB, venue string) (string, error) {
	v.mu.Lock()
	op, ok := v.owners[venue]
	v.mu.Unlock()
	if ok {
		return op, nil
	}
	res, err := graphdb.All(db.G().V(VertexID(LabelVenue, venue)).HasLabel(LabelVenue).Values(KeyOperatorID))
	if err != nil {
		return "", err
	}
	if len(res) == 0 {
		return "", nil
	}
	op = res[0].GetString()
	v.mu.Lock()
	if len(v.owners) >= v.max {
		clear(v.owners)
	}
	v.owners[venue] = op
	v.mu.Unlock()
	return op, nil
}

// Forget drops a venue from the owner cache (after deleting it).
func (r *Registry) Forget(venue string) {
	r.venues.mu.Lock()
	delete(r.venues.owners, venue)
	r.venues.mu.Unlock()
}
