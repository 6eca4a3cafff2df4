package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/schema"
)

var __ = gremlingo.T__

// Vertex label and keys the dispatcher reads and writes.
const (
	labelEvent   = string(schema.VertexOutboxEvent)
	keyType      = string(schema.KeyType)
	keyKey       = string(schema.KeyOrderingKey)
	keyPayload   = string(schema.KeyPayload)
	keyStatus    = string(schema.KeyOutboxState)
	keyAttempts  = string(schema.KeyAttempts)
	keyOperator  = string(schema.KeyOperatorID)
	keyDateAdded = string(schema.KeyDateAddedUTC)
)

// Event states (Status, and the per-handler Done.h).
const (
	StatusPending   = "pending"
	StatusDelivered = "delivered"
	StatusDead      = "dead"
)

// Options tune a Dispatcher; zero values take the defaults in brackets.
type Options struct {
	// Owner names this dispatcher in leases [random].
	Owner string
	// PollInterval is the wait between scans when nothing wakes the dispatcher [1s].
	PollInterval time.Duration
	// LeaseTTL is how long a claim is held; the handler's context ends LeaseTTL/5 before
	// the lease does, and an expired lease is taken over by the next claim [60s].
	LeaseTTL time.Duration
	// MaxAttempts failed attempts dead-letter the event for the handler [25].
	MaxAttempts int
	// BaseBackoff and MaxBackoff bound the exponential backoff [2s, 1h].
	BaseBackoff, MaxBackoff time.Duration
	// Concurrency is how many lanes are delivered at once [4].
	Concurrency int
	// ScanLimit bounds the pending events one scan reads, oldest first [2000].
	ScanLimit int
	// Log receives failures (never payloads) [slog.Default()].
	Log *slog.Logger
	// Now is the clock [time.Now].
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Owner == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		o.Owner = hex.EncodeToString(b[:])
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.LeaseTTL <= 0 {
		o.LeaseTTL = time.Minute
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 25
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 2 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Hour
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.ScanLimit <= 0 {
		o.ScanLimit = 2000
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Backoff is the wait after the attempt-th failure: base·2^(attempt-1), capped at max.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

type registration struct {
	name    string
	handler Handler
}

// Dispatcher delivers outbox events to handlers. Register handlers with Handle before Run.
type Dispatcher struct {
	db   *graphdb.DB
	opts Options
	wake chan struct{}

	mu       sync.RWMutex
	handlers map[string][]registration // by event Type
	names    map[string]bool
}

// New returns a dispatcher over db.
func New(db *graphdb.DB, opts Options) *Dispatcher {
	opts.defaults()
	return &Dispatcher{db: db, opts: opts, wake: make(chan struct{}, 1),
		handlers: map[string][]registration{}, names: map[string]bool{}}
}

// Owner is the id this dispatcher writes into its leases.
func (d *Dispatcher) Owner() string { return d.opts.Owner }

// Handle registers h under name (a short word such as "webhook" or "notify", unique per
// event type) for each of the event types. Each (type, name) pair is delivered and
// retried on its own.
func (d *Dispatcher) Handle(name string, h Handler, eventTypes ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, t := range eventTypes {
		for _, r := range d.handlers[t] {
			if r.name == name {
				panic(fmt.Sprintf("outbox: handler %q registered twice for %s", name, t))
			}
		}
		d.handlers[t] = append(d.handlers[t], registration{name: name, handler: h})
	}
	d.names[name] = true
}

// Wake makes a running dispatcher scan now (a command just recorded events). It never
// blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends: it scans, delivers every eligible lane head, scans again at
// once while that made progress, and otherwise waits for PollInterval or Wake. Graph
// errors are logged and retried at the next poll.
func (d *Dispatcher) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-d.wake:
		}
		for ctx.Err() == nil {
			n, err := d.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				d.opts.Log.Warn("outbox scan failed", "error", err)
			}
			if n == 0 || err != nil {
				break
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(d.opts.PollInterval)
	}
}

// pendingEvent is one row of a scan.
type pendingEvent struct {
	id, typ, key string
	added        int64
	props        map[string]any
}

func handlerKey(prop, name string) string { return prop + "." + name }

// RunOnce scans once and delivers every lane head that is due, waiting for the deliveries.
// It returns how many attempts it finished (delivered, failed or deferred).
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	d.mu.RLock()
	types := make([]any, 0, len(d.handlers))
	for t := range d.handlers {
		types = append(types, t)
	}
	keys := []any{keyType, keyKey, keyDateAdded}
	for name := range d.names {
		for _, p := range []string{"Attempts", "LeaseUntil", "NextAttempt", "Done"} {
			keys = append(keys, handlerKey(p, name))
		}
	}
	d.mu.RUnlock()
	if len(types) == 0 {
		return 0, nil
	}
	res, err := graphdb.All(d.db.G().V().Has(labelEvent, keyStatus, StatusPending).Has(keyType, gremlingo.P.Within(types...)).
		Order().By(keyDateAdded, gremlingo.Order.Asc).By(gremlingo.T.Id, gremlingo.Order.Asc).
		Limit(d.opts.ScanLimit).
		Project("id", "props").By(gremlingo.T.Id).By(__.ValueMap(keys...)))
	if err != nil {
		return 0, err
	}
	events := make([]pendingEvent, 0, len(res))
	for _, r := range res {
		m, _ := r.GetInterface().(map[any]any)
		props := graphdb.Flatten(m["props"])
		ev := pendingEvent{id: fmt.Sprint(m["id"]), props: props}
		ev.typ, _ = props[keyType].(string)
		ev.key, _ = props[keyKey].(string)
		ev.added = toInt64(props[keyDateAdded])
		events = append(events, ev)
	}
	// The graph orders by dateAddedUTC then id; keep that order explicitly.
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].added != events[j].added {
			return events[i].added < events[j].added
		}
		return events[i].id < events[j].id
	})
	now := d.opts.Now().UnixMilli()
	type job struct {
		ev  pendingEvent
		reg registration
	}
	var jobs []job
	blocked := map[string]bool{} // lanes whose head is not done
	d.mu.RLock()
	for _, ev := range events {
		for _, reg := range d.handlers[ev.typ] {
			if _, done := ev.props[handlerKey("Done", reg.name)]; done {
				continue
			}
			lane := reg.name + "\x00" + ev.key
			if ev.key == "" {
				lane = reg.name + "\x00\x00" + ev.id
			}
			if blocked[lane] {
				continue
			}
			blocked[lane] = true
			if toInt64(ev.props[handlerKey("LeaseUntil", reg.name)]) >= now {
				continue // held by a live claim
			}
			if next, ok := ev.props[handlerKey("NextAttempt", reg.name)]; ok && toInt64(next) > now {
				continue // backing off
			}
			jobs = append(jobs, job{ev: ev, reg: reg})
		}
	}
	d.mu.RUnlock()
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, d.opts.Concurrency)
		mu   sync.Mutex
		done int
		errs []error
	)
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			ok, err := d.attempt(ctx, j.ev, j.reg)
			mu.Lock()
			defer mu.Unlock()
			if ok {
				done++
			}
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	return done, errors.Join(errs...)
}

