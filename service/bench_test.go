package service_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wifivault/wifivault/service/servicetest"
)

// BenchmarkAuthenticatedRead measures a read command over HTTP through echo, token
// verification, the command registry and the graph (listOperatorDetails), with 16
// concurrent clients. It reports requests/s and the latency percentiles.
//
//	go test ./service -run '^$' -bench AuthenticatedRead -benchtime 20000x
func BenchmarkAuthenticatedRead(b *testing.B) {
	env := servicetest.Start(b)
	nsp := env.NSP()
	op := servicetest.Unique("OP")
	env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Bench", "EmailAddress": "bench@" + op + ".test", "Password": "bench-password",
	}).Must(b, http.StatusOK)
	tok, _ := env.Login("bench@"+op+".test", "bench-password")
	body := []byte(fmt.Sprintf(`{"AccessToken":%q}`, tok))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	url := env.URL + "/networkoperatorconsole/equipment/listOperatorDetails"
	const workers = 16
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				resp, err := client.Post(url, "application/json", bytes.NewReader(body))
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d requests failed", n)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
