package store

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const crashDirEnv = "STORE_CRASH_CHILD_DIR"

// TestCrashChild is the child of TestCrashRecovery: it commits under concurrent load until
// killed, printing the id of every acknowledged commit after Commit returns.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("child process of TestCrashRecovery")
	}
	g, err := Open(Options{Dir: dir, Indexes: []Index{{Label: "order", Key: "ref", Unique: true}}})
	if err != nil {
		fmt.Println("open error:", err)
		os.Exit(2)
	}
	var out sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				ref := fmt.Sprintf("%d-%d-%d", os.Getpid(), w, i)
				tx := g.Write()
				o, err := tx.AddVertex("o"+ref, "order", []Property{{"ref", ref}, {"n", int64(i)}})
				if err == nil {
					_, err = tx.AddVertex("c"+ref, "customer", []Property{{"name", "c" + ref}})
				}
				if err == nil {
					_, err = tx.AddEdge("e"+ref, "placed_by", o.ID, "c"+ref, []Property{{"w", int32(w)}})
				}
				if err == nil {
					err = tx.SetVertexProperty(o.ID, "status", Single, "done")
				}
				if err != nil {
					tx.Rollback()
					fmt.Println("write error:", err)
					os.Exit(2)
				}
				if err := tx.Commit(); err != nil {
					fmt.Println("commit error:", err)
					os.Exit(2)
				}
				out.Lock()
				fmt.Println("ack", ref)
				out.Unlock()
			}
		}(w)
	}
	wg.Wait()
}

// TestCrashRecovery SIGKILLs a committing child at random moments and checks that every
// acknowledged transaction survived, complete, and that no partial transaction did.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs child processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[string]bool{}
	const rounds = 20
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Kill after the child has acknowledged some commits, at a random moment.
		deadline := time.After(time.Duration(50+rng.Intn(250)) * time.Millisecond)
		n := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("round %d: child exited early", round)
				}
				if ref, ok := strings.CutPrefix(l, "ack "); ok {
					acked[ref] = true
					n++
				} else {
					t.Fatalf("round %d: child said %q", round, l)
				}
			case <-deadline:
				if n > 0 {
					break read
				}
				deadline = time.After(10 * time.Millisecond)
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines { // acks printed before the kill count too
			if ref, ok := strings.CutPrefix(l, "ack "); ok {
				acked[ref] = true
			}
		}
		cmd.Wait()
		checkCrashState(t, dir, acked)
	}
	t.Logf("%d rounds, %d acknowledged commits verified", rounds, len(acked))
}

func checkCrashState(t *testing.T, dir string, acked map[string]bool) {
	t.Helper()
	g, err := Open(Options{Dir: dir, Indexes: []Index{{Label: "order", Key: "ref", Unique: true}}})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	r := g.Read()
	for ref := range acked {
		if _, ok := r.Vertex("o" + ref); !ok {
			t.Fatalf("acknowledged commit %s lost", ref)
		}
	}
	orders := 0
	r.VerticesByLabel("order", func(o *Vertex) bool {
		orders++
		ref := o.Values("ref")
		if len(ref) != 1 || o.ID != "o"+ref[0].(string) {
			t.Fatalf("order %v: ref %v", o.ID, ref)
		}
		if st := o.Values("status"); len(st) != 1 || st[0] != "done" {
			t.Fatalf("partial transaction: order %v without status", o.ID)
		}
		var edges []*Edge
		r.OutEdges(o.ID, []string{"placed_by"}, func(e *Edge) bool { edges = append(edges, e); return true })
		if len(edges) != 1 || edges[0].In != "c"+ref[0].(string) {
			t.Fatalf("partial transaction: order %v edges %v", o.ID, edges)
		}
		if _, ok := r.Vertex(edges[0].In); !ok {
			t.Fatalf("partial transaction: customer of %v missing", o.ID)
		}
		found := false
		r.LookupVertices([]string{"order"}, "ref", ref[0], func(v *Vertex) bool { found = v.ID == o.ID; return true })
		if !found {
			t.Fatalf("order %v missing from its index", o.ID)
		}
		return true
	})
	if customers := r.CountVertices() - int64(orders); customers != int64(orders) || r.CountEdges() != int64(orders) {
		t.Fatalf("%d orders, %d customers, %d edges: partial transactions", orders, customers, r.CountEdges())
	}
}
