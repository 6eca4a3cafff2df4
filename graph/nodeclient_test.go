package graph_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wifivault/wifivault/graph"
)

// TestNodeClient runs traversals against the engine with a second, independent client:
// gremlin-javascript 3.7 under Node (graph/testdata/nodeclient; scripts/test-deps.sh
// installs it with npm ci).
func TestNodeClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on PATH: install Node.js (the machine image has it)")
	}
	dir, _ := filepath.Abs("testdata/nodeclient")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "gremlin")); err != nil {
		t.Fatalf("gremlin-javascript is not installed: run scripts/test-deps.sh (npm ci in %s)", dir)
	}
	e, err := graph.Open(graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	url, err := e.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "client.js", url)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node client: %v\n%s", err, stderr)
	}
	var got struct {
		Names     []string       `json:"names"`
		Count     int            `json:"count"`
		Older     []string       `json:"older"`
		Projected map[string]any `json:"projected"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node client printed %q: %v", out, err)
	}
	if len(got.Names) != 1 || got.Names[0] != "alan" || got.Count != 2 ||
		len(got.Older) != 1 || got.Older[0] != "alan" ||
		got.Projected["n"] != "ada" || got.Projected["k"] != float64(1) {
		t.Fatalf("node client results: %+v", got)
	}
}
