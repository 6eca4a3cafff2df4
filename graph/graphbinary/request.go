package graphbinary

import (
	"errors"
	"fmt"
	"sort"

	"github.com/wifivault/wifivault/graph/value"
)

// Request is one Gremlin Server request message.
type Request struct {
	ID        value.UUID
	Op        string         // "bytecode", "eval", "authentication", "close", ...
	Processor string         // "traversal", "session" or "" (eval)
	Args      map[string]any // "gremlin", "aliases", "session", "batchSize", ...
}

// ErrUnsupportedMime is wrapped by a RequestError whose frame names another serializer.
var ErrUnsupportedMime = errors.New("unsupported mime type")

// RequestError is returned by ParseRequest for a frame that is not a valid request. When
// HasID is true the request id was read, so the sender can be answered on it.
type RequestError struct {
	ID    value.UUID
	HasID bool
	Err   error
}

func (e *RequestError) Error() string {
	return "graphbinary: malformed request: " + e.Err.Error()
}

func (e *RequestError) Unwrap() error { return e.Err }

// ParseRequest parses a request frame:
//
//	{mime length byte}{mime type}{0x81}{uuid: 16 bytes}{op String}{processor String}
//	{args: int32 n, then n × (fully qualified String key, fully qualified value)}
//
// The mime type must be MimeType. Any defect yields a *RequestError.
func ParseRequest(frame []byte) (*Request, error) {
	req := &Request{}
	fail := func(hasID bool, err error) (*Request, error) {
		return nil, &RequestError{ID: req.ID, HasID: hasID, Err: err}
	}
	if len(frame) == 0 {
		return fail(false, errors.New("empty frame"))
	}
	mimeLen := int(frame[0])
	if len(frame) < 1+mimeLen {
		return fail(false, fmt.Errorf("%w: frame shorter than its mime type", ErrTruncated))
	}
	mime := frame[1 : 1+mimeLen] // compared as a string without copying it
	rest := frame[1+mimeLen:]
	// Read the id even for a foreign mime type when the frame happens to carry one, so the
	// error can be answered on it.
	hasID := len(rest) >= 17 && rest[0] == Version
	if hasID {
		copy(req.ID[:], rest[1:17])
	}
	if string(mime) != MimeType {
		if !looksLikeMime(string(mime)) {
			return fail(false, errors.New("frame does not start with a mime type: not a Gremlin request"))
		}
		return fail(hasID, fmt.Errorf("%w %q: this server speaks %s only", ErrUnsupportedMime, mime, MimeType))
	}
	if len(rest) == 0 || rest[0] != Version {
		return fail(false, errors.New("missing version byte 0x81"))
	}
	if !hasID {
		return fail(false, fmt.Errorf("%w: request id", ErrTruncated))
	}
	d := NewDecoder(rest[17:])
	var err error
	if req.Op, err = d.String(); err != nil {
		return fail(true, fmt.Errorf("op: %w", err))
	}
	if req.Processor, err = d.String(); err != nil {
		return fail(true, fmt.Errorf("processor: %w", err))
	}
	n, err := d.count("args", 4)
	if err != nil {
		return fail(true, err)
	}
	req.Args = make(map[string]any, n)
	for i := 0; i < n; i++ {
		k, err := d.StringValue()
		if err != nil {
			return fail(true, fmt.Errorf("arg key: %w", err))
		}
		v, err := d.Value()
		if err != nil {
			return fail(true, fmt.Errorf("arg %q: %w", k, err))
		}
		req.Args[k] = v
	}
	if d.Remaining() != 0 {
		return fail(true, fmt.Errorf("%d trailing bytes", d.Remaining()))
	}
	return req, nil
}

// AppendRequest appends r as a request frame (the client side of ParseRequest), its
// arguments in key order.
func AppendRequest(b []byte, r *Request) ([]byte, error) {
	b = append(b, byte(len(MimeType)))
	b = append(b, MimeType...)
	b = append(b, Version)
	b = append(b, r.ID[:]...)
	b = appendString(b, r.Op)
	b = appendString(b, r.Processor)
	keys := make([]string, 0, len(r.Args))
	for k := range r.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = appendInt32(b, int32(len(keys)))
	var err error
	for _, k := range keys {
		b = appendString(append(b, byte(TypeString), flagValue), k)
		if b, err = AppendValue(b, r.Args[k]); err != nil {
			return b, fmt.Errorf("arg %q: %w", k, err)
		}
	}
	return b, nil
}

// looksLikeMime reports whether s has the shape type/subtype in printable ASCII.
func looksLikeMime(s string) bool {
	slash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' {
			return false
		}
		slash = slash || c == '/'
	}
	return slash
}
