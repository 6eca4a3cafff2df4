package subscribers

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
)

// enrollment is a request to give a subscriber (new or existing) a subscription and keys
// at a unit: addSubscriber and addKey.
type enrollment struct {
	unit                     string
	plan                     string
	email, phone             string
	given, family            string
	external                 string
	prefEmail, prefSMS       *bool
	start, end               int64
	userPart, newKeyVerbatim string
}

// enrolled is the outcome.
type enrolled struct {
	token, status, temporary string
	created                  bool
	keys                     []newKey
	subscription             string
	props                    map[string]any
}

// enrollParams reads the fields addSubscriber and addKey share.
func enrollParams(c *gremlinconsole.Call) (enrollment, error) {
	p := c.Params
	e := enrollment{unit: p.String("UnitID_internal"), plan: p.String("ServicePlanID"),
		email: schema.NormalizeEmail(p.String("EmailAddress")), phone: p.String("PhoneNumber"),
		given: sanitize(p.String("GivenName")), family: sanitize(p.String("FamilyName")),
		external: sanitize(p.String("externalSubscriberID")), userPart: p.String("UserPartForNewKey"), newKeyVerbatim: p.String("NewKey")}
	if p.Has("contactpref_email") {
		b := p.Bool("contactpref_email")
		e.prefEmail = &b
	}
	if p.Has("contactpref_sms") {
		b := p.Bool("contactpref_sms")
		e.prefSMS = &b
	}
	e.start = c.NowMillis()
	if v := p.String("StartDateTimeUTC.ISO8601"); v != "" {
		ms, err := parseISO("StartDateTimeUTC.ISO8601", v)
		if err != nil {
			return e, err
		}
		e.start = ms
	}
	if v := p.String("EndDateTimeUTC.ISO8601"); v != "" {
		ms, err := parseISO("EndDateTimeUTC.ISO8601", v)
		if err != nil {
			return e, err
		}
		if ms <= e.start {
			return e, &gremlinconsole.ValidationError{Field: "EndDateTimeUTC.ISO8601", Message: "must be after the start"}
		}
		e.end = ms
	}
	if e.newKeyVerbatim != "" && e.userPart != "" {
		return e, &gremlinconsole.ValidationError{Field: "NewKey", Message: "give NewKey or UserPartForNewKey, not both"}
	}
	return e, nil
}

// enroll creates or extends a subscriber in one traversal: the subscriber (when new, with
// a temporary password, its unique email/phone/external-id claims and the operator edge),
// a subscription at the unit, one key per keypool at the venue, the audit entry, the
// welcome event (temporary password sealed) and a KeyStart per key.
func (s *Commands) enroll(c *gremlinconsole.Call, e enrollment, existing *subscriber) (*enrolled, error) {
	u, err := readUnit(c, e.unit)
	if err != nil {
		return nil, err
	}
	c.VenueID = u.venueID()
	out := &enrolled{}
	var hash string
	if existing != nil {
		out.token, out.status, out.props = existing.token(), str(existing.props, keyStatus), existing.props
		if out.status == StatusClosed {
			return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: "The subscriber account is closed."}
		}
	} else {
		out.created, out.status = true, StatusAUPNotAccepted
		if out.token, err = schema.NewSubscriberToken(rand.Reader); err != nil {
			return nil, err
		}
		if out.temporary, err = vaultcrypto.GeneratePassphrase(temporaryPasswordLen); err != nil {
			return nil, err
		}
		if hash, err = s.Accounts.HashPassword(out.temporary); err != nil {
			return nil, err
		}
	}
	passphrase, field, err := NewPassphrase(e.newKeyVerbatim, e.userPart, out.token)
	if err != nil {
		return nil, &gremlinconsole.ValidationError{Field: field, Message: err.Error()}
	}
	ks := &keySet{token: out.token, plan: e.plan, unit: u, passphrase: passphrase, follows: e.newKeyVerbatim == "" && e.userPart == "",
		userPart: e.userPart, start: e.start, end: e.end}
	if err := s.prepare(ks); err != nil {
		return nil, err
	}
	out.keys = ks.keys
	t := c.G().Inject(0)
	if out.created {
		if t, err = s.addSubscriberVertex(c, t, e, out.token, hash); err != nil {
			return nil, err
		}
	} else {
		t = t.SideEffect(__.Coalesce(__.V(subscriberVID(out.token)), __.Fail(graphdb.FailMessage(http.StatusNotFound, "The subscriber was not found."))))
	}
	if e.plan != "" {
		t = t.SideEffect(__.Coalesce(__.V(planVID(e.plan)).Out(edgePlanAtVenue).HasId(venueVID(c.VenueID)),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, "ServicePlanID "+e.plan+" is not offered at this venue."))))
	}
	out.subscription = randomID("subscription_")
	sub := __.AddV(labelSubscription).Property(gremlingo.T.Id, schema.GraphID(schema.VertexSubscription, out.subscription))
	for k, v := range map[string]any{keySubscription: out.subscription, keyToken: out.token, keyOperator: c.OperatorID,
		keyVenue: c.VenueID, keyUnit: u.id(), keyPlan: e.plan, keyStart: e.start, keyDateAdded: c.NowMillis(),
		keyStatus: "active", string(schema.KeyVenuePriceAdjustment): int64(0), "VenueUnitPriceAdjustment": int64(0)} {
		sub = set(sub, k, v)
	}
	if e.end != 0 {
		sub = set(sub, keyEnd, e.end)
	}
	sub = sub.As("sn").
		SideEffect(__.V(subscriberVID(out.token)).AddE(edgeSubscription).To("sn")).
		SideEffect(__.V(unitVID(u.id())).AddE(edgeSubscriptionUnit).From("sn"))
	if e.plan != "" {
		sub = sub.SideEffect(__.V(planVID(e.plan)).AddE(edgeSubscriptionPlan).From("sn"))
	}
	t = t.SideEffect(sub)
	if t, err = s.addKeys(c, t, ks); err != nil {
		return nil, err
	}
	msg := fmt.Sprintf("Subscriber %s given %d key(s) at unit %s.", out.token, len(ks.keys), u.id())
	if out.created {
		msg = fmt.Sprintf("Subscriber %s added at unit %s.", out.token, u.id())
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: out.token, Message: msg, Changes: []gremlinconsole.Change{
		{Field: "UnitID_internal", After: u.id()}, {Field: "KeyCount", After: len(ks.keys)}}})
	if out.created {
		sealed, err := outbox.Seal(s.Secrets, out.temporary)
		if err != nil {
			return nil, err
		}
		t = c.WithEvent(t, gremlinconsole.Event{Type: EventSubscriberWelcome, Key: out.token, Payload: map[string]any{
			"SubscriberToken": out.token, "EmailAddress": e.email, "PhoneNumber.E164": e.phone, "GivenName": e.given,
			"FamilyName": e.family, "locale": "en-us", "VenueID": c.VenueID, "UnitID_internal": u.id(),
			"TemporaryPassword.sealed": sealed, "contactpref_email": e.prefEmail == nil || *e.prefEmail,
			"contactpref_sms": e.prefSMS != nil && *e.prefSMS,
		}})
	}
	if err := graphdb.Exec(t); err != nil {
		var ce *graphdb.CommandError
		if errors.As(err, &ce) && ce.Message == keyInUseMessage {
			field := "NewKey"
			if e.userPart != "" {
				field = "UserPartForNewKey"
			}
			return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: field + ": " + keyInUseMessage, Field: field}
		}
		return nil, err
	}
	return out, nil
}

