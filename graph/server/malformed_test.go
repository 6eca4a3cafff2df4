package server

import (
	"errors"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/wifivault/wifivault/graph/graphbinary"
)

// TestMalformedFrameClosesOnlyItsConnection sends broken frames on raw connections while a
// gremlin-go client on another connection keeps working.
func TestMalformedFrameClosesOnlyItsConnection(t *testing.T) {
	validHead := func() []byte {
		b := []byte{byte(len(graphbinary.MimeType))}
		b = append(b, graphbinary.MimeType...)
		b = append(b, graphbinary.Version)
		return append(b, 0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
	}
	jsonMime := "application/vnd.gremlin-v3.0+json"
	tests := []struct {
		name      string
		msgType   int
		frame     []byte
		status    int32 // 0: no response expected (the id could not be read)
		closeCode int
	}{
		{"garbage", websocket.BinaryMessage, []byte("\x05hello world, not gremlin"), 0, websocket.CloseProtocolError},
		{"text frame", websocket.TextMessage, []byte(`{"op":"eval"}`), 0, websocket.CloseProtocolError},
		{"truncated after id", websocket.BinaryMessage, append(validHead(), 0, 0, 0, 8, 'b', 'y'), StatusMalformedRequest, websocket.CloseProtocolError},
		{"hostile args length", websocket.BinaryMessage, append(validHead(), 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff), StatusMalformedRequest, websocket.CloseProtocolError},
		{"foreign mime", websocket.BinaryMessage, append([]byte{byte(len(jsonMime))}, jsonMime+`{"requestId":"x"}`...), 0, websocket.CloseUnsupportedData},
		{"foreign mime with id", websocket.BinaryMessage, append(append([]byte{byte(len(jsonMime))}, jsonMime...), validHead()[1+len(graphbinary.MimeType):]...),
			StatusInvalidRequestArgs, websocket.CloseUnsupportedData},
	}
	ts := startServer(t, nil)
	g, _ := connect(t, ts.url, "g")
	if got := toList(t, g.Inject(int32(1))); len(got) != 1 {
		t.Fatalf("before: %v", got)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := dialRaw(t, ts.url)
			if err := c.ws.WriteMessage(tc.msgType, tc.frame); err != nil {
				t.Fatal(err)
			}
			if tc.status != 0 {
				r := c.read()
				if r.Status != tc.status || r.RequestID[0] != 0x40 {
					t.Fatalf("response status %d id %x, want %d on the frame's id", r.Status, r.RequestID, tc.status)
				}
				if tc.status == StatusInvalidRequestArgs && !strings.Contains(r.Message, graphbinary.MimeType) {
					t.Fatalf("message %q does not name the supported mime type", r.Message)
				}
			}
			_, _, err := c.ws.ReadMessage()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tc.closeCode {
				t.Fatalf("read after malformed frame: %v, want close %d", err, tc.closeCode)
			}
			// The other connection is unaffected.
			if got := toList(t, g.Inject(int32(2))); len(got) != 1 || got[0] != int32(2) {
				t.Fatalf("other connection got %v", got)
			}
		})
	}
	if s := ts.srv.Stats(); s.MalformedFrames != int64(len(tests)) {
		t.Fatalf("MalformedFrames = %d, want %d", s.MalformedFrames, len(tests))
	}
}
