package store

import (
	"errors"
	"fmt"
)

var (
	// ErrDuplicateID is returned by AddVertex/AddEdge for an id that exists (vertex ids and
	// edge ids are separate spaces).
	ErrDuplicateID = errors.New("store: element id already exists")
	// ErrNotFound is returned by a write to an element that does not exist (or was dropped
	// in this transaction).
	ErrNotFound = errors.New("store: element not found")
	// ErrConflict is returned by a Session commit that lost a race; the caller may retry.
	ErrConflict = errors.New("store: transaction conflict, retry")
	// ErrClosed is returned once the graph is closed or the transaction has ended.
	ErrClosed = errors.New("store: closed")
	// ErrReadOnly is returned by a write on a Read transaction.
	ErrReadOnly = errors.New("store: read-only transaction")
)

// UniqueViolationError is returned (possibly wrapped) when a write would give two vertices
// of Label the same Value of Key under a unique index.
type UniqueViolationError struct {
	Label, Key string
	Value      any
}

func (e *UniqueViolationError) Error() string {
	return fmt.Sprintf("store: unique index (%s, %s) violated: a vertex with value %v (%T) exists", e.Label, e.Key, e.Value, e.Value)
}
