package sessions_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

// yesterdayNoon is when the accounting of these tests happens: a fixed UTC day, so a test
// running across midnight still finds it.
func yesterdayNoon() time.Time {
	return time.Now().UTC().Truncate(24 * time.Hour).Add(-12 * time.Hour)
}

// sessionVertex returns the graph's session of venue|sessionID (nil: none).
func (f *fixture) sessionVertex(t testing.TB, venue, sessionID string) map[string]any {
	t.Helper()
	key, err := schema.SessionKey(venue, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	return f.vertex(t, schema.GraphID(schema.VertexSession, key))
}

// usageVertex returns the graph's daily usage record of a unit (nil: none).
func (f *fixture) usageVertex(t testing.TB, venue, unit string, day time.Time) map[string]any {
	t.Helper()
	key, err := schema.UnitDailyUsageKey(venue, unit, schema.UsageDay(day))
	if err != nil {
		t.Fatal(err)
	}
	return f.vertex(t, schema.GraphID(schema.VertexUnitDailyUsage, key))
}

func (f *fixture) vertex(t testing.TB, id string) map[string]any {
	t.Helper()
	r, err := graphdb.First(f.env.Service.DB.G().V(id).ValueMap())
	if err != nil {
		t.Fatal(err)
	}
	if r == nil {
		return nil
	}
	return graphdb.Flatten(r.GetInterface())
}

// linked reports whether vertex id has an out-edge label to target.
func (f *fixture) linked(t testing.TB, id, label, target string) bool {
	t.Helper()
	n, err := graphdb.First(f.env.Service.DB.G().V(id).Out(label).HasId(target).Count())
	if err != nil {
		t.Fatal(err)
	}
	return n.GetInterface().(int64) == 1
}

// join renders values separated by spaces, whatever their types (json.Number included).
func join(xs ...any) string { return strings.TrimSpace(fmt.Sprintln(xs...)) }

// counters renders the octet and session-count properties of a graph record.
func counters(m map[string]any) string {
	return fmt.Sprintf("in=%v out=%v sessions=%v", m[string(schema.KeyAcctInputOctets)], m[string(schema.KeyAcctOutputOctets)], m[string(schema.KeySessionCount)])
}

// TestAccountingHistorySurvivesRedis: accounting recorded in Redis is flushed to the graph,
// Redis is emptied, and every report still returns the sessions and usage, to those allowed
// to see them only; replaying the same accounting into the empty Redis and flushing again
// counts nothing twice.
func TestAccountingHistorySurvivesRedis(t *testing.T) {
	f := newFixture(t)
	tokA, accessA, keysA := f.subscriber(t)
	tokB, _, keysB := f.subscriberAt(t, f.venueB, f.unitB, f.venueAdminB)
	at := yesterdayNoon()
	day := at.Truncate(24 * time.Hour).Format(time.RFC3339)

	events := []policycache.AccountingEvent{
		{VenueID: f.venueA, SessionID: "A-live", Status: policycache.AcctStart, KeyID: keysA[0], UnitID: f.unitA, MAC: "aabbcc0000a1", InputOctets: 1000, OutputOctets: 2000, Now: at},
		{VenueID: f.venueA, SessionID: "A-live", Status: policycache.AcctInterim, KeyID: keysA[0], UnitID: f.unitA, MAC: "aabbcc0000a1", InputOctets: 1500, OutputOctets: 2500, SessionTime: 600, Now: at.Add(10 * time.Minute)},
		{VenueID: f.venueA, SessionID: "A-done", Status: policycache.AcctStart, KeyID: keysA[0], UnitID: f.unitA, MAC: "aabbcc0000a2", InputOctets: 100, Now: at.Add(time.Minute)},
		{VenueID: f.venueA, SessionID: "A-done", Status: policycache.AcctStop, KeyID: keysA[0], UnitID: f.unitA, MAC: "aabbcc0000a2", InputOctets: 300, OutputOctets: 400, SessionTime: 120, Now: at.Add(3 * time.Minute)},
		{VenueID: f.venueB, SessionID: "B-live", Status: policycache.AcctStart, KeyID: keysB[0], UnitID: f.unitB, MAC: "aabbcc0000b1", InputOctets: 7000, OutputOctets: 8000, Now: at},
	}
	for _, ev := range events {
		f.record(t, ev)
	}
	if n := f.flush(t); n != 5 { // three sessions, two unit-days
		t.Fatalf("flushed %d changes, want 5", n)
	}

	t.Run("the graph holds the sessions and the daily usage", func(t *testing.T) {
		live := f.sessionVertex(t, f.venueA, "A-live")
		if live == nil || join(live["Acct-Input-Octets"], live["Acct-Output-Octets"], live["Acct-Session-Time"], live["Active"], live["KeyID"], live["Calling-Station-Id"]) !=
			join(1500, 2500, 600, true, keysA[0], "aabbcc0000a1") {
			t.Fatalf("A-live: %v", live)
		}
		if live["StartDateTimeUTC"] != at.UnixMilli() || live["LastUpdateDateTimeUTC"] != at.Add(10*time.Minute).UnixMilli() {
			t.Fatalf("A-live times: %v", live)
		}
		if done := f.sessionVertex(t, f.venueA, "A-done"); done == nil || done["Active"] != false {
			t.Fatalf("A-done: %v", done)
		}
		key, _ := schema.SessionKey(f.venueA, "A-live")
		sid := schema.GraphID(schema.VertexSession, key)
		if !f.linked(t, sid, string(schema.EdgeSessionOfPSK), schema.GraphID(schema.VertexPSK, keysA[0])) ||
			!f.linked(t, sid, string(schema.EdgeSessionAtUnit), schema.GraphID(schema.VertexVenueUnit, f.unitA)) {
			t.Fatal("session not linked to its key and unit")
		}
		u := f.usageVertex(t, f.venueA, f.unitA, at)
		if got := counters(u); got != "in=1800 out=2900 sessions=2" {
			t.Fatalf("usage of unit A: %s", got)
		}
		ukey, _ := schema.UnitDailyUsageKey(f.venueA, f.unitA, schema.UsageDay(at))
		if !f.linked(t, schema.GraphID(schema.VertexUnitDailyUsage, ukey), string(schema.EdgeDailyUsageOfUnit), schema.GraphID(schema.VertexVenueUnit, f.unitA)) {
			t.Fatal("usage not linked to its unit")
		}
		if q, _ := f.env.Service.Cache.ChangedSince(context.Background(), 0, 0); len(q) != 0 {
			t.Fatalf("queue not empty after the flush: %+v", q)
		}
		// Every property is a declared key holding its declared type (Long counters, not Int).
		for _, m := range []map[string]any{live, u} {
			for k, v := range m {
				d, ok := schema.LookupProperty(schema.PropertyKey(k))
				if !ok || !d.Type.Accepts(v) {
					t.Fatalf("property %s = %#v (declared: %v, %v)", k, v, ok, d.Type)
				}
			}
		}
	})

	f.forgetRedis(t)

	reports := func(t *testing.T, wantActive bool) {
		tests := []struct {
			name, path, token string
			body              map[string]any
			status            int
			list              string
			items             int
		}{
			{"subscriber's key sessions", "/subscriberconsole/listKeySessions", accessA, map[string]any{"VenueID": f.venueA}, 200, "UsageData", 2},
			{"subscriber's devices", "/subscriberconsole/listDeviceSessions", accessA, nil, 200, "UsageData", 2},
			{"operator's view", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainX, map[string]any{"SubscriberToken": tokA}, 200, "usageData", 2},
			{"operator's view filtered by MAC", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainX, map[string]any{"SubscriberToken": tokA, "Calling-Station-Id": "AA:BB:CC:00:00:A2"}, 200, "usageData", 1},
			{"other operator", "/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainY, map[string]any{"SubscriberToken": tokA}, 404, "", 0},
			{"venue admin A, subscriber at A", "/venuemgmtconsole/subscribers/listSessions", f.venueAdminA, map[string]any{"SubscriberToken": tokA}, 200, "UsageData", 2},
			{"venue admin B, subscriber at A", "/venuemgmtconsole/subscribers/listSessions", f.venueAdminB, map[string]any{"SubscriberToken": tokA}, 404, "", 0},
			{"venue admin A, subscriber at B", "/venuemgmtconsole/subscribers/listSessions", f.venueAdminA, map[string]any{"SubscriberToken": tokB}, 404, "", 0},
			{"venue admin B, subscriber at B", "/venuemgmtconsole/subscribers/listSessions", f.venueAdminB, map[string]any{"SubscriberToken": tokB}, 200, "UsageData", 1},
			{"unit usage of B by venue admin A", "/venuemgmtconsole/venue_units/listVenueUnitUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueB, "UnitID_internal": f.unitB}, 403, "", 0},
			{"venue usage of B by venue admin A", "/venuemgmtconsole/venues/listVenueUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueB, "UsageReportStartDateUTC.ISO8601": day}, 403, "", 0},
			{"venue report of A by operator Y", "/networkoperatorconsole/venues/listVenueUsageData", f.domainY, map[string]any{"VenueID": f.venueA, "UsageReportStartDateUTC.ISO8601": day}, 403, "", 0},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := f.env.Post(tc.path, tc.token, tc.body)
				if r.Status != tc.status {
					t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
				}
				if tc.list == "" {
					return
				}
				l, _ := r.Body[tc.list].([]any)
				if len(l) != tc.items {
					t.Fatalf("%d items, want %d: %s", len(l), tc.items, r.Raw)
				}
			})
		}
		t.Run("session fields", func(t *testing.T) {
			r := f.env.Post("/subscriberconsole/listKeySessions", accessA, map[string]any{"VenueID": f.venueA}).Must(t, 200)
			byID := map[string]map[string]any{}
			for _, it := range r.Body["UsageData"].([]any) {
				m := it.(map[string]any)
				byID[m["SessionID"].(string)] = m
			}
			live, done := byID["A-live"], byID["A-done"]
			if live == nil || done == nil {
				t.Fatalf("sessions: %s", r.Raw)
			}
			got := join(live["InputOctets"], live["OutputOctets"], live["TotalOctets"], live["SessionTimeSeconds"], live["Active"], live["Calling-Station-Id"],
				live["KeyID"], live["UnitID_internal"], live["NAS-Identifier"], live["StartDateTimeUTC.ISO8601"])
			want := join(1500, 2500, 4000, 600, wantActive, "AA:BB:CC:00:00:A1", keysA[0], f.unitA, "nas-lobby", schema.FormatISO8601(at.UnixMilli()))
			if got != want {
				t.Fatalf("A-live: got %s, want %s", got, want)
			}
			if join(done["InputOctets"], done["OutputOctets"], done["Active"]) != "300 400 false" {
				t.Fatalf("A-done: %v", done)
			}
		})
		t.Run("operator overview counts active and all sessions", func(t *testing.T) {
			r := f.env.Post("/networkoperatorconsole/subscribers/listSubscriberKeySessions", f.domainX, map[string]any{"SubscriberToken": tokA}).Must(t, 200)
			o := r.Body["analyticsOverview"].(map[string]any)
			active := 0
			if wantActive {
				active = 1
			}
			if join(o["ActiveSessions"], o["Sessions"], o["Devices"], o["InputOctets"]) != join(active, 2, 2, 1800) {
				t.Fatalf("overview: %v", o)
			}
		})
		t.Run("gateway last seen", func(t *testing.T) {
			r := f.env.Post("/venuemgmtconsole/venues/listVenueCPEStatus", f.venueAdminA, map[string]any{"VenueID": f.venueA}).Must(t, 200)
			var lobby map[string]any
			for _, d := range r.Body["Devices"].([]any) {
				if m := d.(map[string]any); m["NAS-Identifier"] == "nas-lobby" {
					lobby = m
				}
			}
			active := 0
			if wantActive {
				active = 1
			}
			// Its last accounting was yesterday: DOWN, but still known and dated.
			if lobby == nil || join(lobby["Status"], lobby["ActiveSessions"], lobby["LastSeenDateTimeUTC.ISO8601"]) !=
				join("DOWN", active, schema.FormatISO8601(at.Add(10*time.Minute).UnixMilli())) {
				t.Fatalf("CPE status: %s", r.Raw)
			}
		})
		t.Run("unit usage of the day", func(t *testing.T) {
			r := f.env.Post("/venuemgmtconsole/venue_units/listVenueUnitUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA}).Must(t, 200)
			found := false
			for _, it := range r.Body["UsageData"].([]any) {
				m := it.(map[string]any)
				if m["DailyBWReportDateTimeUTC.ISO8601"] == day {
					found = true
					if join(m["InputOctets"], m["OutputOctets"], m["TotalOctets"], m["Sessions"]) != "1800 2900 4700 2" {
						t.Fatalf("day: %v", m)
					}
				}
			}
			if !found {
				t.Fatalf("no entry for %s: %s", day, r.Raw)
			}
		})
		t.Run("venue usage of the day", func(t *testing.T) {
			r := f.env.Post("/venuemgmtconsole/venues/listVenueUsageData", f.venueAdminA, map[string]any{"VenueID": f.venueA, "UsageReportStartDateUTC.ISO8601": day}).Must(t, 200)
			l := r.Body["UsageData"].([]any)
			if len(l) != 1 || join(l[0].(map[string]any)["InputOctets"], l[0].(map[string]any)["OutputOctets"]) != "1800 2900" {
				t.Fatalf("venue A: %s", r.Raw)
			}
			r = f.env.Post("/venuemgmtconsole/venues/listVenueUsageData", f.venueAdminB, map[string]any{"VenueID": f.venueB, "UsageReportStartDateUTC.ISO8601": day}).Must(t, 200)
			l = r.Body["UsageData"].([]any)
			if len(l) != 1 || join(l[0].(map[string]any)["InputOctets"]) != "7000" {
				t.Fatalf("venue B: %s", r.Raw)
			}
			r = f.env.Post("/networkoperatorconsole/venues/listVenueUsageData", f.domainX, map[string]any{"VenueID": f.venueA, "UsageReportStartDateUTC.ISO8601": day}).Must(t, 200)
			rep := r.Body["VenueUsageReport"].(map[string]any)
			if join(rep["totalDownload"], rep["totalUpload"], rep["totalUsage"], rep["activeUnits"]) != "1800 2900 4700 1" {
				t.Fatalf("operator report: %s", r.Raw)
			}
		})
	}

	t.Run("after Redis is emptied the reports come from the graph", func(t *testing.T) { reports(t, false) })

	t.Run("replaying the accounting into the empty Redis counts nothing twice", func(t *testing.T) {
		for _, ev := range events {
			f.record(t, ev)
		}
		f.flush(t)
		if got := counters(f.usageVertex(t, f.venueA, f.unitA, at)); got != "in=1800 out=2900 sessions=2" {
			t.Fatalf("usage of unit A after the replay: %s", got)
		}
		live := f.sessionVertex(t, f.venueA, "A-live")
		if join(live["Acct-Input-Octets"], live["StartDateTimeUTC"]) != join(1500, at.UnixMilli()) {
			t.Fatalf("A-live after the replay: %v", live)
		}
		// A-live is live again in Redis (its Start and Interim were replayed); A-done stopped.
		reports(t, true)
	})
}

// TestFlushRacingAccounting: a change that arrives after the flusher read the queue and
// before it acknowledged stays queued and reaches the graph on the next pass; writing
// stale changes again never lowers what the graph holds.
func TestFlushRacingAccounting(t *testing.T) {
	f := newFixture(t)
	_, _, keys := f.subscriber(t)
	ctx := context.Background()
	at := yesterdayNoon()
	ev := policycache.AccountingEvent{VenueID: f.venueA, SessionID: "R1", Status: policycache.AcctStart, KeyID: keys[0], UnitID: f.unitA, MAC: "aabbcc0000c1",
		InputOctets: 100, OutputOctets: 200, Now: at}
	f.record(t, ev)

	read, err := f.env.Service.Cache.ChangedSince(ctx, 0, 0)
	if err != nil || len(read) != 2 {
		t.Fatalf("queue: %+v, %v", read, err)
	}
	ev.Status, ev.InputOctets, ev.OutputOctets, ev.Now = policycache.AcctInterim, 150, 260, at.Add(time.Minute)
	f.record(t, ev) // arrives while the flusher holds `read`

	n, err := f.env.Service.Flusher.FlushChanges(ctx, read)
	if err != nil || n != 0 {
		t.Fatalf("acknowledged %d, %v; want 0: both entries changed after the read", n, err)
	}
	if got := counters(f.usageVertex(t, f.venueA, f.unitA, at)); got != "in=100 out=200 sessions=1" {
		t.Fatalf("first write: %s", got)
	}
	if n := f.flush(t); n != 2 {
		t.Fatalf("next pass flushed %d, want 2", n)
	}
	s := f.sessionVertex(t, f.venueA, "R1")
	if join(s["Acct-Input-Octets"], s["Acct-Output-Octets"], s["LastUpdateDateTimeUTC"]) != join(150, 260, at.Add(time.Minute).UnixMilli()) {
		t.Fatalf("session after the next pass: %v", s)
	}
	if got := counters(f.usageVertex(t, f.venueA, f.unitA, at)); got != "in=150 out=260 sessions=1" {
		t.Fatalf("usage after the next pass: %s", got)
	}

	t.Run("stale changes written again lower nothing", func(t *testing.T) {
		if _, err := f.env.Service.Flusher.FlushChanges(ctx, read); err != nil {
			t.Fatal(err)
		}
		s := f.sessionVertex(t, f.venueA, "R1")
		if join(s["Acct-Input-Octets"], s["LastUpdateDateTimeUTC"]) != join(150, at.Add(time.Minute).UnixMilli()) {
			t.Fatalf("session went backwards: %v", s)
		}
		if got := counters(f.usageVertex(t, f.venueA, f.unitA, at)); got != "in=150 out=260 sessions=1" {
			t.Fatalf("usage went backwards: %s", got)
		}
	})

	t.Run("flushes concurrent with accounting lose nothing", func(t *testing.T) {
		const updates = 200
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := ev
			for i := 1; i <= updates; i++ {
				e.InputOctets, e.OutputOctets, e.Now = 1000+uint64(i), 2000+uint64(i), at.Add(time.Duration(i)*time.Second+time.Minute)
				if err := f.env.Service.Cache.RecordAccounting(ctx, e); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		stop := make(chan struct{})
		go func() { wg.Wait(); close(stop) }()
		for running := true; running; {
			select {
			case <-stop:
				running = false
			default:
			}
			if _, err := f.env.Service.Flusher.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		f.flush(t)
		s := f.sessionVertex(t, f.venueA, "R1")
		if join(s["Acct-Input-Octets"], s["Acct-Output-Octets"]) != join(1000+updates, 2000+updates) {
			t.Fatalf("session: %v", s)
		}
		if got := counters(f.usageVertex(t, f.venueA, f.unitA, at)); got != fmt.Sprintf("in=%d out=%d sessions=1", 1000+updates, 2000+updates) {
			t.Fatalf("usage: %s", got)
		}
		if q, _ := f.env.Service.Cache.ChangedSince(ctx, 0, 0); len(q) != 0 {
			t.Fatalf("queue not empty: %+v", q)
		}
	})
}

// TestFlushSkipsSessionsOfRemovedKeys: a session of a key whose vertex is gone (removed
// key, erased subscriber) is not written back to the graph; the unit's usage still is.
func TestFlushSkipsSessionsOfRemovedKeys(t *testing.T) {
	f := newFixture(t)
	token, _, keys := f.subscriber(t)
	f.env.Post("/networkoperatorconsole/subscribers/removeKey", f.domainX, map[string]any{
		"SubscriberToken": token, "KeyID": keys[0], "RemovalReason": "KEY_COMPROMISE",
	}).Must(t, http.StatusOK)
	at := yesterdayNoon()
	f.record(t, policycache.AccountingEvent{VenueID: f.venueA, SessionID: "late", Status: policycache.AcctStop, KeyID: keys[0], UnitID: f.unitA,
		MAC: "aabbcc0000d1", InputOctets: 10, OutputOctets: 20, Now: at})
	if n := f.flush(t); n != 2 {
		t.Fatalf("flushed %d, want 2 (the session is acknowledged without a write)", n)
	}
	if s := f.sessionVertex(t, f.venueA, "late"); s != nil {
		t.Fatalf("session of a removed key written: %v", s)
	}
	if got := counters(f.usageVertex(t, f.venueA, f.unitA, at)); got != "in=10 out=20 sessions=1" {
		t.Fatalf("usage: %s", got)
	}
}
