package store

// Cardinality of a vertex property write.
type Cardinality uint8

const (
	// Single replaces every value of the key with the new value.
	Single Cardinality = iota
	// List appends the value.
	List
	// Set appends the value unless an equal (value.Equal) value of the key exists.
	Set
)

// Index declares a vertex property index on (Label, Key); Unique makes (Label, Key, value)
// unique among vertices.
type Index struct {
	Label, Key string
	Unique     bool
}

// Options configure Open.
type Options struct {
	// Dir is the data directory; "" keeps the graph in memory with nothing on disk.
	Dir string
	// Indexes are the declared vertex property indexes.
	Indexes []Index
	// NoSync skips the fsync at commit (for benchmarks of the in-memory path only): a
	// commit may then be lost on power failure.
	NoSync bool
}

// Vertex is an immutable snapshot of a vertex; never modify it.
type Vertex struct {
	ID    any
	Label string
	// Props are in insertion order; a key repeats with List/Set cardinality.
	Props []VertexProp
}

// VertexProp is one value of a vertex property, with its own id.
type VertexProp struct {
	ID    int64
	Key   string
	Value any
}

// Edge is an immutable snapshot of an edge; never modify it. Out and In are vertex ids.
type Edge struct {
	ID      any
	Label   string
	Out, In any
	Props   []Property
}

// Property is a key/value property of an edge.
type Property struct {
	Key   string
	Value any
}

// Values returns every value of key in insertion order.
func (v *Vertex) Values(key string) []any {
	var out []any
	for _, p := range v.Props {
		if p.Key == key {
			out = append(out, p.Value)
		}
	}
	return out
}

// Value returns the value of key and whether the edge has it.
func (e *Edge) Value(key string) (any, bool) {
	for _, p := range e.Props {
		if p.Key == key {
			return p.Value, true
		}
	}
	return nil, false
}
