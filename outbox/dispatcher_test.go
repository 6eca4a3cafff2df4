package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/outbox/outboxtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// recorder is a handler that records deliveries and fails while down.
type recorder struct {
	mu        sync.Mutex
	down      bool
	delivered []outbox.Event
	attempts  []outbox.Event
	inFlight  map[string]int
	overlap   int
}

func (r *recorder) Handle(ctx context.Context, ev outbox.Event) error {
	r.mu.Lock()
	if r.inFlight == nil {
		r.inFlight = map[string]int{}
	}
	r.inFlight[ev.ID]++
	if r.inFlight[ev.ID] > 1 {
		r.overlap++
	}
	r.attempts = append(r.attempts, ev)
	down := r.down
	r.mu.Unlock()
	time.Sleep(time.Millisecond) // give a concurrent claim a chance to overlap
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inFlight[ev.ID]--
	if down {
		return errors.New("receiver down (503)")
	}
	r.delivered = append(r.delivered, ev)
	return nil
}

func (r *recorder) setDown(v bool) { r.mu.Lock(); r.down = v; r.mu.Unlock() }

// seq reads the payload's sequence number.
func seq(t *testing.T, ev outbox.Event) int {
	var p struct{ Seq int }
	if err := ev.Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p.Seq
}

// checkOnceInOrder asserts every recorded event was delivered exactly once and, per key,
// in recording order.
func checkOnceInOrder(t *testing.T, delivered []outbox.Event, want map[string][]int) {
	t.Helper()
	got := map[string][]int{}
	seen := map[string]int{}
	for _, ev := range delivered {
		got[ev.Key] = append(got[ev.Key], seq(t, ev))
		seen[ev.ID]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
	for k, w := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(w) {
			t.Errorf("key %s: delivered %v, want %v", k, got[k], w)
		}
	}
}

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		want    time.Duration
	}{{1, 2 * time.Second}, {2, 4 * time.Second}, {5, 32 * time.Second}, {12, time.Hour}, {40, time.Hour}} {
		t.Run(fmt.Sprint(tc.attempt), func(t *testing.T) {
			if got := outbox.Backoff(tc.attempt, 2*time.Second, time.Hour); got != tc.want {
				t.Fatalf("Backoff(%d) = %v, want %v", tc.attempt, got, tc.want)
			}
		})
	}
}

// drain runs passes, advancing the clock past any backoff, until a pass does nothing twice.
func drain(t *testing.T, d *outbox.Dispatcher, clock *outboxtest.Clock, step time.Duration) {
	t.Helper()
	idle := 0
	for i := 0; i < 500 && idle < 2; i++ {
		n, err := d.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			idle++
			clock.Advance(step)
		} else {
			idle = 0
		}
	}
}