// attempt claims (ev, reg), runs the handler and records the outcome. It reports whether
// it finished an attempt; a lost claim race is not an error.
func (d *Dispatcher) attempt(ctx context.Context, ev pendingEvent, reg registration) (bool, error) {
	name := reg.name
	prev := toInt64(ev.props[handlerKey("Attempts", name)])
	claim, err := d.claim(ev.id, name, prev)
	if err != nil || claim == nil {
		return false, err
	}
	attempt := prev + 1
	hctx, cancel := context.WithTimeout(ctx, d.opts.LeaseTTL-d.opts.LeaseTTL/5)
	herr := safeHandle(hctx, reg.handler, Event{ID: ev.id, Type: ev.typ, Key: ev.key, OperatorID: claim.operator,
		Payload: []byte(claim.payload), DateAdded: time.UnixMilli(ev.added).UTC(), Attempt: int(attempt)})
	cancel()
	if ctx.Err() != nil && herr != nil {
		// Shutting down: leave the lease to expire so another dispatcher retries.
		return false, nil
	}
	fence := d.db.G().V(ev.id).HasLabel(labelEvent).
		Has(handlerKey("LeaseOwner", name), d.opts.Owner).Has(handlerKey("Attempts", name), attempt)
	now := d.opts.Now().UnixMilli()
	var t *gremlingo.GraphTraversal
	var de *deferError
	switch {
	case herr == nil:
		t = d.finish(fence, name, ev.typ, StatusDelivered, now)
	case errors.As(herr, &de):
		t = fence.Property(gremlingo.Cardinality.Single, handlerKey("Attempts", name), prev).
			Property(gremlingo.Cardinality.Single, handlerKey("NextAttempt", name), de.until.UnixMilli()).
			Property(gremlingo.Cardinality.Single, handlerKey("LeaseUntil", name), int64(0))
	case IsPermanent(herr) || attempt >= int64(d.opts.MaxAttempts):
		t = d.finish(fence.Property(gremlingo.Cardinality.Single, handlerKey("LastError", name), truncate(herr.Error())),
			name, ev.typ, StatusDead, now)
		d.opts.Log.Error("outbox event dead-lettered", "event", ev.id, "type", ev.typ, "handler", name, "attempt", attempt, "error", herr.Error())
	default:
		next := now + Backoff(int(attempt), d.opts.BaseBackoff, d.opts.MaxBackoff).Milliseconds()
		t = fence.Property(gremlingo.Cardinality.Single, handlerKey("NextAttempt", name), next).
			Property(gremlingo.Cardinality.Single, handlerKey("LastError", name), truncate(herr.Error())).
			Property(gremlingo.Cardinality.Single, handlerKey("LeaseUntil", name), int64(0))
		d.opts.Log.Warn("outbox delivery failed", "event", ev.id, "type", ev.typ, "handler", name, "attempt", attempt, "error", herr.Error())
	}
	r, err := graphdb.First(t.Id())
	if err != nil {
		return false, fmt.Errorf("record outcome of %s for %s: %w", ev.id, name, err)
	}
	if r == nil {
		// The lease expired and another claim took over: that claim's outcome counts.
		d.opts.Log.Info("outbox outcome discarded: lease taken over", "event", ev.id, "type", ev.typ, "handler", name, "attempt", attempt)
		return false, nil
	}
	return true, nil
}

