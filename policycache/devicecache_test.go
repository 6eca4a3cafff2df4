package policycache

import (
	"context"
	"testing"
	"time"
)

// watched returns a Reader whose Watch runs until the test ends, after
// its subscription is up.
func watched(t *testing.T, s *Store) *Reader {
	t.Helper()
	return watch(t, s.NewReader())
}

// watch runs r's Watch until the test ends and returns r once subscribed.
func watch(t *testing.T, r *Reader) *Reader {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Watch(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	deadline := time.Now().Add(5 * time.Second)
	for !r.cache.isEnabled() {
		if time.Now().After(deadline) {
			t.Fatal("Watch did not subscribe")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return r
}

// TestDeviceCacheNeverStale changes keys, bindings and online devices and
// looks the device up immediately after each write (no waiting for the
// pub/sub message): every answer must reflect the write, and unchanged
// devices must be answered from memory.
func TestDeviceCacheNeverStale(t *testing.T) {
	s := newStore(t)
	r := watched(t, s)
	ctx := context.Background()
	const venue, mac = "v", "0200000000aa"
	base := Key{KeyID: "k1", VenueID: venue, SSID: "ssid", VLAN: 10, DeviceLimit: 2, Passphrase: "first passphrase", Revision: 1}
	now := time.Now()
	type want struct {
		keyID     string // "" = no key
		vlan      int
		suspended bool
		online    int
	}
	steps := []struct {
		name string
		do   func() error
		want want
	}{
		{"unbound device", func() error { return nil }, want{}},
		{"key put and device bound", func() error {
			if _, err := s.PutKey(ctx, base); err != nil {
				return err
			}
			return s.BindDevice(ctx, venue, mac, "k1")
		}, want{keyID: "k1", vlan: 10}},
		{"key changed (reset)", func() error {
			k := base
			k.VLAN, k.Passphrase, k.Revision = 11, "second passphrase", 2
			_, err := s.PutKey(ctx, k)
			return err
		}, want{keyID: "k1", vlan: 11}},
		{"key suspended", func() error {
			k := base
			k.VLAN, k.Suspended, k.Revision = 11, true, 3
			_, err := s.PutKey(ctx, k)
			return err
		}, want{keyID: "k1", vlan: 11, suspended: true}},
		{"device comes online", func() error {
			return s.RecordAccounting(ctx, AccountingEvent{VenueID: venue, SessionID: "s1", Status: AcctStart, KeyID: "k1", MAC: mac, Now: now})
		}, want{keyID: "k1", vlan: 11, suspended: true, online: 1}},
		{"device goes offline", func() error {
			return s.RecordAccounting(ctx, AccountingEvent{VenueID: venue, SessionID: "s1", Status: AcctStop, KeyID: "k1", MAC: mac, Now: now})
		}, want{keyID: "k1", vlan: 11, suspended: true}},
		{"device unbound", func() error { return s.UnbindDevice(ctx, venue, mac) }, want{}},
		{"device bound again", func() error { return s.BindDevice(ctx, venue, mac, "k1") }, want{keyID: "k1", vlan: 11, suspended: true}},
		{"key removed", func() error { _, err := s.DeleteKey(ctx, "k1", 4); return err }, want{}},
		{"bound to a key that does not exist", func() error { return s.BindDevice(ctx, venue, mac, "k2") }, want{}},
		{"that key appears", func() error {
			k := base
			k.KeyID, k.VLAN = "k2", 20
			_, err := s.PutKey(ctx, k)
			return err
		}, want{keyID: "k2", vlan: 20}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			// Round 0 runs right after the write; before round 1 the
			// reader catches up with the pub/sub messages, so round 2 (at
			// the latest) is answered from memory.
			for round := 0; round < 3; round++ {
				if round == 1 {
					waitApplied(t, r)
				}
				h0, m0 := r.DeviceCacheStats()
				l, err := r.Device(ctx, venue, mac, now.Add(-time.Minute).UnixMilli())
				if err != nil {
					t.Fatal(err)
				}
				got := want{online: l.OnlineDevices}
				if l.Key != nil {
					got.keyID, got.vlan, got.suspended = l.Key.KeyID, l.Key.VLAN, l.Key.Suspended
				}
				if got != st.want {
					t.Fatalf("round %d: got %+v, want %+v", round, got, st.want)
				}
				if h1, m1 := r.DeviceCacheStats(); round == 2 && (h1 != h0+1 || m1 != m0) {
					t.Fatalf("second lookup not answered from memory: hits %d→%d misses %d→%d", h0, h1, m0, m1)
				}
			}
		})
	}
}

// TestDeviceCacheVersionGap checks the version rule on its own: when the
// projection version moves without the reader having applied a message
// for it (a lost or late message), cached entries are not used.
func TestDeviceCacheVersionGap(t *testing.T) {
	s, r := watchedBinding(t)
	ctx := context.Background()
	lookup := func() {
		t.Helper()
		if l, err := r.Device(ctx, "v", "020000000001", 0); err != nil || l.Key == nil || l.Key.VLAN != 7 {
			t.Fatalf("lookup: %+v %v", l, err)
		}
	}
	lookup()
	lookup()
	// A write whose message this reader never gets: bump the version only.
	if err := s.Redis().Incr(ctx, s.versionKey()).Err(); err != nil {
		t.Fatal(err)
	}
	_, m0 := r.DeviceCacheStats()
	lookup()
	if _, m1 := r.DeviceCacheStats(); m1 != m0+1 {
		t.Fatalf("answered from memory although a newer version was not applied (misses %d→%d)", m0, m1)
	}
}

// TestDeviceCacheResubscribes kills the reader's subscription: the cache is
// bypassed until Watch subscribes again, and answers stay right.
func TestDeviceCacheResubscribes(t *testing.T) {
	s, r := watchedBinding(t)
	ctx := context.Background()
	if _, err := r.Device(ctx, "v", "020000000001", 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Redis().Do(ctx, "CLIENT", "KILL", "TYPE", "pubsub").Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteKey(ctx, "k", 2); err != nil {
		t.Fatal(err)
	}
	if l, err := r.Device(ctx, "v", "020000000001", 0); err != nil || l.Key != nil {
		t.Fatalf("removed key still answered after the subscription broke: %+v %v", l, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for r.watchErrs.Load() == 0 || !r.cache.isEnabled() {
		if time.Now().After(deadline) {
			t.Fatal("Watch did not notice the broken subscription and resubscribe")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitApplied waits until r has applied every invalidation published so
// far (the pub/sub delivery delay), after which known devices are answered
// from memory.
func waitApplied(t *testing.T, r *Reader) {
	t.Helper()
	ver, err := r.s.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.cache.mu.RLock()
		applied := r.cache.applied
		r.cache.mu.RUnlock()
		if applied >= ver {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("invalidations applied up to %d, version is %d", applied, ver)
		}
		time.Sleep(time.Millisecond)
	}
}

// watchedBinding is a store with key "k" (VLAN 7) at venue "v" bound to device
// 020000000001, and a watching reader started before the writes.
func watchedBinding(t *testing.T) (*Store, *Reader) {
	t.Helper()
	s := newStore(t)
	r := watched(t, s)
	mustPutKey(t, s, Key{KeyID: "k", VenueID: "v", SSID: "ssid", VLAN: 7, Passphrase: "a passphrase", Revision: 1})
	if err := s.BindDevice(context.Background(), "v", "020000000001", "k"); err != nil {
		t.Fatal(err)
	}
	return s, r
}

func mustPutKey(t *testing.T, s *Store, k Key) {
	t.Helper()
	if _, err := s.PutKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
}

// TestDeviceCacheWarmsAtSubscribe: a reader started over an existing
// projection answers its devices from memory without a first Redis read.
func TestDeviceCacheWarmsAtSubscribe(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	mustPutKey(t, s, Key{KeyID: "k", VenueID: "v", SSID: "ssid", VLAN: 7, Passphrase: "a passphrase", Revision: 1})
	if err := s.BindDevices(ctx, "v", map[string]string{"020000000001": "k", "020000000002": "gone"}); err != nil {
		t.Fatal(err)
	}
	r := watched(t, s)
	deadline := time.Now().Add(5 * time.Second)
	for !r.cache.has("v|020000000001") || !r.cache.has("v|020000000002") {
		if time.Now().After(deadline) {
			t.Fatal("bindings not loaded")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for mac, vlan := range map[string]int{"020000000001": 7, "020000000002": 0} {
		l, err := r.Device(ctx, "v", mac, 0)
		if err != nil || (l.Key == nil) != (vlan == 0) || (l.Key != nil && l.Key.VLAN != vlan) {
			t.Fatalf("%s: %+v %v, want VLAN %d", mac, l, err, vlan)
		}
	}
	if hits, misses := r.DeviceCacheStats(); hits != 2 || misses != 0 {
		t.Fatalf("hits %d misses %d, want 2 and 0", hits, misses)
	}
}
