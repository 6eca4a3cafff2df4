package subscribers

import (
	"net/http"
	"slices"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// subscriber is a subscriber vertex as commands read it: its properties and the venues
// where it has a subscription or a key.
type subscriber struct {
	props  map[string]any
	venues []string
}

func (s *subscriber) token() string    { return str(s.props, keyToken) }
func (s *subscriber) operator() string { return str(s.props, keyOperator) }

// identifierFields are the request fields that name a subscriber, in the order they are
// tried when several are given.
var identifierFields = []string{"SubscriberToken", "SubscriberID", "EmailAddress", "PhoneNumber", "externalSubscriberID"}

// identifierGiven reports whether any identifier field is present.
func identifierGiven(p gremlinconsole.Params) bool {
	for _, f := range identifierFields {
		if p.String(f) != "" {
			return true
		}
	}
	return false
}

// subscriberQuery starts a traversal at the subscriber the parameters name within the
// operator op ("" lets a token name a subscriber of any operator; email, phone and
// external id then need the operator).
func subscriberQuery(g *gremlingo.GraphTraversalSource, p gremlinconsole.Params, op string) (*gremlingo.GraphTraversal, error) {
	byKey := func(key schema.PropertyKey, field, value string) (*gremlingo.GraphTraversal, error) {
		if op == "" {
			return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required to find a subscriber by " + field}
		}
		composite, _ := schema.CompositeKey(op, value)
		return g.V().HasLabel(labelSubscriber).Has(string(key), composite), nil
	}
	for _, f := range identifierFields {
		v := p.String(f)
		if v == "" {
			continue
		}
		switch f {
		case "SubscriberToken", "SubscriberID":
			t := g.V(subscriberVID(v)).HasLabel(labelSubscriber)
			if op != "" {
				t = t.Has(keyOperator, op)
			}
			return t, nil
		case "EmailAddress":
			return byKey(schema.KeyOperatorEmailAddress, f, schema.NormalizeEmail(v))
		case "PhoneNumber":
			return byKey(schema.KeyOperatorPhoneNumber, f, v)
		case "externalSubscriberID":
			return byKey(schema.KeyOperatorExternalSubscriberID, f, v)
		}
	}
	return nil, &gremlinconsole.ValidationError{Field: "SubscriberToken", Message: "is required (or EmailAddress or PhoneNumber)"}
}

// subscriberVenues is the anonymous traversal from a subscriber to the VenueIDs of its
// subscriptions and keys.
func subscriberVenues() *gremlingo.GraphTraversal {
	return __.Union(
		__.Out(edgeSubscription).Out(edgeSubscriptionUnit).Values(keyVenue),
		__.Out(edgeSubscriberPSK).Values(keyVenue),
	).Dedup().Fold()
}

// loadSubscriber reads the subscriber the call's parameters name and checks the caller
// reaches it: the operator's own subscribers for operator roles, subscribers with a
// subscription or key at one of the caller's venues (at the call's VenueID when given) for
// venue roles. A subscriber out of reach is "not found", so its existence is not told.
func loadSubscriber(c *gremlinconsole.Call) (*subscriber, error) {
	op := c.OperatorID
	if op == "" && c.Principal != nil {
		op = c.Principal.OperatorID
	}
	t, err := subscriberQuery(c.G(), c.Params, op)
	if err != nil {
		return nil, err
	}
	r, err := graphdb.First(t.Limit(1).Project("p", "v").By(__.ValueMap()).By(subscriberVenues()))
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, notFound("The subscriber was not found.")
	}
	m, _ := r.GetInterface().(map[any]any)
	s := &subscriber{props: graphdb.Flatten(m["p"])}
	if l, ok := m["v"].([]any); ok {
		for _, v := range l {
			if vs, isString := v.(string); isString {
				s.venues = append(s.venues, vs)
			}
		}
	}
	if !reaches(c, s) {
		return nil, notFound("The subscriber was not found.")
	}
	if c.OperatorID == "" {
		c.OperatorID = s.operator()
	}
	return s, nil
}

// reaches reports whether the caller may act on s.
func reaches(c *gremlinconsole.Call, s *subscriber) bool {
	p := c.Principal
	if p == nil {
		return false
	}
	if c.VenueID != "" && !slices.Contains(s.venues, c.VenueID) && p.Role.Scope() == auth.ScopeVenues {
		return false
	}
	switch p.Role.Scope() {
	case auth.ScopeAllOperators:
		return true
	case auth.ScopeOperator:
		return p.OperatorID == s.operator()
	case auth.ScopeVenues:
		if p.OperatorID != s.operator() {
			return false
		}
		for _, v := range s.venues {
			if slices.Contains(p.VenueIDs, v) {
				return true
			}
		}
		return false
	case auth.ScopeSelf:
		return p.Subject == s.token()
	}
	return false
}

// selfToken is the SubscriberToken of a subscriber caller ("" for anyone else).
func selfToken(c *gremlinconsole.Call) string {
	if c.Principal == nil || c.Principal.Kind != auth.KindSubscriber {
		return ""
	}
	return c.Principal.Subject
}

// loadSelf reads the calling subscriber's own vertex.
func loadSelf(c *gremlinconsole.Call) (*subscriber, error) {
	tok := selfToken(c)
	if tok == "" {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "Only a subscriber may call this endpoint."}
	}
	r, err := graphdb.First(c.G().V(subscriberVID(tok)).HasLabel(labelSubscriber).Project("p", "v").By(__.ValueMap()).By(subscriberVenues()))
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The subscriber account no longer exists."}
	}
	m, _ := r.GetInterface().(map[any]any)
	s := &subscriber{props: graphdb.Flatten(m["p"])}
	if l, ok := m["v"].([]any); ok {
		for _, v := range l {
			if vs, isString := v.(string); isString {
				s.venues = append(s.venues, vs)
			}
		}
	}
	c.OperatorID = s.operator()
	return s, nil
}
