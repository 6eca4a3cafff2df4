// Package traversal interprets Gremlin bytecode (TinkerPop 3.7 semantics) over a graph/store
// transaction.
//
// Compile turns a value.Bytecode into a Traversal: a pipeline of steps, each a pull iterator
// over traversers. Child traversals (by(), where(), union(), repeat(), ...) are compiled once
// and started per input. A step, modulator or argument this engine does not support is a
// compile error that names it; the engine never answers such a traversal with a wrong or
// empty result.
//
// Elements travel as references (value.Vertex, value.Edge, value.VertexProperty and the
// package's edgeProperty); their properties are read from the transaction when a step needs
// them, so a traverser always sees the transaction's latest writes. In a read-only
// transaction, which cannot change, a vertex reached by V() or by a navigation step carries
// the record it was read from, and later steps use it instead of looking the vertex up again.
//
// Navigation steps stream: out(), in(), both() and their edge forms pull a vertex's edges one
// at a time from a store.EdgeCursor, which reads the transaction as it stood when the step
// reached the vertex, so that the first results leave before the last edge is read and a
// traversal writing as it goes sees the same edges as if they had been listed at once.
package traversal
