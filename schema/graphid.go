package schema

import "strings"

// GraphIDKindSeparator separates the kind (vertex label) from the escaped
// natural id in a graph id.
const GraphIDKindSeparator = ":"

// graphIDEscape starts an escaped byte: '%' and two upper-case hex digits.
const graphIDEscape = '%'

// GraphID returns the vertex id (T.id) under which a vertex of the given
// kind and natural id is stored:
//
//	{kind}:{natural id, escaped}
//
// e.g. GraphID(VertexEquipment, "venue_12345._V3EQUIPMENT.GW-MAIN-01") =
// "equipment:venue_12345._V3EQUIPMENT.GW%2DMAIN%2D01".
//
// The kind prefix keeps ids of different labels apart (a SubscriberToken
// and a VenueID may both be "venue_12345"). The escaping keeps every id
// portable: bytes in [A-Za-z0-9._] are kept, every other byte ('-', ' ',
// '/', ':', '%', non-ASCII UTF-8, ...) becomes %XX. The result is printable
// ASCII without '-', which JanusGraph custom string vertex ids require
// (docs/advanced-topics/custom-vertex-id.md; '-' is its default relation
// delimiter), and a plain string for TinkerGraph, the embedded engine and
// Neptune. The mapping is reversible (ParseGraphID) and deterministic, so
// equal natural ids always give equal vertex ids, which is what makes
// T.id uniqueness a uniqueness constraint. The API keeps returning natural
// ids, which commands also store as properties (VenueID, UnitID_internal,
// ...).
//
// kind should be one of VertexLabels; GraphID does not check it (it is on
// every hot path), ParseGraphID does.
func GraphID(kind VertexLabel, natural string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(kind) + 1 + len(natural) + 8)
	b.WriteString(string(kind))
	b.WriteString(GraphIDKindSeparator)
	for i := 0; i < len(natural); i++ {
		c := natural[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte(graphIDEscape)
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0F])
	}
	return b.String()
}

// ParseGraphID is the inverse of GraphID: it returns the kind and the
// natural id of a graph id. It fails when the kind is not a declared
// vertex label, an escape is malformed or not upper-case hex, or a byte
// appears that GraphID would have escaped (so every natural id has exactly
// one graph id).
func ParseGraphID(id string) (VertexLabel, string, error) {
	k, rest, ok := strings.Cut(id, GraphIDKindSeparator)
	kind := VertexLabel(k)
	if !ok || !kind.Valid() {
		return "", "", fieldErrorf("id", "%q does not start with a vertex label and ':'", id)
	}
	out := make([]byte, 0, len(rest))
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_':
			out = append(out, c)
		case c == graphIDEscape:
			if i+2 >= len(rest) {
				return "", "", fieldErrorf("id", "truncated escape in %q", id)
			}
			hi, ok1 := upperHex(rest[i+1])
			lo, ok2 := upperHex(rest[i+2])
			if !ok1 || !ok2 {
				return "", "", fieldErrorf("id", "bad escape in %q", id)
			}
			v := hi<<4 | lo
			if v >= 'a' && v <= 'z' || v >= 'A' && v <= 'Z' || v >= '0' && v <= '9' || v == '.' || v == '_' {
				return "", "", fieldErrorf("id", "needless escape in %q", id)
			}
			out = append(out, v)
			i += 2
		default:
			return "", "", fieldErrorf("id", "unescaped byte %q in %q", c, id)
		}
	}
	return kind, string(out), nil
}

func upperHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
