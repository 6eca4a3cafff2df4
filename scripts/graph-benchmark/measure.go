package main

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// result is one row measured on one backend.
type result struct {
	backend  string
	row      string
	ops      int           // successful requests in the measured window
	errors   int           // failed requests in the measured window
	elapsed  time.Duration // measured window
	p50, p99 time.Duration // latency percentiles of the successful requests
	firstErr string
}

// throughput is successful requests per second.
func (r result) throughput() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.ops) / r.elapsed.Seconds()
}

// measureBackend connects to b, loads the fixture and measures every row of the mix.
func measureBackend(b backend, cfg config) ([]result, error) {
	conn, err := gremlingo.NewDriverRemoteConnection(b.url, func(s *gremlingo.DriverRemoteConnectionSettings) {
		s.TraversalSource = b.source
		s.LogVerbosity = gremlingo.Off
		s.MaximumConcurrentConnections = cfg.connections
		s.NewConnectionThreshold = 4
	})
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	g := gremlingo.Traversal_().WithRemote(conn)
	if err := loadFixture(g, cfg); err != nil {
		return nil, err
	}
	var out []result
	for _, w := range mix(cfg) {
		run(g, w, cfg.concurrency, cfg.warmup)
		r := run(g, w, cfg.concurrency, cfg.duration)
		r.backend, r.row = b.name, w.name
		fmt.Fprintf(logOut, "  %-40s %9.0f/s  p99 %s  errors %d %s\n", w.name, r.throughput(), r.p99, r.errors, r.firstErr)
		out = append(out, r)
	}
	return out, nil
}

// run drives w with concurrency callers for d and returns the counts and percentiles.
func run(g *gremlingo.GraphTraversalSource, w workload, concurrency int, d time.Duration) result {
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		mu       sync.Mutex
		all      []time.Duration
		errors   int
		firstErr string
	)
	start := time.Now()
	for c := 0; c < concurrency; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			errs, first := 0, ""
			for !stop.Load() {
				t0 := time.Now()
				if err := w.op(g); err != nil {
					if errs == 0 {
						first = err.Error()
					}
					errs++
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			errors += errs
			if firstErr == "" {
				firstErr = first
			}
			mu.Unlock()
		}()
	}
	time.Sleep(d)
	stop.Store(true)
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	return result{
		ops: len(all), errors: errors, elapsed: elapsed,
		p50: percentile(all, 0.50), p99: percentile(all, 0.99),
		firstErr: shorten(firstErr, 160),
	}
}

// percentile returns the q-quantile (0 < q <= 1) of sorted by the nearest-rank method, or 0
// when sorted is empty.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(q*float64(len(sorted))+0.999999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
