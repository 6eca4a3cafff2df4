package service_test

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestServeFlushesAccounting: accounting a gateway sends to the service's radiusd reaches
// the graph by the periodic flush, and what is recorded before a shutdown is flushed by
// the shutdown.
func TestServeFlushesAccounting(t *testing.T) {
	t.Run("periodic flush", func(t *testing.T) {
		if _, err := exec.LookPath("radclient"); err != nil {
			t.Fatal("radclient is not on PATH; run scripts/test-deps.sh (installs freeradius-utils)")
		}
		e := servicetest.Start(t, withRadius, func(c *service.Config) { c.SessionFlushInterval = 20 * time.Millisecond })
		s := e.Service
		ctx := context.Background()
		const venue = "venue_flush1"
		if _, err := s.Cache.PutVenue(ctx, policycache.Venue{VenueID: venue,
			Gateways: []policycache.Gateway{{NASIdentifier: "flush-ap", Profile: "hostapd"}}}); err != nil {
			t.Fatal(err)
		}
		request := []string{`Acct-Status-Type = Start`, `Acct-Session-Id = "F1"`, `User-Name = "021122334466"`,
			`Calling-Station-Id = "02-11-22-33-44-66"`, `NAS-Identifier = "flush-ap"`, `Acct-Input-Octets = 1234`, `Acct-Output-Octets = 5678`}
		// The gateway table is reloaded on the venue's invalidation message.
		code, out := radclientSend(t, s.Radius.AcctAddr().String(), "acct", radiusSecret, request)
		for deadline := time.Now().Add(3 * time.Second); code != "Accounting-Response" && time.Now().Before(deadline); {
			code, out = radclientSend(t, s.Radius.AcctAddr().String(), "acct", radiusSecret, request)
		}
		if code != "Accounting-Response" {
			t.Fatalf("reply %q:\n%s", code, out)
		}
		key, err := schema.SessionKey(venue, "F1")
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			r, err := graphdb.First(s.DB.G().V(schema.GraphID(schema.VertexSession, key)).Values(string(schema.KeyAcctInputOctets)))
			if err != nil {
				t.Fatal(err)
			}
			if r != nil && r.GetInterface() == int64(1234) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("session not in the graph within 10s (got %v)\nlogs:\n%s", r, e.Logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	})

	t.Run("final flush on shutdown", func(t *testing.T) {
		e := servicetest.Start(t, func(c *service.Config) { c.SessionFlushInterval = time.Hour })
		ctx := context.Background()
		if err := e.Service.Cache.RecordAccounting(ctx, policycache.AccountingEvent{VenueID: "venue_flush2", SessionID: "F2",
			Status: policycache.AcctStart, UnitID: "venue_flush2.U1.B.F", MAC: "021122334477", InputOctets: 10, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if q, err := e.Service.Cache.ChangedSince(ctx, 0, 0); err != nil || len(q) != 2 {
			t.Fatalf("queue before shutdown: %+v, %v", q, err)
		}
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := e.Service.Shutdown(sctx); err != nil {
			t.Fatal(err)
		}
		// The graph is closed now; an empty queue in the (still running) Redis means every
		// change was written to the graph before it was acknowledged.
		opts, err := redis.ParseURL(e.Service.Config.RedisURL)
		if err != nil {
			t.Fatal(err)
		}
		rdb := redis.NewClient(opts)
		defer rdb.Close()
		q, err := policycache.NewStore(rdb, e.Service.Secrets, "").ChangedSince(ctx, 0, 0)
		if err != nil || len(q) != 0 {
			t.Fatalf("queue after shutdown: %+v, %v\nlogs:\n%s", q, err, e.Logs.String())
		}
	})
}
