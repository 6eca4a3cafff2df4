package projection

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

// Event types the projector handles. KeyStart and KeyEnd are the subscriber commands';
// the whitelist commands record EventSubscriberPolicyChanged (Key = SubscriberToken, so it
// is ordered with the subscriber's key events); VenueAdded and VenueDeleted are the venue
// commands', EventVenueRadiusChanged is for commands that change a venue's RADIUS setup.
const (
	EventKeyStart                = "KeyStart"
	EventKeyEnd                  = "KeyEnd"
	EventSubscriberPolicyChanged = "SubscriberRadiusPolicyChanged"
	EventVenueAdded              = "VenueAdded"
	EventVenueDeleted            = "VenueDeleted"
	EventVenueRadiusChanged      = "VenueRadiusChanged"
)

// HandlerName is the outbox lane name of the projector.
const HandlerName = "projection"

// Disconnector drops every active session of a key at its NAS (RFC 5176). The service
// wires it to the running radiusd; it must not fail for a key without sessions.
type Disconnector interface {
	DisconnectKey(ctx context.Context, keyID string) error
}

// DisconnectFunc adapts a function to Disconnector.
type DisconnectFunc func(ctx context.Context, keyID string) error

// DisconnectKey calls f.
func (f DisconnectFunc) DisconnectKey(ctx context.Context, keyID string) error { return f(ctx, keyID) }

// Projector writes the graph's RADIUS state into the policycache projection.
type Projector struct {
	DB      *graphdb.DB
	Secrets *vaultcrypto.KeyRing
	Store   *policycache.Store
	// Disconnector is told about ended keys; nil only logs.
	Disconnector Disconnector
	// Prefix is the Store's key prefix ("" = policycache.DefaultPrefix); Reconcile scans it.
	Prefix string
	Log    *slog.Logger
	// Now is the clock [time.Now].
	Now func() time.Time
}

func (p *Projector) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Projector) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

// revision is the projector's write revision: microseconds, read before the graph is.
func (p *Projector) revision() int64 { return p.now().UnixMicro() }

// Register makes the projector the "projection" handler of its event types on d.
func (p *Projector) Register(d *outbox.Dispatcher) {
	d.Handle(HandlerName, outbox.HandlerFunc(p.Handle), EventKeyStart, EventKeyEnd, EventSubscriberPolicyChanged,
		EventVenueAdded, EventVenueDeleted, EventVenueRadiusChanged)
}

// eventPayload is what the projector reads of an event.
type eventPayload struct {
	KeyID           string `json:"KeyID"`
	SubscriberToken string `json:"SubscriberToken"`
	VenueID         string `json:"VenueID"`
}

// Handle applies one outbox event: the key, subscriber or venue it names is re-read from
// the graph and written as it is now. KeyEnd also disconnects the key's sessions (after
// the projection no longer answers for the old passphrase).
func (p *Projector) Handle(ctx context.Context, ev outbox.Event) error {
	var pl eventPayload
	if err := ev.Decode(&pl); err != nil {
		return err
	}
	switch ev.Type {
	case EventKeyStart, EventKeyEnd:
		if pl.KeyID == "" {
			return outbox.Permanent(fmt.Errorf("%s event %s has no KeyID", ev.Type, ev.ID))
		}
		if _, err := p.SyncKey(ctx, pl.KeyID); err != nil {
			return err
		}
		if ev.Type == EventKeyEnd {
			return p.disconnect(ctx, pl.KeyID)
		}
		return nil
	case EventSubscriberPolicyChanged:
		_, err := p.SyncSubscriber(ctx, pl.SubscriberToken)
		return err
	case EventVenueAdded, EventVenueDeleted, EventVenueRadiusChanged:
		_, err := p.SyncVenue(ctx, pl.VenueID)
		return err
	}
	return nil
}

// disconnect asks the Disconnector to drop a key's sessions.
func (p *Projector) disconnect(ctx context.Context, keyID string) error {
	if p.Disconnector == nil {
		p.log().Info("projection: key ended; no RADIUS server to disconnect its sessions", "key", keyID)
		return nil
	}
	if err := p.Disconnector.DisconnectKey(ctx, keyID); err != nil {
		return fmt.Errorf("projection: disconnect key %s: %w", keyID, err)
	}
	return nil
}

// Change says what a sync did to one projected key or venue.
type Change string

// The changes.
const (
	Unchanged Change = "unchanged"
	Written   Change = "written"
	Deleted   Change = "deleted"
)

// SyncKey makes the projection of one key what the graph says: written when the key is
// valid, deleted otherwise. Repeating it changes nothing.
func (p *Projector) SyncKey(ctx context.Context, keyID string) (Change, error) {
	rev := p.revision()
	rows, err := p.keyRows(keyID)
	if err != nil {
		return Unchanged, err
	}
	var row *keyRow
	if len(rows) > 0 {
		row = &rows[0]
	}
	return p.apply(ctx, keyID, row, p.newPlans(), rev, nil)
}

// apply writes one key (row nil or invalid: deletes it). have, when not nil, is the key as
// already read from Redis.
func (p *Projector) apply(ctx context.Context, keyID string, row *keyRow, ps *plans, rev int64, have *policycache.Key) (Change, error) {
	reader := p.Store.NewReader()
	if row == nil || !row.valid(p.now().UnixMilli()) {
		if have == nil {
			var err error
			if have, err = reader.Key(ctx, keyID); err != nil {
				return Unchanged, err
			}
		}
		if _, err := p.Store.DeleteKey(ctx, keyID, rev); err != nil {
			return Unchanged, err
		}
		if have == nil {
			return Unchanged, nil
		}
		return Deleted, nil
	}
	want, err := p.policyKey(*row, ps, rev)
	if err != nil {
		return Unchanged, err
	}
	if have == nil {
		if have, err = reader.Key(ctx, keyID); err != nil {
			return Unchanged, err
		}
	}
	if sameKey(have, want) {
		return Unchanged, nil
	}
	if _, err := p.Store.PutKey(ctx, want); err != nil {
		return Unchanged, err
	}
	return Written, nil
}

// SyncSubscriber re-projects every key of a subscriber (its status or whitelist changed).
func (p *Projector) SyncSubscriber(ctx context.Context, token string) (int, error) {
	if token == "" {
		return 0, outbox.Permanent(errors.New("projection: subscriber event without SubscriberToken"))
	}
	ids, err := graphdb.All(p.DB.G().V(schema.GraphID(schema.VertexSubscriber, token)).Out(edgeSubscriberPSK).Values(propKeyID))
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, id := range ids {
		c, err := p.SyncKey(ctx, id.GetString())
		if err != nil {
			return changed, err
		}
		if c != Unchanged {
			changed++
		}
	}
	return changed, nil
}
