package store

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func tenProps(i int64) []Property {
	props := make([]Property, 10)
	for k := range props {
		props[k] = Property{Key: fmt.Sprintf("p%d", k), Value: fmt.Sprintf("value-%d-%d", i, k)}
	}
	props[9].Value = i
	return props
}

// BenchmarkAddVertex10PropsDurable commits one addV with 10 properties per operation from
// 16 goroutines, with fsync (group commit).
func BenchmarkAddVertex10PropsDurable(b *testing.B) {
	g, err := Open(Options{Dir: b.TempDir(), Indexes: []Index{{Label: "unit", Key: "p9", Unique: true}}})
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	var n atomic.Int64
	b.SetParallelism((16 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			tx := g.Write()
			if _, err := tx.AddVertex(nil, "unit", tenProps(i)); err != nil {
				tx.Rollback()
				b.Error(err)
				return
			}
			if err := tx.Commit(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commits/s")
}

// BenchmarkVertexByID looks vertices up by id in a graph of 100,000.
func BenchmarkVertexByID(b *testing.B) {
	g, _ := Open(Options{})
	const n = 100_000
	w := g.Write()
	for i := 0; i < n; i++ {
		w.AddVertex(fmt.Sprintf("v%d", i), "unit", []Property{{"k", int64(i)}})
	}
	if err := w.Commit(); err != nil {
		b.Fatal(err)
	}
	ids := make([]any, 1024)
	for i := range ids {
		ids[i] = fmt.Sprintf("v%d", rand.Intn(n))
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := g.Read().Vertex(ids[i&1023]); !ok {
				b.Error("missing")
				return
			}
			i++
		}
	})
}

const largeDirEnv = "STORE_LARGE_DIR"

// largeIndexes are the indexes of the large graph.
var largeIndexes = []Index{{Label: "unit", Key: "name", Unique: true}}

// TestLargeOpen measures Open of a graph of 1,000,000 vertices and 2,000,000 edges in a
// fresh process: set STORE_LARGE_DIR to a directory (the graph is built there once, which
// takes a few minutes, and reused by later runs).
//
//	STORE_LARGE_DIR=/tmp/large go test -run TestLargeOpen -v -timeout 30m ./graph/store
func TestLargeOpen(t *testing.T) {
	dir := os.Getenv(largeDirEnv)
	if dir == "" {
		t.Skip("set " + largeDirEnv + " to measure Open of a 1M-vertex / 2M-edge graph")
	}
	if os.Getenv("STORE_LARGE_CHILD") != "" {
		start := time.Now()
		g, err := Open(Options{Dir: dir, Indexes: largeIndexes})
		if err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		r := g.Read()
		fmt.Printf("open %.2fs vertices %d edges %d %s\n", el.Seconds(), r.CountVertices(), r.CountEdges(), vmHWM())
		g.Close()
		return
	}
	const nv, ne = 1_000_000, 2_000_000
	if _, err := os.Stat(filepath.Join(dir, "built")); err != nil {
		start := time.Now()
		g, err := Open(Options{Dir: dir, Indexes: largeIndexes})
		if err != nil {
			t.Fatal(err)
		}
		const batch = 10_000
		for i := 0; i < nv; i += batch {
			w := g.Write()
			for j := i; j < i+batch; j++ {
				if _, err := w.AddVertex(int64(j), "unit", []Property{{"name", fmt.Sprintf("unit-%07d", j)}, {"floor", int32(j % 40)}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < ne; i += batch {
			w := g.Write()
			for j := i; j < i+batch; j++ {
				out := int64(j / 2)
				in := (out*7919 + int64(j%2)*104729 + 1) % nv
				if _, err := w.AddEdge(nil, "link", out, in, []Property{{"since", int64(j)}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.Close(); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "built"), nil, 0o644)
		t.Logf("built in %s", time.Since(start))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLargeOpen$", "-test.count=1")
	cmd.Env = append(os.Environ(), "STORE_LARGE_CHILD=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "open ") {
			t.Log(sc.Text())
		}
	}
}

// vmHWM is the peak resident set size of this process.
func vmHWM() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.Join(strings.Fields(l), " ")
		}
	}
	return "VmHWM: unknown"
}
