// Package store is the durable, transactional property-graph store under the embedded
// Gremlin engine.
//
// # Model
//
// The graph state is an immutable version: persistent (copy-on-write) maps from vertex id to
// vertex node (record plus adjacency: each edge's id and the id of its other end, grouped by
// side and label), from edge id to edge record, a vertex label index and the declared
// (label, key) property indexes. Records are never modified after they are
// published; a write builds new records and new map roots. A transaction's working state is
// therefore just its own roots, so it sees its own writes with no overlay, and discarding it
// is a rollback.
//
// # Transactions
//
//   - Read: a snapshot of the published state, taken with one atomic load; it never blocks.
//   - Write: a sessionless writer. Writers are serialized by a mutex held from Write() to
//     Commit/Rollback, so every Write transaction is serializable and sees the latest
//     committed state ("head"). Unique indexes are checked at the write call.
//   - Session: an optimistic transaction that starts from the published state, records what
//     it read and logs its writes; Commit validates under the writer mutex that nothing it
//     read changed since its snapshot (else ErrConflict) and replays its writes on head.
//
// # Durability
//
// With Options.Dir, vertex and edge records and the id counter are written to Pebble in one
// batch per commit. Commit applies the batch to the write-ahead log in commit order while
// holding the writer mutex, releases it, waits for the WAL fsync (Pebble groups the fsyncs
// of concurrent committers) and then publishes the version before returning. Readers
// therefore only ever see durable state, and a caller that got an acknowledgement reads its
// own write. Adjacency and indexes are derived data rebuilt by Open.
package store
