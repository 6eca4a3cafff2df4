package server

import (
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
	"github.com/gorilla/websocket"

	"github.com/wifivault/wifivault/graph/graphbinary"
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// testServer is a Server on a loopback port with in-memory graphs "g" and "g2".
type testServer struct {
	srv    *Server
	hs     *httptest.Server
	url    string
	graphs map[string]*store.Graph
}

func startServer(t testing.TB, configure func(*Config)) *testServer {
	t.Helper()
	ts := &testServer{graphs: map[string]*store.Graph{}}
	for _, name := range []string{"g", "g2"} {
		g, err := store.Open(store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ts.graphs[name] = g
	}
	cfg := Config{
		Graph: func(name string) (*store.Graph, error) {
			if g, ok := ts.graphs[name]; ok {
				return g, nil
			}
			return nil, fmt.Errorf("no graph named %q", name)
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.srv = srv
	ts.hs = httptest.NewServer(srv)
	ts.url = "ws" + strings.TrimPrefix(ts.hs.URL, "http") + "/gremlin"
	t.Cleanup(func() {
		ts.hs.Close()
		srv.Close()
		for _, g := range ts.graphs {
			g.Close()
		}
	})
	return ts
}

// connect opens a gremlin-go remote connection bound to traversal source alias.
func connect(t testing.TB, url, alias string, configure ...func(*gremlingo.DriverRemoteConnectionSettings)) (*gremlingo.GraphTraversalSource, *gremlingo.DriverRemoteConnection) {
	t.Helper()
	drc, err := gremlingo.NewDriverRemoteConnection(url, func(s *gremlingo.DriverRemoteConnectionSettings) {
		s.TraversalSource = alias
		s.LogVerbosity = gremlingo.Off
		for _, c := range configure {
			c(s)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drc.Close)
	return gremlingo.Traversal_().WithRemote(drc), drc
}

// toList runs a traversal and returns the raw results.
func toList(t testing.TB, tr *gremlingo.GraphTraversal) []any {
	t.Helper()
	rs, err := tr.ToList()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r.GetInterface()
	}
	return out
}

// rawClient is a bare WebSocket client speaking GraphBinary, to see the frames themselves.
type rawClient struct {
	t  testing.TB
	ws *websocket.Conn
}

func dialRaw(t testing.TB, url string) *rawClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return &rawClient{t: t, ws: ws}
}

var requestCounter atomic.Uint32

func newRequestID() value.UUID {
	var id value.UUID
	binary.BigEndian.PutUint32(id[12:], requestCounter.Add(1))
	id[6] = 0x40
	return id
}

// send writes a request frame and returns its id.
func (c *rawClient) send(op, processor string, args map[string]any) value.UUID {
	c.t.Helper()
	req := &graphbinary.Request{ID: newRequestID(), Op: op, Processor: processor, Args: args}
	frame, err := graphbinary.AppendRequest(nil, req)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.ws.WriteMessage(websocket.BinaryMessage, frame); err != nil {
		c.t.Fatal(err)
	}
	return req.ID
}

// read returns the next response frame.
func (c *rawClient) read() *graphbinary.Response {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	mt, frame, err := c.ws.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	if mt != websocket.BinaryMessage {
		c.t.Fatalf("frame type %d, want binary", mt)
	}
	resp, err := graphbinary.ParseResponse(frame)
	if err != nil {
		c.t.Fatalf("parse response: %v", err)
	}
	return resp
}

// roundTrip sends a request and reads its responses up to the final one.
func (c *rawClient) roundTrip(op, processor string, args map[string]any) []*graphbinary.Response {
	c.t.Helper()
	id := c.send(op, processor, args)
	var out []*graphbinary.Response
	for {
		r := c.read()
		if r.RequestID != id {
			c.t.Fatalf("response for %x, want %x", r.RequestID, id)
		}
		out = append(out, r)
		if r.Status != StatusPartialContent {
			return out
		}
	}
}

// bytecode builds a traversal's bytecode from (op, args...) steps.
func bytecode(steps ...[]any) *value.Bytecode {
	bc := &value.Bytecode{Sources: []value.Instruction{}, Steps: []value.Instruction{}}
	for _, s := range steps {
		bc.Steps = append(bc.Steps, value.Instruction{Op: s[0].(string), Args: append([]any{}, s[1:]...)})
	}
	return bc
}

func step(op string, args ...any) []any { return append([]any{op}, args...) }

func aliases(name string) *value.Map {
	m := value.NewMap(1)
	m.Put("g", name)
	return m
}