// safeHandle runs h, turning a panic into an error (one bad event must not stop delivery).
func safeHandle(ctx context.Context, h Handler, ev Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v", r)
		}
	}()
	return h.Handle(ctx, ev)
}

type claimed struct{ payload, operator string }

// claim takes the lease on (event, handler) in one traversal: the event must be pending,
// not done for the handler, its lease absent or expired, and its attempt counter still
// prev. It returns nil when another dispatcher got there first.
func (d *Dispatcher) claim(id, name string, prev int64) (*claimed, error) {
	now := d.opts.Now().UnixMilli()
	attempts := handlerKey("Attempts", name)
	lease := handlerKey("LeaseUntil", name)
	t := d.db.G().V(id).HasLabel(labelEvent).Has(keyStatus, StatusPending).HasNot(handlerKey("Done", name)).
		Or(__.HasNot(lease), __.Has(lease, gremlingo.P.Lt(now)))
	if prev == 0 {
		t = t.Or(__.HasNot(attempts), __.Has(attempts, int64(0)))
	} else {
		t = t.Has(attempts, prev)
	}
	t = t.Property(gremlingo.Cardinality.Single, handlerKey("LeaseOwner", name), d.opts.Owner).
		Property(gremlingo.Cardinality.Single, lease, now+d.opts.LeaseTTL.Milliseconds()).
		Property(gremlingo.Cardinality.Single, attempts, prev+1).
		Property(gremlingo.Cardinality.Single, keyAttempts, prev+1).
		Project("payload", "operator").
		By(__.Coalesce(__.Values(keyPayload), __.Constant("{}"))).
		By(__.Coalesce(__.Values(keyOperator), __.Constant("")))
	r, err := graphdb.First(t)
	if err != nil || r == nil {
		return nil, err
	}
	m, _ := r.GetInterface().(map[any]any)
	c := &claimed{}
	c.payload, _ = m["payload"].(string)
	c.operator, _ = m["operator"].(string)
	return c, nil
}

// finish marks the handler done with outcome and, when every handler of the type is done,
// settles the event's Status (dead when any handler dead-lettered).
func (d *Dispatcher) finish(t *gremlingo.GraphTraversal, name, typ, outcome string, now int64) *gremlingo.GraphTraversal {
	t = t.Property(gremlingo.Cardinality.Single, handlerKey("Done", name), outcome).
		Property(gremlingo.Cardinality.Single, handlerKey("DoneDateTimeUTC", name), now).
		SideEffect(__.Properties(handlerKey("LeaseUntil", name), handlerKey("LeaseOwner", name), handlerKey("NextAttempt", name)).Drop())
	d.mu.RLock()
	regs := d.handlers[typ]
	d.mu.RUnlock()
	all := make([]any, 0, len(regs))
	anyDead := make([]any, 0, len(regs))
	for _, r := range regs {
		all = append(all, __.Has(handlerKey("Done", r.name)))
		anyDead = append(anyDead, __.Has(handlerKey("Done", r.name), StatusDead))
	}
	settle := func(status string) *gremlingo.GraphTraversal {
		return __.Property(gremlingo.Cardinality.Single, keyStatus, status)
	}
	return t.Choose(__.And(all...),
		__.Choose(__.Or(anyDead...), settle(StatusDead), settle(StatusDelivered)),
		__.Identity())
}

func truncate(s string) string {
	const max = 500
	if len(s) > max {
		return s[:max]
	}
	return s
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case float64:
		return int64(x)
	}
	return 0
}
