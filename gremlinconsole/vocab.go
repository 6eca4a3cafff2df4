package gremlinconsole

import "github.com/wifivault/wifivault/schema"

// Labels and keys the command framework itself writes, from the schema vocabulary.
const (
	LabelLogEntry    = string(schema.VertexLogEntry)
	LabelOutboxEvent = string(schema.VertexOutboxEvent)
	LabelVenue       = string(schema.VertexVenue)
	KeyOperatorID    = string(schema.KeyOperatorID)
	KeyVenueID       = string(schema.KeyVenueID)
	KeyDateAdded     = string(schema.KeyDateAddedUTC)
)

// VertexID is the graph id of the vertex with a label and a natural id (schema.GraphID).
func VertexID(label, natural string) string {
	return schema.GraphID(schema.VertexLabel(label), natural)
}
