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
// them, so a traverser always sees the transaction's latest writes.
package traversal
