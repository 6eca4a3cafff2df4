package projection

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wifivault/wifivault/policycache"
)

// Repairs counts what a Reconcile or Rebuild changed in the projection.
type Repairs struct {
	KeysAdded, KeysUpdated, KeysDeleted  int
	VenuesWritten, VenuesDeleted         int
	KeysChecked, VenuesChecked, Failures int
}

// Total is the number of repairs.
func (r Repairs) Total() int {
	return r.KeysAdded + r.KeysUpdated + r.KeysDeleted + r.VenuesWritten + r.VenuesDeleted
}

func (p *Projector) prefix() string {
	if p.Prefix != "" {
		return p.Prefix
	}
	return policycache.DefaultPrefix
}

// projectedKeyIDs lists the key ids the projection holds (SCAN over k:*).
func (p *Projector) projectedKeyIDs(ctx context.Context) ([]string, error) {
	pre := p.prefix() + "k:"
	var out []string
	it := p.Store.Redis().Scan(ctx, 0, pre+"*", 1000).Iterator()
	for it.Next(ctx) {
		out = append(out, strings.TrimPrefix(it.Val(), pre))
	}
	return out, it.Err()
}

// Reconcile compares the whole projection with the graph and repairs it: keys the graph
// no longer has valid are deleted, missing or different keys written, venues likewise.
// A key that fails is counted in Failures and the rest go on; the error joins nothing
// then, it is only returned when the graph or Redis cannot be read at all.
func (p *Projector) Reconcile(ctx context.Context) (Repairs, error) {
	var rep Repairs
	rev := p.revision()
	rows, err := p.keyRows()
	if err != nil {
		return rep, err
	}
	inRedis, err := p.projectedKeyIDs(ctx)
	if err != nil {
		return rep, err
	}
	reader := p.Store.NewReader()
	ps := p.newPlans()
	graphIDs := make(map[string]bool, len(rows))
	for i := range rows {
		id := str(rows[i].key, propKeyID)
		graphIDs[id] = true
		rep.KeysChecked++
		have, err := reader.Key(ctx, id)
		if err != nil {
			return rep, err
		}
		c, err := p.apply(ctx, id, &rows[i], ps, rev, have)
		if err != nil {
			rep.Failures++
			p.log().Warn("projection: reconcile key failed", "key", id, "error", err)
			continue
		}
		switch {
		case c == Deleted:
			rep.KeysDeleted++
		case c == Written && have == nil:
			rep.KeysAdded++
		case c == Written:
			rep.KeysUpdated++
		}
	}
	for _, id := range inRedis {
		if graphIDs[id] {
			continue
		}
		if _, err := p.Store.DeleteKey(ctx, id, rev); err != nil {
			return rep, err
		}
		rep.KeysDeleted++
	}
	if err := p.reconcileVenues(ctx, rev, &rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// reconcileVenues writes venues whose projection differs from the graph and deletes
// projected venues the graph no longer has.
func (p *Projector) reconcileVenues(ctx context.Context, rev int64, rep *Repairs) error {
	rows, err := p.venueRows()
	if err != nil {
		return err
	}
	clients, err := p.Store.NewReader().RefreshClients(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, m := range rows {
		rep.VenuesChecked++
		want, err := p.policyVenue(m, rev)
		if err != nil {
			rep.Failures++
			p.log().Warn("projection: reconcile venue failed", "venue", want.VenueID, "error", err)
			continue
		}
		seen[want.VenueID] = true
		if have := clients.Venues[want.VenueID]; have != nil && sameVenue(*have, want) {
			continue
		}
		if _, err := p.Store.PutVenue(ctx, want); err != nil {
			return err
		}
		rep.VenuesWritten++
	}
	for id := range clients.Venues {
		if !seen[id] {
			if err := p.Store.DeleteVenue(ctx, id); err != nil {
				return err
			}
			rep.VenuesDeleted++
		}
	}
	return nil
}

func sameVenue(a, b policycache.Venue) bool {
	if a.Secret != b.Secret || a.UnknownDevice != b.UnknownDevice || a.RegistrationVLAN != b.RegistrationVLAN ||
		a.AllowMissingMessageAuthenticator != b.AllowMissingMessageAuthenticator || !slices.Equal(a.NASWhitelist, b.NASWhitelist) ||
		len(a.Gateways) != len(b.Gateways) {
		return false
	}
	for i := range a.Gateways {
		if a.Gateways[i] != b.Gateways[i] {
			return false
		}
	}
	return true
}

// Rebuild writes the whole projection from the graph: every venue, every valid key (PMKs
// derived on all CPUs, pipelined), and deletes projected keys and venues the graph does
// not have valid.
func (p *Projector) Rebuild(ctx context.Context) (Repairs, error) {
	var rep Repairs
	rev := p.revision()
	venues, err := p.venueRows()
	if err != nil {
		return rep, err
	}
	for _, m := range venues {
		rep.VenuesChecked++
		v, err := p.policyVenue(m, rev)
		if err != nil {
			// One unreadable venue (say, a secret sealed under a retired key) must not stop
			// the rebuild of every other: count it, log it, go on.
			rep.Failures++
			p.log().Warn("projection rebuild: venue skipped", "error", err)
			continue
		}
		if _, err := p.Store.PutVenue(ctx, v); err != nil {
			return rep, err
		}
		rep.VenuesWritten++
	}
	rows, err := p.keyRows()
	if err != nil {
		return rep, err
	}
	now := p.now().UnixMilli()
	ps := p.newPlans()
	valid := map[string]bool{}
	var keys []policycache.Key
	for _, r := range rows {
		rep.KeysChecked++
		if !r.valid(now) {
			continue
		}
		k, err := p.policyKey(r, ps, rev)
		if err != nil {
			rep.Failures++ // as for venues: the key is reported, the rebuild goes on
			p.log().Warn("projection rebuild: key skipped", "error", err)
			continue
		}
		valid[k.KeyID] = true
		keys = append(keys, k)
	}
	if err := p.Store.PutKeys(ctx, keys); err != nil {
		return rep, fmt.Errorf("projection: write keys: %w", err)
	}
	rep.KeysAdded = len(keys)
	inRedis, err := p.projectedKeyIDs(ctx)
	if err != nil {
		return rep, err
	}
	for _, id := range inRedis {
		if !valid[id] {
			if _, err := p.Store.DeleteKey(ctx, id, rev); err != nil {
				return rep, err
			}
			rep.KeysDeleted++
		}
	}
	clients, err := p.Store.NewReader().RefreshClients(ctx)
	if err != nil {
		return rep, err
	}
	for id := range clients.Venues {
		if !slices.ContainsFunc(venues, func(m map[string]any) bool { return str(m, "VenueID") == id }) {
			if err := p.Store.DeleteVenue(ctx, id); err != nil {
				return rep, err
			}
			rep.VenuesDeleted++
		}
	}
	return rep, nil
}

// RunReconciler reconciles every interval until ctx ends, logging the repairs of each
// pass (at Info when there were any) and failures at Warn.
func (p *Projector) RunReconciler(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		p.reconcileAndLog(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (p *Projector) reconcileAndLog(ctx context.Context) {
	start := p.now()
	rep, err := p.Reconcile(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log().Warn("projection: reconcile failed", "error", err)
		}
		return
	}
	attrs := []any{"repairs", rep.Total(), "keys_added", rep.KeysAdded, "keys_updated", rep.KeysUpdated,
		"keys_deleted", rep.KeysDeleted, "venues_written", rep.VenuesWritten, "venues_deleted", rep.VenuesDeleted,
		"keys_checked", rep.KeysChecked, "failures", rep.Failures, "took", time.Since(start).String()}
	if rep.Total() > 0 || rep.Failures > 0 {
		p.log().Info("projection: reconciled", attrs...)
		return
	}
	p.log().Debug("projection: reconciled", attrs...)
}
