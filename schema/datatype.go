package schema

import "strconv"

// DataType is the type a property key's values are stored as. It maps to a
// Go type (what commands pass to gremlin-go) and to the Java class
// JanusGraph's makePropertyKey checks exactly (Integer is not Long).
type DataType int

// The data types. Domain keys use Long for every integer (portability rule:
// never mix Int and Long, so int64 everywhere); Integer exists for keys of
// other systems that must be stored as 32-bit and is rendered like the rest.
const (
	String  DataType = iota + 1 // Go string, java.lang.String
	Long                        // Go int64, java.lang.Long
	Integer                     // Go int32, java.lang.Integer
	Double                      // Go float64, java.lang.Double
	Boolean                     // Go bool, java.lang.Boolean
)

// String returns the Java class name of t as the JanusGraph script writes
// it ("String", "Long", ...), or "DataType(n)" for an unknown value.
func (t DataType) String() string {
	switch t {
	case String:
		return "String"
	case Long:
		return "Long"
	case Integer:
		return "Integer"
	case Double:
		return "Double"
	case Boolean:
		return "Boolean"
	}
	return "DataType(" + strconv.Itoa(int(t)) + ")"
}

// Accepts reports whether v has the Go type that values of t must have when
// a command writes them: string, int64, int32, float64 or bool.
func (t DataType) Accepts(v any) bool {
	switch v.(type) {
	case string:
		return t == String
	case int64:
		return t == Long
	case int32:
		return t == Integer
	case float64:
		return t == Double
	case bool:
		return t == Boolean
	}
	return false
}