func TestReceiverDownThenBackGetsEveryEventOnceInOrder(t *testing.T) {
	db := outboxtest.Graph(t)
	clock := outboxtest.NewClock(t0)
	rec := &recorder{down: true}
	d := outbox.New(db, outbox.Options{Now: clock.Now, Log: quiet, BaseBackoff: time.Second, MaxBackoff: time.Minute})
	d.Handle("webhook", rec, "KeyStart")
	keys := []string{"SUB-A", "SUB-B", "SUB-C"}
	want := map[string][]int{}
	for i := 0; i < 12; i++ {
		k := keys[i%len(keys)]
		outboxtest.Record(t, db, t0.Add(time.Duration(i)*time.Millisecond), "OP1",
			gremlinconsole.Event{Type: "KeyStart", Key: k, Payload: map[string]any{"Seq": i}})
		want[k] = append(want[k], i)
	}
	// Down for ten minutes of backoff: only each key's head is ever attempted.
	for i := 0; i < 8; i++ {
		if _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	for _, a := range rec.attempts {
		if s := seq(t, a); s != want[a.Key][0] {
			t.Fatalf("attempted %s #%d while its head #%d was pending", a.Key, s, want[a.Key][0])
		}
	}
	if len(rec.delivered) != 0 || len(rec.attempts) < 2*len(keys) {
		t.Fatalf("while down: %d delivered, %d attempts", len(rec.delivered), len(rec.attempts))
	}
	rec.setDown(false)
	drain(t, d, clock, time.Minute)
	checkOnceInOrder(t, rec.delivered, want)
	for i, s := range outboxtest.Status(t, db, "KeyStart") {
		if s != outbox.StatusDelivered {
			t.Errorf("event %d status %q", i, s)
		}
	}
}

func TestTwoDispatchersNeverDeliverTheSameEventConcurrently(t *testing.T) {
	db := outboxtest.Graph(t)
	rec := &recorder{}
	want := map[string][]int{}
	keys := []string{"K1", "K2", "K3", "K4", "K5"}
	for i := 0; i < 40; i++ {
		k := keys[i%len(keys)]
		outboxtest.Record(t, db, t0.Add(time.Duration(i)*time.Millisecond), "OP1",
			gremlinconsole.Event{Type: "VenueUnitAdded", Key: k, Payload: map[string]any{"Seq": i}})
		want[k] = append(want[k], i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, owner := range []string{"replica-a", "replica-b"} {
		d := outbox.New(db, outbox.Options{Owner: owner, Log: quiet, PollInterval: 5 * time.Millisecond})
		d.Handle("webhook", rec, "VenueUnitAdded")
		wg.Add(1)
		go func() { defer wg.Done(); d.Run(ctx) }()
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		rec.mu.Lock()
		n := len(rec.delivered)
		rec.mu.Unlock()
		if n >= 40 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // a double delivery would show up now
	cancel()
	wg.Wait()
	if rec.overlap != 0 {
		t.Errorf("%d concurrent deliveries of one event", rec.overlap)
	}
	checkOnceInOrder(t, rec.delivered, want)
}

// blocking never returns until released: a dispatcher stuck in it is as good as crashed.
type blocking struct {
	started chan struct{}
	release chan struct{}
}

func (b *blocking) Handle(ctx context.Context, ev outbox.Event) error {
	close(b.started)
	<-b.release
	return nil
}

func TestCrashMidDeliveryLeaseExpiresAndEventIsRetried(t *testing.T) {
	db := outboxtest.Graph(t)
	clock := outboxtest.NewClock(t0)
	outboxtest.Record(t, db, t0, "OP1", gremlinconsole.Event{Type: "KeyEnd", Key: "SUB-A", Payload: map[string]any{"Seq": 0}})
	outboxtest.Record(t, db, t0.Add(time.Millisecond), "OP1", gremlinconsole.Event{Type: "KeyEnd", Key: "SUB-A", Payload: map[string]any{"Seq": 1}})

	stuck := &blocking{started: make(chan struct{}), release: make(chan struct{})}
	crashed := outbox.New(db, outbox.Options{Owner: "crashed", Now: clock.Now, Log: quiet, LeaseTTL: time.Minute})
	crashed.Handle("webhook", stuck, "KeyEnd")
	crashedDone := make(chan int)
	go func() {
		n, _ := crashed.RunOnce(context.Background())
		crashedDone <- n
	}()
	<-stuck.started

	rec := &recorder{}
	survivor := outbox.New(db, outbox.Options{Owner: "survivor", Now: clock.Now, Log: quiet, LeaseTTL: time.Minute})
	survivor.Handle("webhook", rec, "KeyEnd")
	if n, err := survivor.RunOnce(context.Background()); err != nil || n != 0 {
		t.Fatalf("while the lease is live: %d attempts, %v", n, err)
	}
	clock.Advance(61 * time.Second)
	drain(t, survivor, clock, time.Second)
	checkOnceInOrder(t, rec.delivered, map[string][]int{"SUB-A": {0, 1}})
	if rec.delivered[0].Attempt != 2 {
		t.Errorf("retry is attempt %d, want 2", rec.delivered[0].Attempt)
	}
	// The "crashed" dispatcher wakes up late: its completion is fenced off.
	close(stuck.release)
	if n := <-crashedDone; n != 0 {
		t.Errorf("stale dispatcher recorded %d outcomes", n)
	}
}

type failing struct{ perm bool }

func (f failing) Handle(ctx context.Context, ev outbox.Event) error {
	if f.perm {
		return outbox.Permanent(errors.New("malformed"))
	}
	return errors.New("503")
}

func TestDeadLetter(t *testing.T) {
	for _, tc := range []struct {
		name     string
		handler  outbox.Handler
		attempts int
	}{
		{"after MaxAttempts failures", failing{}, 3},
		{"at once when permanent", failing{perm: true}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := outboxtest.Graph(t)
			clock := outboxtest.NewClock(t0)
			outboxtest.Record(t, db, t0, "OP1", gremlinconsole.Event{Type: "Poison", Key: "K", Payload: map[string]any{"Seq": 0}})
			outboxtest.Record(t, db, t0.Add(time.Millisecond), "OP1", gremlinconsole.Event{Type: "Fine", Key: "K", Payload: map[string]any{"Seq": 1}})
			count := 0
			d := outbox.New(db, outbox.Options{Now: clock.Now, Log: quiet, MaxAttempts: 3})
			d.Handle("h", outbox.HandlerFunc(func(ctx context.Context, ev outbox.Event) error {
				count++
				return tc.handler.Handle(ctx, ev)
			}), "Poison")
			rec := &recorder{}
			d.Handle("h", rec, "Fine")
			drain(t, d, clock, time.Hour)
			if count != tc.attempts {
				t.Errorf("%d attempts, want %d", count, tc.attempts)
			}
			if s := outboxtest.Status(t, db, "Poison"); fmt.Sprint(s) != "[dead]" {
				t.Errorf("poison status %v", s)
			}
			// The dead event no longer blocks its lane.
			checkOnceInOrder(t, rec.delivered, map[string][]int{"K": {1}})
		})
	}
}

func TestDeferDoesNotConsumeAnAttempt(t *testing.T) {
	db := outboxtest.Graph(t)
	clock := outboxtest.NewClock(t0)
	outboxtest.Record(t, db, t0, "OP1", gremlinconsole.Event{Type: "SubscriberWelcome", Key: "S", Payload: map[string]any{"Seq": 0}})
	var attempts []int
	release := t0.Add(3 * time.Hour)
	d := outbox.New(db, outbox.Options{Now: clock.Now, Log: quiet, MaxAttempts: 2})
	d.Handle("notify", outbox.HandlerFunc(func(ctx context.Context, ev outbox.Event) error {
		attempts = append(attempts, ev.Attempt)
		if clock.Now().Before(release) {
			return outbox.Defer(release, "countdown")
		}
		return nil
	}), "SubscriberWelcome")
	for i := 0; i < 5; i++ {
		if _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
	}
	if fmt.Sprint(attempts) != "[1 1]" {
		t.Errorf("attempts %v, want [1 1] (one deferral, then delivery as attempt 1)", attempts)
	}
	if s := outboxtest.Status(t, db, "SubscriberWelcome"); fmt.Sprint(s) != "[delivered]" {
		t.Errorf("status %v", s)
	}
}

func TestHandlersHaveIndependentLanesAndUnhandledTypesStayPending(t *testing.T) {
	db := outboxtest.Graph(t)
	clock := outboxtest.NewClock(t0)
	for i := 0; i < 3; i++ {
		outboxtest.Record(t, db, t0.Add(time.Duration(i)*time.Millisecond), "OP1",
			gremlinconsole.Event{Type: "KeyStart", Key: "S", Payload: map[string]any{"Seq": i}})
	}
	outboxtest.Record(t, db, t0, "OP1", gremlinconsole.Event{Type: "SomethingElse", Key: "S", Payload: map[string]any{"Seq": 9}})
	down := &recorder{down: true}
	up := &recorder{}
	d := outbox.New(db, outbox.Options{Now: clock.Now, Log: quiet})
	d.Handle("webhook", down, "KeyStart")
	d.Handle("notify", up, "KeyStart")
	drain(t, d, clock, time.Second)
	checkOnceInOrder(t, up.delivered, map[string][]int{"S": {0, 1, 2}})
	if s := outboxtest.Status(t, db, "KeyStart"); fmt.Sprint(s) != "[pending pending pending]" {
		t.Errorf("KeyStart status %v: the failing webhook lane must keep them pending", s)
	}
	if s := outboxtest.Status(t, db, "SomethingElse"); fmt.Sprint(s) != "[pending]" {
		t.Errorf("unhandled type status %v", s)
	}
	down.setDown(false)
	drain(t, d, clock, time.Hour)
	checkOnceInOrder(t, down.delivered, map[string][]int{"S": {0, 1, 2}})
	if len(up.delivered) != 3 {
		t.Errorf("notify lane re-delivered: %d deliveries", len(up.delivered))
	}
	if s := outboxtest.Status(t, db, "KeyStart"); fmt.Sprint(s) != "[delivered delivered delivered]" {
		t.Errorf("KeyStart status %v", s)
	}
}
