package graphbinary

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the fuzz seed corpus under testdata/fuzz")

// FuzzDecodeValue feeds arbitrary bytes to the decoder: it must never panic, and whatever it
// accepts must re-encode to a canonical form that decodes to the same encoding again.
func FuzzDecodeValue(f *testing.F) {
	for _, tc := range roundTripCases() {
		b, err := AppendValue(nil, tc.in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeValue(data)
		if err != nil {
			return
		}
		enc, err := AppendValue(nil, v)
		if err != nil {
			t.Fatalf("decoded %#v does not encode: %v", v, err)
		}
		v2, err := DecodeValue(enc)
		if err != nil {
			t.Fatalf("re-encoding %x does not decode: %v", enc, err)
		}
		enc2, err := AppendValue(nil, v2)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable:\n%x\n%x (%v)", enc, enc2, err)
		}
	})
}

// FuzzParseRequest feeds arbitrary frames to the request parser: it must never panic, and an
// accepted request must survive AppendRequest and ParseRequest unchanged in its encoding.
func FuzzParseRequest(f *testing.F) {
	f.Add(readHexFile(f, "request_count_with_alias.hex"))
	f.Fuzz(func(t *testing.T, frame []byte) {
		req, err := ParseRequest(frame)
		if err != nil {
			return
		}
		enc, err := AppendRequest(nil, req)
		if err != nil {
			t.Fatalf("parsed request does not encode: %v", err)
		}
		req2, err := ParseRequest(enc)
		if err != nil {
			t.Fatalf("re-encoded request does not parse: %v", err)
		}
		enc2, err := AppendRequest(nil, req2)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("request encoding not stable (%v)", err)
		}
	})
}

// TestWriteSeedCorpus rewrites testdata/fuzz from the round-trip table when run with
// -update-corpus; otherwise it checks that the committed corpus is there.
func TestWriteSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeValue")
	if !*updateCorpus {
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) == 0 {
			t.Fatalf("seed corpus missing in %s (run go test -run TestWriteSeedCorpus -update-corpus): %v", dir, err)
		}
		return
	}
	write := func(dir, name string, data []byte) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, tc := range roundTripCases() {
		b, err := AppendValue(nil, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		write(dir, fmt.Sprintf("seed-%02d", i), b)
	}
	req, err := AppendRequest(nil, capturedRequest())
	if err != nil {
		t.Fatal(err)
	}
	write(filepath.Join("testdata", "fuzz", "FuzzParseRequest"), "seed-captured", readHexFile(t, "request_count_with_alias.hex"))
	write(filepath.Join("testdata", "fuzz", "FuzzParseRequest"), "seed-sorted-args", req)
}
