package value

import (
	"math/big"
	"time"
)

// Vertex is a vertex reference as it travels on the wire: id and label. Properties are
// never embedded in returned elements (the portable form, as Neptune returns them).
type Vertex struct {
	ID    any
	Label string
}

// Edge is an edge reference: id, label and its two end vertices.
type Edge struct {
	ID    any
	Label string
	OutV  Vertex
	InV   Vertex
}

// VertexProperty is one property of a vertex, with its own id.
type VertexProperty struct {
	ID     any
	Key    string
	Value  any
	Vertex any // the owning vertex id, or nil when unknown
}

// Property is a key/value property of an edge (or a meta-property).
type Property struct {
	Key   string
	Value any
}

// Path is the history of a traverser: the objects it visited and the step labels of each.
type Path struct {
	Labels  [][]string
	Objects []any
}

// Traverser is a result carrying a bulk (how many identical results it stands for).
type Traverser struct {
	Bulk  int64
	Value any
}

// Instruction is one step or source of a Bytecode: its name and arguments.
type Instruction struct {
	Op   string
	Args []any
}

// Bytecode is a traversal as gremlin language variants send it: source instructions
// (withStrategies, with, tx, ...) and steps. A nested Bytecode is a child traversal.
type Bytecode struct {
	Sources []Instruction
	Steps   []Instruction
}

// P is a predicate: an operator and its values. For "and"/"or" the values are *P or *TextP;
// for "within"/"without" they are the flattened candidates.
type P struct {
	Op     string
	Values []any
}

// TextP is a text predicate (containing, startingWith, regex, ...).
type TextP struct {
	Op     string
	Values []any
}

// Lambda is a script sent as an argument. The engine never runs one; it is decoded only so
// that the error can name it.
type Lambda struct {
	Language string
	Script   string
	Arity    int32
}

// Binding is a named argument.
type Binding struct {
	Key   string
	Value any
}

// Set is a Gremlin Set: a list whose elements are distinct.
type Set []any

// BulkSet is a set whose items carry a count, as aggregate() builds.
type BulkSet struct {
	Items []any
	Bulks []int64
}

// UUID is a 16-byte UUID.
type UUID [16]byte

// Timestamp is a java.sql.Timestamp: milliseconds since the epoch.
type Timestamp time.Time

// OffsetDateTime is a java.time.OffsetDateTime.
type OffsetDateTime time.Time

// BigDecimal is unscaled × 10^-scale.
type BigDecimal struct {
	Scale    int32
	Unscaled *big.Int
}

// Class is a Java class name.
type Class string

// Char is a single UTF-8 character.
type Char rune

// TraversalStrategy names a strategy by its class with its configuration.
type TraversalStrategy struct {
	Class         string
	Configuration *Map
}

// Metrics is one step's profile, kept only so the codec can carry it.
type Metrics struct {
	ID, Name    string
	DurationNs  int64
	Counts      *Map
	Annotations *Map
	Nested      []Metrics
}

// Enumerations of the Gremlin language. Each is a distinct type so a step can tell an
// Order from a Scope; the value is the name the wire uses ("asc", "local", "OUT", ...).
type (
	T           string
	Direction   string
	Order       string
	Scope       string
	Column      string
	Pop         string
	Cardinality string
	Merge       string
	Pick        string
	Barrier     string
	Operator    string
	DT          string
	GType       string
)