// addSubscriberVertex appends the creation of a new subscriber with its claims.
func (s *Commands) addSubscriberVertex(c *gremlinconsole.Call, t *gremlingo.GraphTraversal, e enrollment, token, hash string) (*gremlingo.GraphTraversal, error) {
	vid := subscriberVID(token)
	t = t.SideEffect(__.V(vid).Fail(graphdb.FailMessage(http.StatusConflict, "SubscriberToken exists; try again.")))
	props := map[string]any{keyToken: token, keyOperator: c.OperatorID, keyEmail: e.email, keyGiven: e.given, keyFamily: e.family,
		keyLocale: "en-us", keyPrefEmail: e.prefEmail == nil || *e.prefEmail, keyPrefSMS: e.prefSMS != nil && *e.prefSMS,
		keyStatus: StatusAUPNotAccepted, identity.KeyConsoleStatus: identity.ConsoleForceChangePassword,
		identity.KeyTemporaryPasswordHash: hash, keyDateAdded: c.NowMillis(), "AccountAddedByAdministrator": adminName(c)}
	type claim struct {
		key          schema.PropertyKey
		field, value string
	}
	claims := []claim{{schema.KeyOperatorEmailAddress, "EmailAddress", e.email}, {schema.KeyOperatorPhoneNumber, "PhoneNumber", e.phone},
		{schema.KeyOperatorExternalSubscriberID, "externalSubscriberID", e.external}}
	if e.phone != "" {
		props[keyPhone] = e.phone
	}
	if e.external != "" {
		props[keyExternal] = e.external
	}
	var claimIDs []string
	for _, cl := range claims {
		composite, ok := schema.CompositeKey(c.OperatorID, cl.value)
		if !ok {
			continue
		}
		props[string(cl.key)] = composite
		id, err := claimVID(cl.key, composite)
		if err != nil {
			return nil, err
		}
		t = t.SideEffect(__.V(id).Fail(graphdb.FailMessage(http.StatusConflict, "A subscriber with this "+cl.field+" exists.")))
		claimIDs = append(claimIDs, id)
	}
	v := __.AddV(labelSubscriber).Property(gremlingo.T.Id, vid)
	for k, val := range props {
		v = set(v, k, val)
	}
	v = v.As("newsub")
	for _, id := range claimIDs {
		v = v.SideEffect(graphdb.Claim(labelValueClaim, id).AddE(edgeClaimHeldBy).To("newsub"))
	}
	v = v.SideEffect(__.V(operatorVID(c.OperatorID)).AddE(edgeOperatorSubscriber).To("newsub"))
	return t.SideEffect(v), nil
}

// adminName is who made a change, for the subscriber's records.
func adminName(c *gremlinconsole.Call) string {
	if c.Principal == nil {
		return ""
	}
	return c.Principal.Subject
}
