package schema

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

const janusGolden = "testdata/janusgraph_schema.groovy"

func TestJanusGraphSchemaScriptGolden(t *testing.T) {
	got := JanusGraphSchemaScript()
	if *update {
		if err := os.WriteFile(janusGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(janusGolden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("script differs from %s; run go test ./schema -run Golden -update and review the diff", janusGolden)
	}
	if again := JanusGraphSchemaScript(); again != got {
		t.Fatal("script is not deterministic")
	}
}

func TestJanusGraphSchemaScriptDeclaresEverything(t *testing.T) {
	script := JanusGraphSchemaScript()
	for _, ix := range Indexes() {
		t.Run(ix.Name(), func(t *testing.T) {
			q := groovyQuote(ix.Name())
			if !strings.Contains(script, "if (!mgmt.containsGraphIndex("+q+"))") {
				t.Fatal("index not created idempotently")
			}
			build := "mgmt.buildIndex(" + q + ", Vertex.class).addKey(mgmt.getPropertyKey(" + groovyQuote(ix.Key) + ")).indexOnly(mgmt.getVertexLabel(" + groovyQuote(ix.Label) + "))"
			i := strings.Index(script, build)
			if i < 0 {
				t.Fatal("buildIndex line missing")
			}
			rest := script[i+len(build):]
			line, after, _ := strings.Cut(rest, "\n")
			if ix.Unique != (line == ".unique().buildCompositeIndex()") {
				t.Fatalf("unique=%v but line ends %q", ix.Unique, line)
			}
			if ix.Unique != strings.HasPrefix(after, "  mgmt.setConsistency(idx, ConsistencyModifier.LOCK)") {
				t.Fatalf("unique=%v but LOCK consistency mismatch", ix.Unique)
			}
			if !strings.Contains(script, "  "+q+",\n") && !strings.Contains(script, "  "+q+"\n]") {
				t.Fatal("index not awaited")
			}
		})
	}
	for _, d := range PropertyDefs() {
		if !strings.Contains(script, "mgmt.makePropertyKey("+groovyQuote(string(d.Key))+").dataType("+d.Type.String()+".class)") {
			t.Fatalf("key %q not declared with %v", d.Key, d.Type)
		}
	}
	for _, l := range VertexLabels() {
		if !strings.Contains(script, "if (!mgmt.containsVertexLabel('"+string(l)+"')) mgmt.makeVertexLabel('"+string(l)+"').make()") {
			t.Fatalf("label %q not declared", l)
		}
	}
	for _, e := range EdgeDefs() {
		if !strings.Contains(script, "mgmt.makeEdgeLabel('"+string(e.Label)+"').multiplicity(Multiplicity."+string(e.Multiplicity)+").make()") {
			t.Fatalf("edge %q not declared", e.Label)
		}
	}
	if strings.Count(script, "mgmt.commit()") != 1 {
		t.Fatal("want exactly one schema commit")
	}
}

func TestGroovyQuote(t *testing.T) {
	tests := map[string]string{"a": "'a'", "it's": `'it\'s'`, `a\b`: `'a\\b'`}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := groovyQuote(in); got != want {
				t.Fatalf("got %s, want %s", got, want)
			}
		})
	}
}
