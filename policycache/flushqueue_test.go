package policycache

import (
	"context"
	"testing"
	"time"
)

// queued returns the queue as member → change.
func queued(t *testing.T, s *Store) map[string]Change {
	t.Helper()
	cs, err := s.ChangedSince(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Change{}
	for _, c := range cs {
		out[c.Member] = c
	}
	return out
}

func acct(status int, in, out uint64, at time.Time) AccountingEvent {
	return AccountingEvent{VenueID: "venue_a", SessionID: "S1", Status: status, KeyID: "k1", UnitID: "venue_a.U1.B.F",
		MAC: "aabbcc000001", NASIdentifier: "nas-1", NASAddress: "10.0.0.1", InputOctets: in, OutputOctets: out, SessionTime: 60, Now: at}
}

// TestFlushQueue: accounting queues the session and the unit's usage atomically; an
// acknowledgement removes exactly what was read, so a change racing the flush stays
// queued with its new data; stopped sessions get the retention TTL.
func TestFlushQueue(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2025, 9, 11, 12, 0, 0, 0, time.UTC)
	const sessMember, usageMember = "s:venue_a|S1", "u:venue_a|venue_a.U1.B.F|20250911"

	if err := s.RecordAccounting(ctx, acct(AcctStart, 100, 200, now)); err != nil {
		t.Fatal(err)
	}
	first := queued(t, s)
	t.Run("start queues the session and the usage with their data", func(t *testing.T) {
		sc, uc := first[sessMember], first[usageMember]
		if len(first) != 2 || sc.Session == nil || uc.Usage == nil {
			t.Fatalf("queue %+v", first)
		}
		if sc.Session.InputOctets != 100 || sc.Session.KeyID != "k1" || !sc.Session.Active || sc.Session.Started != now.UnixMilli() {
			t.Fatalf("session %+v", sc.Session)
		}
		if uc.Usage.InputOctets != 100 || uc.Usage.OutputOctets != 200 || uc.Usage.Sessions != 1 || uc.Usage.Day != "20250911" {
			t.Fatalf("usage %+v", uc.Usage)
		}
		if v, err := s.ChangeVersion(ctx); err != nil || v < max(sc.Version, uc.Version) {
			t.Fatalf("ChangeVersion %d, %v", v, err)
		}
	})

	t.Run("an update racing the flush stays queued", func(t *testing.T) {
		// The flusher read `first`; an interim arrives before it acknowledges.
		if err := s.RecordAccounting(ctx, acct(AcctInterim, 150, 260, now.Add(time.Minute))); err != nil {
			t.Fatal(err)
		}
		n, err := s.MarkFlushed(ctx, []Change{first[sessMember], first[usageMember]})
		if err != nil || n != 0 {
			t.Fatalf("removed %d, %v; want 0 (both changed again)", n, err)
		}
		again := queued(t, s)
		sc, uc := again[sessMember], again[usageMember]
		if sc.Session == nil || sc.Session.InputOctets != 150 || uc.Usage == nil || uc.Usage.InputOctets != 150 || uc.Usage.OutputOctets != 260 {
			t.Fatalf("next pass reads %+v / %+v", sc.Session, uc.Usage)
		}
		if sc.Version <= first[sessMember].Version {
			t.Fatal("version did not move on")
		}
		n, err = s.MarkFlushed(ctx, []Change{sc, uc})
		if err != nil || n != 2 {
			t.Fatalf("removed %d, %v; want 2", n, err)
		}
		if q := queued(t, s); len(q) != 0 {
			t.Fatalf("queue not empty: %+v", q)
		}
		// Acknowledging again (a replayed flush) removes nothing and fails nothing.
		if n, err := s.MarkFlushed(ctx, []Change{sc, uc}); err != nil || n != 0 {
			t.Fatalf("replayed acknowledgement removed %d, %v", n, err)
		}
	})

	t.Run("an interim without new octets queues the session only", func(t *testing.T) {
		if err := s.RecordAccounting(ctx, acct(AcctInterim, 150, 260, now.Add(2*time.Minute))); err != nil {
			t.Fatal(err)
		}
		q := queued(t, s)
		if _, ok := q[sessMember]; !ok || len(q) != 1 {
			t.Fatalf("queue %+v", q)
		}
		if _, err := s.MarkFlushed(ctx, []Change{q[sessMember]}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("stop queues the stopped session, which expires after the retention", func(t *testing.T) {
		if err := s.RecordAccounting(ctx, acct(AcctStop, 180, 300, now.Add(3*time.Minute))); err != nil {
			t.Fatal(err)
		}
		q := queued(t, s)
		if q[sessMember].Session == nil || q[sessMember].Session.Active || q[usageMember].Usage == nil || q[usageMember].Usage.InputOctets != 180 {
			t.Fatalf("queue after stop %+v", q)
		}
		ttl, err := s.Redis().TTL(ctx, "wv:sess:venue_a|S1").Result()
		if err != nil || ttl <= StoppedSessionRetention-time.Minute || ttl > StoppedSessionRetention {
			t.Fatalf("TTL %v, %v; want about %v", ttl, err, StoppedSessionRetention)
		}
		if _, err := s.MarkFlushed(ctx, []Change{q[sessMember], q[usageMember]}); err != nil {
			t.Fatal(err)
		}
		// A late interim of the stopped session changes nothing and queues nothing.
		if err := s.RecordAccounting(ctx, acct(AcctInterim, 999, 999, now.Add(4*time.Minute))); err != nil {
			t.Fatal(err)
		}
		if q := queued(t, s); len(q) != 0 {
			t.Fatalf("late interim queued %+v", q)
		}
	})

	t.Run("an entry whose data is gone comes back empty", func(t *testing.T) {
		if err := s.RecordAccounting(ctx, AccountingEvent{VenueID: "venue_a", SessionID: "S2", Status: AcctStart, MAC: "aabbcc000002", Now: now}); err != nil {
			t.Fatal(err)
		}
		if err := s.Redis().Del(ctx, "wv:sess:venue_a|S2").Err(); err != nil {
			t.Fatal(err)
		}
		q := queued(t, s)
		c, ok := q["s:venue_a|S2"]
		if !ok || c.Session != nil || c.Usage != nil || len(q) != 1 {
			t.Fatalf("queue %+v", q)
		}
		if n, err := s.MarkFlushed(ctx, []Change{c}); err != nil || n != 1 {
			t.Fatalf("removed %d, %v", n, err)
		}
	})
}

// TestChangedSincePages: passing the last version read pages through the queue in
// version order, and an entry changed again reappears on a later page.
func TestChangedSincePages(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2025, 9, 11, 12, 0, 0, 0, time.UTC)
	for _, id := range []string{"A", "B", "C"} {
		if err := s.RecordAccounting(ctx, AccountingEvent{VenueID: "v1", SessionID: id, Status: AcctStart, MAC: "aabbcc000003", Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	page1, err := s.ChangedSince(ctx, 0, 2)
	if err != nil || len(page1) != 2 || page1[0].Member != "s:v1|A" || page1[1].Member != "s:v1|B" {
		t.Fatalf("page 1: %+v, %v", page1, err)
	}
	if err := s.RecordAccounting(ctx, AccountingEvent{VenueID: "v1", SessionID: "A", Status: AcctInterim, MAC: "aabbcc000003", InputOctets: 5, Now: now.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	page2, err := s.ChangedSince(ctx, page1[1].Version, 2)
	if err != nil || len(page2) != 2 || page2[0].Member != "s:v1|C" || page2[1].Member != "s:v1|A" || page2[1].Session.InputOctets != 5 {
		t.Fatalf("page 2: %+v, %v", page2, err)
	}
	if rest, err := s.ChangedSince(ctx, page2[1].Version, 2); err != nil || len(rest) != 0 {
		t.Fatalf("page 3: %+v, %v", rest, err)
	}
}

func TestUnitUsages(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	d1 := time.Date(2025, 9, 10, 23, 0, 0, 0, time.UTC)
	d2 := d1.Add(2 * time.Hour) // the next UTC day
	for i, at := range []time.Time{d1, d2} {
		ev := acct(AcctStart, uint64(10*(i+1)), 1, at)
		ev.SessionID = "U" + at.Format("02")
		if err := s.RecordAccounting(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	us, err := s.UnitUsages(ctx, "venue_a", []string{"venue_a.U1.B.F", "venue_a.U2.B.F"}, []time.Time{d1, d2})
	if err != nil || len(us) != 4 {
		t.Fatalf("%+v, %v", us, err)
	}
	want := []struct {
		unit, day string
		in        uint64
	}{{"venue_a.U1.B.F", "20250910", 10}, {"venue_a.U1.B.F", "20250911", 20}, {"venue_a.U2.B.F", "20250910", 0}, {"venue_a.U2.B.F", "20250911", 0}}
	for i, w := range want {
		if us[i].UnitID != w.unit || us[i].Day != w.day || us[i].InputOctets != w.in {
			t.Fatalf("entry %d = %+v, want %+v", i, us[i], w)
		}
	}
}
