// Package graphbinary implements GraphBinary v1, the binary serialization of the Gremlin
// Server protocol, over the value types of package value.
//
// Values are written fully qualified ({type_code}{value_flag}{value}) by AppendValue and read
// by Decoder.Value. ParseRequest reads a request frame as gremlin-go and the other Gremlin
// language variants send it ({mime}{0x81}{uuid}{op}{processor}{args}); AppendResponse writes
// a response frame ({0x81}{request id}{status}{message}{attributes}{meta}{data}).
//
// Decoding is defensive: a malformed or truncated input yields an error, never a panic, and
// a length prefix larger than the bytes that remain is rejected before anything is allocated.
//
// Go types and the GraphBinary types they map to (decoding yields the first type listed):
//
//	nil                    null (0xFE 0x01; a typed null decodes to nil as well)
//	int32                  Int 0x01
//	int64 (also int)       Long 0x02
//	string                 String 0x03
//	time.Time              Date 0x04 (epoch milliseconds)
//	value.Timestamp        Timestamp 0x05
//	value.Class            Class 0x06
//	float64, float32       Double 0x07, Float 0x08
//	[]any                  List 0x09
//	*value.Map             Map 0x0a (map[string]any is accepted when encoding)
//	value.Set              Set 0x0b
//	value.UUID             UUID 0x0c
//	value.Edge             Edge 0x0d (properties always null)
//	value.Path             Path 0x0e
//	value.Property         Property 0x0f
//	value.Vertex           Vertex 0x11 (properties always null)
//	value.VertexProperty   VertexProperty 0x12
//	value.Barrier          Barrier 0x13 and the other enums (Cardinality 0x16, Column 0x17,
//	                       Direction 0x18, Operator 0x19, Order 0x1a, Pick 0x1b, Pop 0x1c,
//	                       Scope 0x1f, T 0x20, Merge 0x2e, DT 0x2f, GType 0x30), each written
//	                       as its name in a fully qualified String
//	value.Binding          Binding 0x14
//	*value.Bytecode        Bytecode 0x15
//	value.Lambda           Lambda 0x1d
//	*value.P, *value.TextP P 0x1e, TextP 0x28
//	value.Traverser        Traverser 0x21
//	value.BigDecimal       BigDecimal 0x22
//	*big.Int               BigInteger 0x23
//	int8                   Byte 0x24
//	[]byte                 ByteBuffer 0x25
//	int16                  Short 0x26
//	bool                   Boolean 0x27
//	value.TraversalStrategy TraversalStrategy 0x29
//	value.BulkSet          BulkSet 0x2a
//	value.Metrics          Metrics 0x2c
//	value.Char             Char 0x80
//	time.Duration          Duration 0x81
//	value.OffsetDateTime   OffsetDateTime 0x88
package graphbinary
