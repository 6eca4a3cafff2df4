package webhooks

import (
	"context"
	"encoding/json"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
)

// Delivery record statuses.
const (
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

const labelDelivery = string(schema.VertexWebhookDelivery)

// record is one attempt's outcome.
type record struct {
	ev        outbox.Event
	url       string
	venue     string
	envelope  []byte // secrets masked
	at        time.Time
	code      int
	response  string
	delivered bool
}

// save upserts the event's webhook_delivery vertex. A failure to record is logged, not
// returned: the receiver's answer decides whether the event is retried.
func (d *Deliverer) save(r record) {
	id := schema.GraphID(schema.VertexWebhookDelivery, r.ev.ID)
	single := gremlingo.Cardinality.Single
	status := DeliveryFailed
	if r.delivered {
		status = DeliveryDelivered
	}
	t := d.DB.G().V(id).Fold().Coalesce(__.Unfold(),
		__.AddV(labelDelivery).Property(gremlingo.T.Id, id).
			Property(single, string(schema.KeyDateAddedUTC), r.ev.DateAdded.UnixMilli()).
			Property(single, string(schema.KeyOperatorID), r.ev.OperatorID).
			Property(single, string(schema.KeyVenueID), r.venue).
			Property(single, "Type", r.ev.Type).
			Property(single, "EventID", r.ev.ID).
			Property(single, string(schema.KeyOrderingKey), r.ev.Key)).
		Property(single, KeyWebhookURL, r.url).
		Property(single, string(schema.KeyPayload), string(r.envelope)).
		Property(single, "Status", status).
		Property(single, string(schema.KeyAttempts), int64(r.ev.Attempt)).
		Property(single, "ResponseCode", int64(r.code)).
		Property(single, string(schema.KeyWebhookResponse), r.response).
		Property(single, "LastAttemptDateTimeUTC", r.at.UnixMilli())
	if r.delivered {
		t = t.Property(single, "DeliveredDateTimeUTC", r.at.UnixMilli())
	}
	if err := graphdb.Exec(t); err != nil {
		d.log().Warn("webhook delivery record not written", "event", r.ev.ID, "type", r.ev.Type, "error", err)
	}
}

// Query selects delivery records for listWebhookLog.
type Query struct {
	OperatorID string
	VenueID    string // "" for every venue
	// From and To bound dateAddedUTC (epoch ms, inclusive).
	From, To int64
	Types    []string // empty for every type
	Limit    int      // [1000]
}

// ListDeliveries returns the operator's delivery records in the window, oldest first, in
// the seeds' log shape: dateAddedUTC.ISO8601, Type, WebhookURL, Payload, webhookresponse
// (an array of strings), plus Status, Attempts, ResponseCode, EventID and the attempt
// times. Payloads show secrets masked.
func ListDeliveries(ctx context.Context, db *graphdb.DB, q Query) ([]map[string]any, error) {
	if q.Limit <= 0 {
		q.Limit = 1000
	}
	t := db.G().V().Has(labelDelivery, string(schema.KeyOperatorID), q.OperatorID).
		Has(string(schema.KeyDateAddedUTC), gremlingo.P.Between(q.From, q.To+1))
	if q.VenueID != "" {
		t = t.Has(string(schema.KeyVenueID), q.VenueID)
	}
	if len(q.Types) > 0 {
		types := make([]any, len(q.Types))
		for i, s := range q.Types {
			types[i] = s
		}
		t = t.Has("Type", gremlingo.P.Within(types...))
	}
	res, err := graphdb.All(t.Order().By(string(schema.KeyDateAddedUTC), gremlingo.Order.Asc).Limit(q.Limit).ValueMap())
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		out = append(out, renderDelivery(graphdb.Flatten(r.GetInterface())))
	}
	return out, nil
}

func renderDelivery(p map[string]any) map[string]any {
	iso := func(k string) string {
		ms, ok := p[k].(int64)
		if !ok {
			return ""
		}
		return isoMillis(time.UnixMilli(ms))
	}
	var env struct {
		Payload json.RawMessage
	}
	payload := any(map[string]any{})
	if s, ok := p[string(schema.KeyPayload)].(string); ok && json.Unmarshal([]byte(s), &env) == nil && len(env.Payload) > 0 {
		var obj any
		if json.Unmarshal(env.Payload, &obj) == nil {
			payload = obj
		}
	}
	resp, _ := p[string(schema.KeyWebhookResponse)].(string)
	responses := []string{}
	if resp != "" {
		responses = append(responses, resp)
	}
	return map[string]any{
		"dateAddedUTC.ISO8601":           iso(string(schema.KeyDateAddedUTC)),
		"Type":                           p["Type"],
		"WebhookURL":                     p[KeyWebhookURL],
		"Payload":                        payload,
		"webhookresponse":                responses,
		"Status":                         p["Status"],
		"Attempts":                       p[string(schema.KeyAttempts)],
		"ResponseCode":                   p["ResponseCode"],
		"EventID":                        p["EventID"],
		"VenueID":                        p[string(schema.KeyVenueID)],
		"LastAttemptDateTimeUTC.ISO8601": iso("LastAttemptDateTimeUTC"),
		"DeliveredDateTimeUTC.ISO8601":   iso("DeliveredDateTimeUTC"),
	}
}
