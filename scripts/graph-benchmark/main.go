// Command graph-benchmark runs one traversal mix through gremlin-go v3.7.3 against several
// Gremlin servers in one run and prints, as a Markdown table, the throughput and latency
// percentiles of every row on every backend and their ratios to a reference backend
// (TinkerGraph Gremlin Server by default).
//
// The mix (workload.go): a point read g.V(id).valueMap(), a 2-hop traversal from a venue to
// its units' PSKs with elementMap(), addV with 10 properties and a mergeV upsert, each driven
// by -concurrency callers for -duration after a -warmup.
//
//	go run ./scripts/graph-benchmark \
//	    -backend embedded=ws://127.0.0.1:8182/gremlin \
//	    -backend tinkergraph=ws://127.0.0.1:8183/gremlin \
//	    -backend janusgraph=ws://127.0.0.1:8184/gremlin
//
// Every backend's graph is emptied and loaded with the fixture first: never point it at a
// graph holding data you want to keep. scripts/graph-benchmark/run.sh starts the three
// servers, runs this program and stops them.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// backend is a Gremlin server under test.
type backend struct {
	name   string
	url    string
	source string
}

// backendList is a repeatable -backend name=url[#source] flag.
type backendList []backend

func (l *backendList) String() string {
	parts := make([]string, len(*l))
	for i, b := range *l {
		parts[i] = b.name + "=" + b.url
	}
	return strings.Join(parts, ",")
}

func (l *backendList) Set(v string) error {
	name, rest, ok := strings.Cut(v, "=")
	if !ok || name == "" || rest == "" {
		return fmt.Errorf("want name=ws://host:port/gremlin[#source], got %q", v)
	}
	url, source, _ := strings.Cut(rest, "#")
	if source == "" {
		source = "g"
	}
	*l = append(*l, backend{name: name, url: url, source: source})
	return nil
}

func main() {
	var backends backendList
	flag.Var(&backends, "backend", "name=ws://host:port/gremlin[#traversal source] of a server to measure (repeatable, in table order)")
	reference := flag.String("reference", "tinkergraph", "backend name the ratios are relative to")
	duration := flag.Duration("duration", 5*time.Second, "measured time per row and backend")
	warmup := flag.Duration("warmup", time.Second, "unmeasured time per row and backend before measuring")
	concurrency := flag.Int("concurrency", 16, "concurrent callers per row")
	connections := flag.Int("connections", 8, "gremlin-go pool size (MaximumConcurrentConnections) per backend")
	vertices := flag.Int("vertices", 1000, "subscriber vertices the point read and the upsert choose from")
	flag.Parse()
	if len(backends) == 0 {
		fmt.Fprintln(os.Stderr, "graph-benchmark: give at least one -backend name=url")
		flag.Usage()
		os.Exit(2)
	}
	cfg := config{
		duration:    *duration,
		warmup:      *warmup,
		concurrency: *concurrency,
		connections: *connections,
		vertices:    *vertices,
	}
	var results []result
	for _, b := range backends {
		fmt.Fprintf(os.Stderr, "graph-benchmark: %s (%s, source %s)\n", b.name, b.url, b.source)
		rs, err := measureBackend(b, cfg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "graph-benchmark: %s: %v\n", b.name, err)
			os.Exit(1)
		}
		results = append(results, rs...)
	}
	fmt.Printf("%d concurrent callers, %s per row after a %s warm-up, gremlin-go v3.7.3 pool of %d connections\n\n",
		cfg.concurrency, cfg.duration, cfg.warmup, cfg.connections)
	fmt.Print(markdownTable(results, *reference))
}
