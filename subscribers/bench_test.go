package subscribers_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

// p50 reports the median of the iterations' durations as the metric p50-ms.
func p50(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkSubscriberLogin signs in over HTTP with vaultcrypto.DefaultPasswordParams.
func BenchmarkSubscriberLogin(b *testing.B) {
	realCost := func(c *service.Config) { p := vaultcrypto.DefaultPasswordParams; c.TestPasswordParams = &p }
	env := servicetest.Start(b, realCost)
	f := &fixture{env: env, nsp: env.NSP()}
	f.setup(b)
	token, _ := f.activate(b, "Bench-Login-Pass")
	body := map[string]any{"SubscriberToken": token, "Password": "Bench-Login-Pass"}
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		env.Post("/subscriberconsole/login", "", body).Must(b, http.StatusOK)
		d = append(d, time.Since(start))
	}
	p50(b, d)
}

// BenchmarkListKeys: a subscriber with 10 keys and 50 devices (20 online).
func BenchmarkListKeys(b *testing.B) {
	f := newFixture(b)
	token, access := f.activate(b, "Bench-Keys-Pass")
	for i := 1; i < 10; i++ {
		f.env.Post("/networkoperatorconsole/subscribers/addKey", f.domainX, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA,
			"SubscriberToken": token}).Must(b, http.StatusOK)
	}
	g := f.env.Service.DB.G()
	now := time.Now()
	keys, _ := g.V(schema.GraphID(schema.VertexSubscriber, token)).Out("subscriber_has_psk").Values("KeyID").ToList()
	for i := 0; i < 50; i++ {
		mac := strings.ToUpper(fmt.Sprintf("AA:BB:CC:00:00:%02x", i))
		seen := now.Add(-time.Duration(i) * 2 * time.Minute).UnixMilli()
		err := <-g.AddV("device").Property(gremlingo.T.Id, schema.GraphID(schema.VertexDevice, token+mac)).
			Property(gremlingo.Cardinality.Single, "Calling-Station-Id", mac).
			Property(gremlingo.Cardinality.Single, "KeyID", keys[i%len(keys)].GetString()).
			Property(gremlingo.Cardinality.Single, "LastSeenDateTimeUTC", seen).As("d").
			V(schema.GraphID(schema.VertexSubscriber, token)).AddE("subscriber_has_device").To("d").Iterate()
		if err != nil {
			b.Fatal(err)
		}
	}
	r := f.env.Post("/subscriberconsole/listKeys", access, nil).Must(b, http.StatusOK)
	if fmt.Sprintf("%v %v %v", r.Body["KeyCount"], r.Body["DeviceCountOnline"], r.Body["DeviceCountOffline"]) != "10 16 34" {
		b.Fatalf("listKeys counts: %v %v %v", r.Body["KeyCount"], r.Body["DeviceCountOnline"], r.Body["DeviceCountOffline"])
	}
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		f.env.Post("/subscriberconsole/listKeys", access, nil).Must(b, http.StatusOK)
		d = append(d, time.Since(start))
	}
	p50(b, d)
}

// BenchmarkAddKey gives an existing subscriber one more key per iteration over HTTP.
func BenchmarkAddKey(b *testing.B) {
	f := newFixture(b)
	token, _ := f.addSubscriber(b, nil)
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		f.env.Post("/networkoperatorconsole/subscribers/addKey", f.domainX, map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA,
			"SubscriberToken": token}).Must(b, http.StatusOK)
		d = append(d, time.Since(start))
	}
	p50(b, d)
}
