package sessions

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

var __ = gremlingo.T__

const (
	labelSubscriber   = string(schema.VertexSubscriber)
	edgeSubscriberPSK = string(schema.EdgeSubscriberHasPSK)
	propToken         = string(schema.KeySubscriberToken)
	propOperator      = string(schema.KeyOperatorID)
	propEmail         = string(schema.KeyEmailAddress)
	propPhone         = string(schema.KeyPhoneNumber)
	propKeyID         = string(schema.KeyKeyID)
	propVenue         = string(schema.KeyVenueID)
	propUnit          = string(schema.KeyUnitIDInternal)
	propSSID          = string(schema.KeySSID)
)

// subscriber is a subscriber as these commands see it: its properties and the keys the
// caller may see.
type subscriber struct {
	props map[string]any
	keys  []keyRef
}

func (s *subscriber) token() string    { return str(s.props, propToken) }
func (s *subscriber) operator() string { return str(s.props, propOperator) }

// keyRef is one key of a subscriber.
type keyRef struct{ KeyID, VenueID, UnitID, SSID string }

var notFound = &gremlinconsole.Error{Status: http.StatusNotFound, Message: "The subscriber was not found."}

// findSubscriber reads the subscriber the call names (the caller itself for a subscriber;
// else SubscriberToken, SubscriberID, EmailAddress or PhoneNumber.E164) and its keys, and
// applies the tenant rules: an operator role must reach the subscriber's operator, a
// venue role sees only the keys at its venues (none: not found).
func findSubscriber(c *gremlinconsole.Call) (*subscriber, error) {
	p := c.Principal
	g := c.G()
	var t *gremlingo.GraphTraversal
	tok := c.Params.String("SubscriberToken")
	if tok == "" {
		tok = c.Params.String("SubscriberID")
	}
	switch {
	case p != nil && p.Kind == auth.KindSubscriber:
		t = g.V(schema.GraphID(schema.VertexSubscriber, p.Subject))
	case tok != "":
		t = g.V(schema.GraphID(schema.VertexSubscriber, tok))
	case c.Params.String("EmailAddress") != "":
		t = g.V().Has(labelSubscriber, propEmail, strings.ToLower(c.Params.String("EmailAddress")))
	case c.Params.String("PhoneNumber.E164") != "":
		t = g.V().Has(labelSubscriber, propPhone, c.Params.String("PhoneNumber.E164"))
	default:
		return nil, &gremlinconsole.ValidationError{Field: "SubscriberToken", Message: "name the subscriber: SubscriberToken, EmailAddress or PhoneNumber.E164"}
	}
	if p != nil && p.OperatorID != "" && p.Kind != auth.KindSubscriber {
		t = t.Has(propOperator, p.OperatorID)
	}
	res, err := graphdb.All(t.HasLabel(labelSubscriber).Limit(2).Project("p", "k").
		By(__.ValueMap(propToken, propOperator, propEmail)).
		By(__.Out(edgeSubscriberPSK).ValueMap(propKeyID, propVenue, propUnit, propSSID).Fold()))
	if err != nil {
		return nil, err
	}
	if len(res) != 1 {
		return nil, notFound
	}
	m, _ := res[0].GetInterface().(map[any]any)
	s := &subscriber{props: graphdb.Flatten(m["p"])}
	if p != nil && p.Kind != auth.KindSubscriber && p.Role.Scope() != auth.ScopeVenues && !p.CanAccessOperator(s.operator()) {
		return nil, notFound
	}
	if l, ok := m["k"].([]any); ok {
		for _, kv := range l {
			k := graphdb.Flatten(kv)
			ref := keyRef{KeyID: str(k, propKeyID), VenueID: str(k, propVenue), UnitID: str(k, propUnit), SSID: str(k, propSSID)}
			if p != nil && p.Role.Scope() == auth.ScopeVenues && !p.CanAccessVenue(s.operator(), ref.VenueID) {
				continue
			}
			s.keys = append(s.keys, ref)
		}
	}
	if p != nil && p.Role.Scope() == auth.ScopeVenues && len(s.keys) == 0 {
		return nil, notFound
	}
	c.OperatorID = s.operator()
	return s, nil
}

// filterKeys keeps the keys matching the optional VenueID and KeyID parameters.
func filterKeys(c *gremlinconsole.Call, keys []keyRef) []keyRef {
	venue, key := c.Params.String("VenueID"), c.Params.String("KeyID")
	var out []keyRef
	for _, k := range keys {
		if (venue == "" || k.VenueID == venue) && (key == "" || k.KeyID == key) {
			out = append(out, k)
		}
	}
	return out
}

// macParam reads an optional MAC parameter, normalised ("" when absent).
func macParam(c *gremlinconsole.Call, name string) (string, error) {
	raw := c.Params.String(name)
	if raw == "" {
		return "", nil
	}
	m, err := policycache.NormalizeMAC(raw)
	if err != nil {
		return "", &gremlinconsole.ValidationError{Field: name, Message: "not a MAC address"}
	}
	return m, nil
}

// displayMAC is the API form of a normalised MAC: AA:BB:CC:DD:EE:FF.
func displayMAC(m string) string {
	if len(m) != 12 {
		return strings.ToUpper(m)
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strings.ToUpper(m[i : i+2]))
	}
	return b.String()
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// randomID is 12 upper-case hex digits.
func randomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}
