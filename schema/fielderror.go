package schema

import "fmt"

// FieldError reports an input that breaks an id or key rule. Field is the
// JSON field name as the API spells it (VenueID, UnitFloor, ...), so
// handlers can put it in a 400 message as is.
type FieldError struct {
	Field  string
	Reason string
}

// Error returns "<Field>: <Reason>".
func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

func fieldErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
