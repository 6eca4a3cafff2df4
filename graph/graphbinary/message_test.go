package graphbinary

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/graph/value"
)

// readHexFile reads a testdata file of hex bytes; '#' starts a comment line.
func readHexFile(t testing.TB, name string) []byte {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		sb.WriteString(strings.Join(strings.Fields(line), ""))
	}
	b, err := hex.DecodeString(sb.String())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var capturedID = value.UUID{0x41, 0xd2, 0xe2, 0x8a, 0x20, 0xa4, 0x4a, 0xb0, 0xb1, 0xac, 0x19, 0x98, 0x2a, 0x0e, 0x8c, 0x11}

func capturedRequest() *Request {
	return &Request{
		ID: capturedID, Op: "bytecode", Processor: "traversal",
		Args: map[string]any{
			"gremlin": &value.Bytecode{
				Steps:   []value.Instruction{{Op: "V", Args: []any{"v1"}}, {Op: "count", Args: []any{}}},
				Sources: []value.Instruction{},
			},
			"aliases": mapOf("g", "gmodern"),
		},
	}
}

func TestParseCapturedRequest(t *testing.T) {
	frame := readHexFile(t, "request_count_with_alias.hex")
	got, err := ParseRequest(frame)
	if err != nil {
		t.Fatal(err)
	}
	if want := capturedRequest(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
}

func TestRequestRoundTrip(t *testing.T) {
	req := capturedRequest()
	req.Args["batchSize"] = int64(64)
	req.Args["session"] = "3f3a0f9e-2d1c-4c6e-a0f1-0123456789ab"
	frame, err := AppendRequest(nil, req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRequest(frame)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, req) {
		t.Fatalf("got %#v\nwant %#v", got, req)
	}
}

func TestParseRequestRejects(t *testing.T) {
	good := readHexFile(t, "request_count_with_alias.hex")
	json := append([]byte{byte(len("application/json"))}, "application/json"...)
	jsonWithID := append(append(append([]byte{}, json...), Version), capturedID[:]...)
	tests := []struct {
		name   string
		frame  []byte
		hasID  bool
		isMime bool
		want   string
	}{
		{"empty", nil, false, false, "empty frame"},
		{"garbage", []byte("\x05hello world"), false, false, "not a Gremlin request"},
		{"foreign mime", append(json, '{', '}'), false, true, "application/json"},
		{"foreign mime with id", jsonWithID, true, true, "graphbinary-v1.0 only"},
		{"no version", good[:33], false, false, "version"},
		{"short id", good[:40], false, false, "truncated"},
		{"truncated op", good[:53], true, false, "op"},
		{"truncated args", good[:len(good)-3], true, false, "truncated"},
		{"trailing", append(append([]byte{}, good...), 0), true, false, "trailing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRequest(tc.frame)
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *RequestError", err)
			}
			if re.HasID != tc.hasID || (tc.hasID && re.ID != capturedID) {
				t.Fatalf("HasID = %v, ID = %x; want %v", re.HasID, re.ID, tc.hasID)
			}
			if errors.Is(err, ErrUnsupportedMime) != tc.isMime {
				t.Fatalf("errors.Is(ErrUnsupportedMime) = %v, want %v", !tc.isMime, tc.isMime)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestResponse(t *testing.T) {
	id := capturedID
	tests := []struct {
		name string
		resp Response
		hex  string // golden encoding; "" to check the round trip only
	}{
		{"204 no content", Response{RequestID: id, Status: 204, Attributes: []Attribute{{"host", "/127.0.0.1:5"}}, Meta: []Attribute{}},
			"81 00 41d2e28a20a44ab0b1ac19982a0e8c11 000000cc 01 00000001 0300 00000004 686f7374 0300 0000000c 2f3132372e302e302e313a35 00000000 fe01"},
		{"597 with message", Response{RequestID: id, Status: 597, Message: "boom", Attributes: []Attribute{}, Meta: []Attribute{}},
			"81 00 41d2e28a20a44ab0b1ac19982a0e8c11 00000255 00 00000004 626f6f6d 00000000 00000000 fe01"},
		{"206 traversers", Response{RequestID: id, Status: 206, Attributes: []Attribute{}, Meta: []Attribute{},
			Data: []any{value.Traverser{Bulk: 1, Value: "a"}, value.Traverser{Bulk: 2, Value: int64(3)}}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			frame, err := AppendResponse(nil, &tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			if tc.hex != "" {
				if want := mustHex(t, tc.hex); !bytes.Equal(frame, want) {
					t.Fatalf("encoding\n got %x\nwant %x", frame, want)
				}
			}
			got, err := ParseResponse(frame)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.resp) {
				t.Fatalf("got %#v\nwant %#v", *got, tc.resp)
			}
		})
	}
}

func TestAppendTraversersMatchesList(t *testing.T) {
	ts := []value.Traverser{{Bulk: 1, Value: value.Vertex{ID: "v1", Label: "person"}}, {Bulk: 4, Value: mapOf("name", []any{"marko"})}}
	got, err := AppendTraversers(nil, ts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := AppendValue(nil, []any{ts[0], ts[1]})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %x\nwant %x", got, want)
	}
}
