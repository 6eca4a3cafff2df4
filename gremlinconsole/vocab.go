package gremlinconsole

// Labels and keys the command framework itself writes. The domain vocabulary lives in
// package schema.
const (
	LabelLogEntry    = "log_entry"
	LabelOutboxEvent = "outbox_event"
	LabelVenue       = "venue"
	KeyOperatorID    = "OperatorID"
	KeyVenueID       = "VenueID"
	KeyDateAdded     = "dateAddedUTC"
)

// VertexID is the graph id of the vertex with a label and a natural id.
func VertexID(label, natural string) string { return label + ":" + natural }
