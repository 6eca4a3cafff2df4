// Package value defines the Go representation of Gremlin values as the embedded graph engine
// and its GraphBinary codec exchange them: numbers keep their TinkerPop type (int32 Int,
// int64 Long, float64 Double, ...), enums are distinct string types, maps keep insertion
// order and accept any Gremlin value as a key.
//
// It also states the two value relations the whole engine relies on: equality (Equal, and
// Key for hashing) and order (Compare), following TinkerPop 3.7's comparability and
// orderability rules: numbers of different types compare by value, other types only
// with themselves.
//
// The package imports nothing but the standard library.
package value
