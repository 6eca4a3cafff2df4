package graph

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func remote(t *testing.T, url, alias string) *gremlingo.GraphTraversalSource {
	t.Helper()
	drc, err := gremlingo.NewDriverRemoteConnection(url, func(s *gremlingo.DriverRemoteConnectionSettings) {
		s.TraversalSource = alias
		s.LogVerbosity = gremlingo.Off
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drc.Close)
	return gremlingo.Traversal_().WithRemote(drc)
}

func count(t *testing.T, g *gremlingo.GraphTraversalSource) int64 {
	t.Helper()
	rs, err := g.V().Count().ToList()
	if err != nil {
		t.Fatal(err)
	}
	return rs[0].GetInterface().(int64)
}

// TestEngineDurableNamedGraphs writes to two graphs, restarts the engine on the same
// directory and finds both again.
func TestEngineDurableNamedGraphs(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(Options{Dir: dir, AutoCreate: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	url, err := e.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "ws://127.0.0.1:") || !strings.HasSuffix(url, "/gremlin") {
		t.Fatalf("url %q", url)
	}
	if _, err := remote(t, url, "g").AddV("a").ToList(); err != nil {
		t.Fatal(err)
	}
	if _, err := remote(t, url, "site_2").Inject(int32(1), int32(2)).Unfold().AddV("b").ToList(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e, err = Open(Options{Dir: dir, Logger: quietLogger()}) // no AutoCreate: site_2 exists on disk
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	url, err = e.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		alias string
		want  int64
	}{{"g", 1}, {"site_2", 2}}
	for _, tc := range tests {
		t.Run(tc.alias, func(t *testing.T) {
			if n := count(t, remote(t, url, tc.alias)); n != tc.want {
				t.Fatalf("%d vertices, want %d", n, tc.want)
			}
		})
	}
}

func TestEngineGraphNames(t *testing.T) {
	tests := []struct {
		name       string
		autoCreate bool
		wantErr    string
	}{
		{"g", false, ""},
		{"venue_7", true, ""},
		{"venue_7", false, "no graph named"},
		{"../etc", true, "invalid graph name"},
		{"", true, "invalid graph name"},
		{"a-b", true, "invalid graph name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Open(Options{AutoCreate: tc.autoCreate, Logger: quietLogger()})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			_, err = e.Graph(tc.name)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Graph(%q) err = %v, want %q", tc.name, err, tc.wantErr)
			}
		})
	}
}

func TestEngineAuthentication(t *testing.T) {
	e, err := Open(Options{Username: "admin", Password: "s3cret", Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	url, err := e.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, user, pass string
		ok               bool
	}{{"right", "admin", "s3cret", true}, {"wrong", "admin", "nope", false}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			drc, err := gremlingo.NewDriverRemoteConnection(url, func(s *gremlingo.DriverRemoteConnectionSettings) {
				s.AuthInfo = gremlingo.BasicAuthInfo(tc.user, tc.pass)
				s.LogVerbosity = gremlingo.Off
			})
			if err != nil {
				t.Fatal(err)
			}
			defer drc.Close()
			rs, err := gremlingo.Traversal_().WithRemote(drc).Inject(int32(1)).ToList()
			if ok := err == nil && len(rs) == 1; ok != tc.ok {
				t.Fatalf("got %v, %v; want success %v", rs, err, tc.ok)
			}
		})
	}
}

func TestEngineClosedRefusesWork(t *testing.T) {
	e, err := Open(Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Start("127.0.0.1:0"); err != ErrClosed {
		t.Fatalf("Start after Close: %v, want ErrClosed", err)
	}
	if _, err := e.Graph("g"); err != ErrClosed {
		t.Fatalf("Graph after Close: %v, want ErrClosed", err)
	}
}
