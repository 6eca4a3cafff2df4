package network_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// benchClient posts authenticated JSON and measures each request.
type benchClient struct {
	url, token string
	client     *http.Client
}

func (c *benchClient) post(path string, body map[string]any) (time.Duration, int, error) {
	body["AccessToken"] = c.token
	js, _ := json.Marshal(body)
	start := time.Now()
	resp, err := c.client.Post(c.url+path, "application/json", bytes.NewReader(js))
	if err != nil {
		return 0, 0, err
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	return time.Since(start), resp.StatusCode, nil
}

// reportLatencies reports p50 and p99 in milliseconds.
func reportLatencies(b *testing.B, lat []time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(len(lat)), "requests")
}

func newBenchFixture(b *testing.B) (*venueFixture, *benchClient) {
	f := &venueFixture{env: servicetest.Start(b)}
	f.nsp = f.env.NSP()
	c := &benchClient{url: f.env.URL, token: f.nsp, client: &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	return f, c
}

// benchOperator adds a new operator and returns its id.
func benchOperator(b *testing.B, f *venueFixture) string {
	op := servicetest.Unique("OP")
	f.env.Post("/networkoperatorconsole/operators/addNetworkOperator", f.nsp, map[string]any{"OperatorID": op, "OperatorName": "Bench",
		"EmailAddress": "bench@" + op + ".test", "Password": "bench-password"}).Must(b, http.StatusOK)
	return op
}

func benchVenue(b *testing.B, f *venueFixture, op, name string) string {
	r := f.env.Post("/networkoperatorconsole/venues/addVenue", f.nsp, map[string]any{"OperatorID": op, "VenueName": name,
		"AddressLine1": servicetest.Unique("1 Bench St "), "City": "Chicago", "State": "IL", "Country": "USA", "PostalCode": "60601"})
	if r.Status != http.StatusOK {
		b.Fatalf("addVenue: %s", r.Raw)
	}
	return r.Body["VenueID"].(string)
}

// BenchmarkAddVenueUnitsPaced: addVenueUnits over HTTP, authenticated, arriving at
// 200 requests/s for 3 s (open loop: each request starts on its tick whatever the
// others do), spread over 4 venues so every venue stays under the 200-unit
// auto-VLAN limit; VLANs auto-assigned. Reports p50/p99 latency.
func BenchmarkAddVenueUnitsPaced(b *testing.B) {
	f, c := newBenchFixture(b)
	op := benchOperator(b, f)
	f.opX = op
	venues := make([]string, 4)
	for i := range venues {
		venues[i] = benchVenue(b, f, op, fmt.Sprintf("Bench %d", i))
	}
	const rate, seconds = 200, 3
	total := rate * seconds
	lat := make([]time.Duration, total)
	var failed int
	var mu sync.Mutex
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / rate)
	defer tick.Stop()
	b.ResetTimer()
	for i := 0; i < total; i++ {
		<-tick.C
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d, status, err := c.post("/networkoperatorconsole/venues/addVenueUnits", map[string]any{"VenueID": venues[i%len(venues)],
				"UnitID": fmt.Sprintf("U%d", i), "UnitBuilding": fmt.Sprintf("B%d", i%3), "UnitFloor": fmt.Sprint(i % 7)})
			lat[i] = d
			if err != nil || status != http.StatusOK {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	b.StopTimer()
	if failed > 0 {
		b.Fatalf("%d of %d requests failed", failed, total)
	}
	reportLatencies(b, lat)
}

// fillVenue adds n units (manual VLANs past the auto limit) with 8 workers.
func fillVenue(b *testing.B, c *benchClient, venue string, n int) {
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				_, status, err := c.post("/networkoperatorconsole/venues/addVenueUnits", map[string]any{"VenueID": venue,
					"UnitID": fmt.Sprintf("U%d", i), "UnitBuilding": fmt.Sprintf("B%d", i%5), "UnitFloor": fmt.Sprint(i % 10), "vlan": 1000 + i})
				if err != nil || status != http.StatusOK {
					panic(fmt.Sprintf("fill: %v %d", err, status))
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// BenchmarkListVenueUnits1000: listVenueUnits of a 1,000-unit venue over HTTP.
func BenchmarkListVenueUnits1000(b *testing.B) {
	f, c := newBenchFixture(b)
	op := benchOperator(b, f)
	venue := benchVenue(b, f, op, "Big")
	fillVenue(b, c, venue, 1000)
	benchRead(b, c, "/networkoperatorconsole/venues/listVenueUnits", venue)
}

// BenchmarkListVenueDetails: listVenueDetails of a venue with 100 units over HTTP.
func BenchmarkListVenueDetails(b *testing.B) {
	f, c := newBenchFixture(b)
	op := benchOperator(b, f)
	venue := benchVenue(b, f, op, "Detail")
	fillVenue(b, c, venue, 100)
	benchRead(b, c, "/networkoperatorconsole/venues/listVenueDetails", venue)
}

func benchRead(b *testing.B, c *benchClient, path, venue string) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, status, err := c.post(path, map[string]any{"VenueID": venue})
		if err != nil || status != http.StatusOK {
			b.Fatalf("%s: %v %d", path, err, status)
		}
		lat = append(lat, d)
	}
	b.StopTimer()
	reportLatencies(b, lat)
}

// BenchmarkListVenueUnits1000Cold: listVenueUnits of a 1,000-unit venue when the unit list
// cache cannot answer (a unit changed just before each read; only the read is timed).
func BenchmarkListVenueUnits1000Cold(b *testing.B) {
	f, c := newBenchFixture(b)
	op := benchOperator(b, f)
	venue := benchVenue(b, f, op, "Cold")
	fillVenue(b, c, venue, 1000)
	unit, err := schema.UnitIDInternal(venue, "U0", "B0", "0")
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, status, err := c.post("/networkoperatorconsole/venues/configureVenueUnit", map[string]any{
			"VenueID": venue, "UnitID_internal": unit, "RealPageUnitID": i + 1}); err != nil || status != http.StatusOK {
			b.Fatalf("configureVenueUnit: %v %d", err, status)
		}
		b.StartTimer()
		d, status, err := c.post("/networkoperatorconsole/venues/listVenueUnits", map[string]any{"VenueID": venue})
		if err != nil || status != http.StatusOK {
			b.Fatalf("listVenueUnits: %v %d", err, status)
		}
		lat = append(lat, d)
	}
	b.StopTimer()
	reportLatencies(b, lat)
}
