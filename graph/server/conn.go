package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wifivault/wifivault/graph/graphbinary"
	"github.com/wifivault/wifivault/graph/value"
)

// errConnGone ends a request whose connection failed: there is nobody left to answer.
var errConnGone = errors.New("connection closed")

// conn is one client WebSocket: a read loop that parses frames and starts requests, the
// requests running concurrently, and a mutex that lets one frame at a time be written.
type conn struct {
	s      *Server
	ws     *websocket.Conn
	host   string // the "host" status attribute: the client's address, as the Java server sends it
	ctx    context.Context
	cancel context.CancelFunc

	wmu sync.Mutex // serializes frame writes

	running  sync.WaitGroup
	inFlight atomic.Int32

	authMu        sync.Mutex
	authenticated bool
	pending       []*graphbinary.Request // requests waiting for authentication

	smu      sync.Mutex
	sessions map[string]*session

	closeOnce sync.Once
}

func newConn(s *Server, ws *websocket.Conn) *conn {
	ctx, cancel := context.WithCancel(background)
	return &conn{
		s: s, ws: ws, host: "/" + ws.RemoteAddr().String(),
		ctx: ctx, cancel: cancel,
		authenticated: s.cfg.Authenticate == nil,
		sessions:      map[string]*session{},
	}
}

// serve reads frames until the connection fails or a frame is malformed, then ends every
// request of the connection and rolls back its sessions.
func (c *conn) serve() {
	defer c.shutdown()
	c.ws.SetReadLimit(c.s.cfg.MaxFrameBytes)
	var buf bytes.Buffer
	for {
		mt, r, err := c.ws.NextReader()
		if err != nil {
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return // includes a frame over MaxFrameBytes: gorilla has sent close 1009
		}
		if mt != websocket.BinaryMessage {
			c.malformed(errors.New("text frames are not supported: send GraphBinary requests in binary frames"))
			return
		}
		req, err := graphbinary.ParseRequest(buf.Bytes())
		if err != nil {
			c.malformed(err)
			return
		}
		if buf.Cap() > 1<<20 {
			buf = bytes.Buffer{}
		}
		c.s.stats.requests.Add(1)
		c.dispatch(req)
	}
}

// malformed answers a frame that cannot be a request (on its id when that could be read)
// and closes the connection: after garbage nothing on the stream can be trusted.
func (c *conn) malformed(err error) {
	c.s.stats.malformed.Add(1)
	c.s.log.Warn("gremlin: malformed frame, closing connection", "remote", c.host, "error", err)
	code := websocket.CloseProtocolError
	var re *graphbinary.RequestError
	if errors.As(err, &re) {
		status := int32(StatusMalformedRequest)
		if errors.Is(err, graphbinary.ErrUnsupportedMime) {
			status, code = StatusInvalidRequestArgs, websocket.CloseUnsupportedData
		}
		if re.HasID {
			_ = c.respondError(re.ID, status, re.Err.Error())
		}
	}
	c.closeWith(code, truncate(err.Error(), 120))
}

// closeWith sends a close frame and closes the socket, which ends the read loop.
func (c *conn) closeWith(code int, reason string) {
	c.closeOnce.Do(func() {
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
		c.cancel()
		_ = c.ws.Close()
	})
}

func (c *conn) shutdown() {
	c.closeWith(websocket.CloseNormalClosure, "")
	c.running.Wait()
	c.smu.Lock()
	sessions := c.sessions
	c.sessions = map[string]*session{}
	c.smu.Unlock()
	for _, s := range sessions {
		c.endSession(s, false)
	}
}

// dispatch routes a parsed request, holding it back until the connection authenticates
// when authentication is on.
func (c *conn) dispatch(req *graphbinary.Request) {
	c.authMu.Lock()
	if c.authenticated {
		c.authMu.Unlock()
		c.route(req)
		return
	}
	if req.Op == "authentication" {
		c.authenticate(req) // unlocks authMu
		return
	}
	if len(c.pending) >= c.s.cfg.MaxInFlight {
		c.authMu.Unlock()
		_ = c.respondError(req.ID, StatusServerError, "too many requests waiting for authentication")
		return
	}
	c.pending = append(c.pending, req)
	first := len(c.pending) == 1
	c.authMu.Unlock()
	if first {
		_ = c.respond(req.ID, StatusAuthenticate, "", nil)
	}
}

func (c *conn) route(req *graphbinary.Request) {
	switch req.Op {
	case "bytecode", "eval":
		c.spawn(req, c.runTraversal)
	case "close":
		c.spawn(req, c.closeSessionOp)
	case "authentication":
		if c.s.cfg.Authenticate == nil {
			_ = c.respondError(req.ID, StatusInvalidRequestArgs, "authentication is not enabled on this server")
		}
		// Already authenticated: the client has no result set for this id, so any answer
		// would make gremlin-go drop the connection; ignore it.
	default:
		_ = c.respondError(req.ID, StatusInvalidRequestArgs,
			fmt.Sprintf("op %q is not supported (supported: bytecode, eval, authentication, close)", req.Op))
	}
}

func (c *conn) spawn(req *graphbinary.Request, fn func(*graphbinary.Request)) {
	if int(c.inFlight.Add(1)) > c.s.cfg.MaxInFlight {
		c.inFlight.Add(-1)
		_ = c.respondError(req.ID, StatusServerError,
			fmt.Sprintf("server busy: more than %d requests in flight on this connection", c.s.cfg.MaxInFlight))
		return
	}
	c.running.Add(1)
	c.s.workers.run(func() {
		defer c.running.Done()
		defer c.inFlight.Add(-1)
		defer func() {
			// An engine bug must cost one request, never the process (the API embeds this
			// server): answer 500 and log the stack.
			if p := recover(); p != nil {
				c.s.log.Error("gremlin: panic while serving a request", "id", uuidString(req.ID),
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				_ = c.respondError(req.ID, StatusServerError, "internal error while evaluating the request")
			}
		}()
		fn(req)
	})
}

// writeFrame writes one binary frame; a failure closes the connection.
func (c *conn) writeFrame(b []byte) error {
	c.wmu.Lock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(c.s.cfg.WriteTimeout))
	err := c.ws.WriteMessage(websocket.BinaryMessage, b)
	c.wmu.Unlock()
	if err != nil {
		c.closeWith(websocket.CloseAbnormalClosure, "")
		return errConnGone
	}
	return nil
}

// respond writes a final response without a result (data null).
func (c *conn) respond(id value.UUID, status int32, message string, data any) error {
	buf := graphbinary.GetBuffer()
	defer graphbinary.PutBuffer(buf)
	var attrs []graphbinary.Attribute
	if status != StatusAuthenticate {
		attrs = c.hostAttr()
	}
	b, err := graphbinary.AppendResponseHeader(buf.B, id, status, message, attrs, nil)
	if err == nil {
		b, err = graphbinary.AppendValue(b, data)
	}
	if err != nil {
		return err
	}
	buf.B = b
	return c.writeFrame(b)
}

func (c *conn) respondError(id value.UUID, status int32, message string) error {
	c.s.stats.errors.Add(1)
	if status == StatusEvaluationTimeout {
		c.s.stats.timeouts.Add(1)
	}
	return c.respond(id, status, message, nil)
}

func (c *conn) hostAttr() []graphbinary.Attribute {
	return []graphbinary.Attribute{{Key: "host", Value: c.host}}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// uuidString formats a UUID in its canonical 8-4-4-4-12 form.
func uuidString(u value.UUID) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
