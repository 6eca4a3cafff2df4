package policycache

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock for the version gate.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// TestBoundedStaleness checks the staleness bound of Reader.Device: within
// the bound a known device is answered from memory without reading the
// version, a background read keeps the version fresh once half the bound
// has passed, a lookup past the bound sees every earlier write, and
// DeviceFresh always does.
func TestBoundedStaleness(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	const venue, mac, bound = "v", "0200000000bb", time.Minute
	clock := &fakeClock{}
	clock.ns.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	r := s.NewReader()
	r.SetMaxStaleness(bound)
	r.gate.now = clock.now
	var reads atomic.Int64
	read := r.gate.read
	r.gate.read = func(ctx context.Context) (int64, error) { reads.Add(1); return read(ctx) }
	watch(t, r)

	key := Key{KeyID: "k1", VenueID: venue, SSID: "ssid", VLAN: 10, Passphrase: "a passphrase", Revision: 1}
	if _, err := s.PutKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	if err := s.BindDevice(ctx, venue, mac, "k1"); err != nil {
		t.Fatal(err)
	}
	waitApplied(t, r)
	vlan := func(t *testing.T, fresh bool) int {
		t.Helper()
		lookup := r.Device
		if fresh {
			lookup = r.DeviceFresh
		}
		l, err := lookup(ctx, venue, mac, 0)
		if err != nil {
			t.Fatal(err)
		}
		if l.Key == nil {
			t.Fatal("device not bound")
		}
		return l.Key.VLAN
	}
	waitReads := func(t *testing.T, n int64) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for reads.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%d version reads, want %d", reads.Load(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}

	t.Run("first lookups read the version", func(t *testing.T) {
		vlan(t, false) // miss: fills the cache
		if got := vlan(t, false); got != 10 {
			t.Fatalf("VLAN %d, want 10", got)
		}
		if reads.Load() != 1 {
			t.Fatalf("%d version reads, want 1", reads.Load())
		}
	})
	t.Run("within half the bound no round trip", func(t *testing.T) {
		h0, _ := r.DeviceCacheStats()
		clock.advance(bound / 4)
		for range 5 {
			vlan(t, false)
		}
		if h1, _ := r.DeviceCacheStats(); h1 != h0+5 || reads.Load() != 1 {
			t.Fatalf("hits %d→%d, version reads %d: want 5 hits and no read", h0, h1, reads.Load())
		}
	})
	t.Run("past half the bound a background read", func(t *testing.T) {
		clock.advance(bound / 2)
		vlan(t, false)
		waitReads(t, 2)
	})
	t.Run("past the bound every earlier write is seen", func(t *testing.T) {
		key.VLAN, key.Revision = 11, 2
		if _, err := s.PutKey(ctx, key); err != nil {
			t.Fatal(err)
		}
		clock.advance(bound + time.Second)
		if got := vlan(t, false); got != 11 {
			t.Fatalf("VLAN %d after the bound, want 11", got)
		}
	})
	t.Run("DeviceFresh sees a write at once", func(t *testing.T) {
		key.VLAN, key.Revision = 12, 3
		if _, err := s.PutKey(ctx, key); err != nil {
			t.Fatal(err)
		}
		if got := vlan(t, true); got != 12 {
			t.Fatalf("VLAN %d from DeviceFresh, want 12", got)
		}
	})
}
