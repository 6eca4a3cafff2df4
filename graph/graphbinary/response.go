package graphbinary

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/value"
)

// Attribute is one entry of a response's status attributes or result meta map.
type Attribute struct {
	Key   string
	Value any
}

// Response is one Gremlin Server response message.
type Response struct {
	RequestID  value.UUID
	Status     int32
	Message    string // "" is written as null
	Attributes []Attribute
	Meta       []Attribute
	Data       any
}

// AppendResponse appends r as a response frame:
//
//	{0x81}{0x00}{uuid}{int32 status}{message: 0x01 | 0x00 String}
//	{attributes: int32 n + (FQ String, FQ value)*}{meta: same}{FQ data}
func AppendResponse(b []byte, r *Response) ([]byte, error) {
	b, err := AppendResponseHeader(b, r.RequestID, r.Status, r.Message, r.Attributes, r.Meta)
	if err != nil {
		return b, err
	}
	return AppendValue(b, r.Data)
}

// AppendResponseHeader appends everything of a response frame but its data, which the
// caller appends next (with AppendValue or AppendTraversers).
func AppendResponseHeader(b []byte, id value.UUID, status int32, message string, attrs, meta []Attribute) ([]byte, error) {
	b = append(b, Version, flagValue)
	b = append(b, id[:]...)
	b = appendInt32(b, status)
	if message == "" {
		b = append(b, flagNull)
	} else {
		b = appendString(append(b, flagValue), message)
	}
	var err error
	for _, m := range [2][]Attribute{attrs, meta} {
		b = appendInt32(b, int32(len(m)))
		for _, a := range m {
			b = appendString(append(b, byte(TypeString), flagValue), a.Key)
			if b, err = AppendValue(b, a.Value); err != nil {
				return b, fmt.Errorf("attribute %q: %w", a.Key, err)
			}
		}
	}
	return b, nil
}

// AppendTraversers appends ts as a fully qualified List of Traversers, the data of a
// bytecode response.
func AppendTraversers(b []byte, ts []value.Traverser) ([]byte, error) {
	b = appendInt32(append(b, byte(TypeList), flagValue), int32(len(ts)))
	var err error
	for i := range ts {
		b = appendInt64(append(b, byte(TypeTraverser), flagValue), ts[i].Bulk)
		if b, err = AppendValue(b, ts[i].Value); err != nil {
			return b, err
		}
	}
	return b, nil
}

// ParseResponse parses a response frame (the client side of AppendResponse).
func ParseResponse(frame []byte) (*Response, error) {
	d := NewDecoder(frame)
	r := &Response{}
	v, err := d.byte1("version")
	if err != nil {
		return nil, err
	}
	if v != Version {
		return nil, d.errf("version byte 0x%02x, want 0x81", v)
	}
	if flag, err := d.byte1("request id flag"); err != nil {
		return nil, err
	} else if flag == flagValue {
		id, err := d.take(16, "request id")
		if err != nil {
			return nil, err
		}
		copy(r.RequestID[:], id)
	}
	if r.Status, err = d.int32("status"); err != nil {
		return nil, err
	}
	flag, err := d.byte1("message flag")
	if err != nil {
		return nil, err
	}
	if flag == flagValue {
		if r.Message, err = d.String(); err != nil {
			return nil, err
		}
	}
	if r.Attributes, err = d.attributes(); err != nil {
		return nil, err
	}
	if r.Meta, err = d.attributes(); err != nil {
		return nil, err
	}
	if r.Data, err = d.Value(); err != nil {
		return nil, err
	}
	if d.Remaining() != 0 {
		return nil, d.errf("%d trailing bytes", d.Remaining())
	}
	return r, nil
}

func (d *Decoder) attributes() ([]Attribute, error) {
	n, err := d.count("attributes", 4)
	if err != nil {
		return nil, err
	}
	out := make([]Attribute, n)
	for i := range out {
		if out[i].Key, err = d.StringValue(); err != nil {
			return nil, err
		}
		if out[i].Value, err = d.Value(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
