package subscribers

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/schema"
)

// Parameter declarations shared by several commands.
var (
	pVenue      = gremlinconsole.Param{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: schema.MaxVenueIDLen}
	pVenueReq   = gremlinconsole.Param{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: schema.MaxVenueIDLen}
	pOperator   = gremlinconsole.Param{Name: "OperatorID", Kind: gremlinconsole.String, MaxLen: 40, Doc: "defaults to the caller's operator"}
	pToken      = gremlinconsole.Param{Name: "SubscriberToken", Kind: gremlinconsole.String, MinLen: schema.MinSubscriberTokenLen, MaxLen: schema.MaxSubscriberTokenLen}
	pTokenReq   = gremlinconsole.Param{Name: "SubscriberToken", Kind: gremlinconsole.String, Required: true, MinLen: schema.MinSubscriberTokenLen, MaxLen: schema.MaxSubscriberTokenLen}
	pSubID      = gremlinconsole.Param{Name: "SubscriberID", Kind: gremlinconsole.String, MinLen: schema.MinSubscriberTokenLen, MaxLen: schema.MaxSubscriberTokenLen, Doc: "the SubscriberToken"}
	pEmail      = gremlinconsole.Param{Name: "EmailAddress", Kind: gremlinconsole.String, MaxLen: 254, Format: gremlinconsole.FormatEmail}
	pEmailReq   = gremlinconsole.Param{Name: "EmailAddress", Kind: gremlinconsole.String, Required: true, MaxLen: 254, Format: gremlinconsole.FormatEmail}
	pPhone      = gremlinconsole.Param{Name: "PhoneNumber", Kind: gremlinconsole.String, Format: gremlinconsole.FormatE164}
	pExternal   = gremlinconsole.Param{Name: "externalSubscriberID", Kind: gremlinconsole.String, MaxLen: 100}
	pUnit       = gremlinconsole.Param{Name: "UnitID_internal", Kind: gremlinconsole.String, MaxLen: schema.MaxUnitIDInternalLen}
	pUnitReq    = gremlinconsole.Param{Name: "UnitID_internal", Kind: gremlinconsole.String, Required: true, MaxLen: schema.MaxUnitIDInternalLen}
	pUserPart   = gremlinconsole.Param{Name: "UserPartForNewKey", Kind: gremlinconsole.String, MinLen: 1, MaxLen: maxUserPartLen, Pattern: wpaPattern}
	pNewKey     = gremlinconsole.Param{Name: "NewKey", Kind: gremlinconsole.String, MinLen: 8, MaxLen: 63, Pattern: wpaPattern, Secret: true}
	pPrefEmail  = gremlinconsole.Param{Name: "contactpref_email", Kind: gremlinconsole.Boolean}
	pPrefSMS    = gremlinconsole.Param{Name: "contactpref_sms", Kind: gremlinconsole.Boolean}
	pGiven      = gremlinconsole.Param{Name: "GivenName", Kind: gremlinconsole.String, MaxLen: maxNameLen}
	pFamily     = gremlinconsole.Param{Name: "FamilyName", Kind: gremlinconsole.String, MaxLen: maxNameLen}
	pLocale     = gremlinconsole.Param{Name: "locale", Kind: gremlinconsole.String, Enum: locales}
	pChannel    = gremlinconsole.Param{Name: "NotificationChannel", Kind: gremlinconsole.String, Enum: []string{"email", "sms", "EMAIL", "SMS"}}
	pStartISO   = gremlinconsole.Param{Name: "StartDateTimeUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40}
	pEndISO     = gremlinconsole.Param{Name: "EndDateTimeUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40}
	pStatus     = gremlinconsole.Param{Name: "Status", Kind: gremlinconsole.String, Enum: []string{StatusActive, StatusAUPNotAccepted, "AUP Not Accepted", StatusUnknown, StatusInService, StatusSuspended}}
	venueScope  = gremlinconsole.ScopeParams{Operator: "OperatorID", Venue: "VenueID"}
	opScope     = gremlinconsole.ScopeParams{Operator: "OperatorID"}
	subscriberQ = []gremlinconsole.Param{pToken, pEmail, pPhone}
)

func params(ps ...[]gremlinconsole.Param) []gremlinconsole.Param {
	var out []gremlinconsole.Param
	for _, p := range ps {
		out = append(out, p...)
	}
	return out
}

func (s *Commands) venueGroup() ([]*gremlinconsole.Command, []Route) {
	return []*gremlinconsole.Command{
			{
				Name:     "Subscriber.addSubscriber",
				Summary:  "Adds a subscriber at a unit (or gives an existing one, by token or email, a subscription there) with a WiFi key per SSID of the venue; the welcome message carries a temporary password.",
				Roles:    venueConsole,
				Mutating: true,
				Params: []gremlinconsole.Param{pEmailReq, pUnitReq, pVenue, pOperator, pToken, pUserPart, pNewKey, pPrefEmail, pPrefSMS,
					pExternal, {Name: "externalSubscriptionID", Kind: gremlinconsole.String, MaxLen: 100}, pStartISO, pEndISO,
					{Name: "InvoiceDateTimeUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40}, pGiven, pFamily, pPhone,
					{Name: "ServicePlanID", Kind: gremlinconsole.String, MaxLen: 256}},
				Scope: venueScope,
				Run:   s.addSubscriber,
			},
			{
				Name:    "Subscriber.validateEmailAddress",
				Summary: "Tells whether a subscriber with the email address exists and returns their profile (defaults when not).",
				Roles:   venueConsole,
				Params:  []gremlinconsole.Param{pEmailReq, pOperator, pVenue},
				Scope:   venueScope,
				Run:     s.validateEmailAddress,
			},
			{
				Name:     "Subscriber.resendCodeforTandC",
				Summary:  "Sends the welcome message again with a new temporary password (terms not yet accepted) or a password reset code.",
				Roles:    venueConsole,
				Mutating: true,
				Params:   params([]gremlinconsole.Param{pVenue, pOperator, pChannel}, subscriberQ),
				Scope:    venueScope,
				Run:      s.resendCode,
			},
			{
				Name:    "Subscriber.listSubscriberLog",
				Summary: "Lists a subscriber's log entries, most recent first (venue roles see their venues' entries).",
				Roles:   operatorReaders,
				Params:  params([]gremlinconsole.Param{pVenue, pOperator, pSubID, pExternal}, subscriberQ),
				Scope:   venueScope,
				Run:     s.listSubscriberLog,
			},
			{
				Name:    "Subscriber.listSubscriberLogAtVenue",
				Summary: "Lists a subscriber's log entries at the caller's venues, most recent first.",
				Roles:   venueConsole,
				Params:  []gremlinconsole.Param{pTokenReq, pVenue, pOperator},
				Scope:   venueScope,
				Run:     s.listSubscriberLog,
			},
			{
				Name:     "Subscriber.updateSubscriberPII",
				Summary:  "Updates a subscriber's names, phone, locale, contact preferences, status and external id.",
				Roles:    venueConsole,
				Mutating: true,
				Params: params(subscriberQ, []gremlinconsole.Param{pVenue, pOperator, pSubID,
					{Name: "GivenName", Kind: gremlinconsole.String, MaxLen: 200}, {Name: "FamilyName", Kind: gremlinconsole.String, MaxLen: 200},
					{Name: "PhoneNumber.E164", Kind: gremlinconsole.String, Format: gremlinconsole.FormatE164},
					{Name: "NewEmailAddress", Kind: gremlinconsole.String, MaxLen: 254, Format: gremlinconsole.FormatEmail, Doc: "operator roles only"},
					pPrefSMS, pPrefEmail, pLocale, pStatus, {Name: "externalSubscriberID", Kind: gremlinconsole.String, MaxLen: 200},
					{Name: "newExternalSubscriberID", Kind: gremlinconsole.String, MaxLen: 100}}),
				Scope: venueScope,
				Run:   s.updateSubscriberPII,
			},
			{
				Name:    "Subscriber.listMessages",
				Summary: "Lists the messages a venue sent a subscriber, with their acknowledgement.",
				Roles:   venueConsole,
				Params:  []gremlinconsole.Param{pEmailReq, pVenueReq, pOperator},
				Scope:   venueScope,
				Run:     s.listMessages,
			},
			{
				Name:     "Subscriber.sendMessage",
				Summary:  "Sends a message to one subscriber, a unit, a building or the whole venue; optionally by email too.",
				Roles:    venueConsole,
				Mutating: true,
				Params: []gremlinconsole.Param{pVenueReq, pOperator,
					{Name: "Subject", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 200},
					{Name: "Message", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 5000},
					pEmail, pUnit, {Name: "UnitBuilding", Kind: gremlinconsole.String, MaxLen: 20},
					{Name: "sendEmailNotification", Kind: gremlinconsole.Boolean}},
				Scope: venueScope,
				Run:   s.sendMessage,
			},
		}, []Route{
			{"/venuemgmtconsole/subscribers/addSubscriber", "Subscriber.addSubscriber"},
			{"/venuemgmtconsole/subscribers/validateEmailAddress", "Subscriber.validateEmailAddress"},
			{"/venuemgmtconsole/subscribers/resendCodeforTandC", "Subscriber.resendCodeforTandC"},
			{"/venuemgmtconsole/subscribers/listSubscriberLog", "Subscriber.listSubscriberLogAtVenue"},
			{"/venuemgmtconsole/subscribers/updateSubscriberPII", "Subscriber.updateSubscriberPII"},
			{"/venuemgmtconsole/subscribers/listMessages", "Subscriber.listMessages"},
			{"/venuemgmtconsole/subscribers/sendMessage", "Subscriber.sendMessage"},
		}
}

// addSubscriber: the seeds return TemporaryPassword in the answer; we return it masked,
// because the welcome message delivers it to the subscriber and staff who saw it could sign
// in as the resident. An existing subscriber (SubscriberToken, or the operator's subscriber
// with this EmailAddress) gets the new subscription and keys instead of a second account.
func (s *Commands) addSubscriber(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	e, err := enrollParams(c)
	if err != nil {
		return nil, err
	}
	if c.Params.Has("InvoiceDateTimeUTC.ISO8601") {
		if _, err := parseISO("InvoiceDateTimeUTC.ISO8601", c.Params.String("InvoiceDateTimeUTC.ISO8601")); err != nil {
			return nil, err
		}
	}
	existing, err := s.existing(c, e)
	if err != nil {
		return nil, err
	}
	out, err := s.enroll(c, e, existing)
	if err != nil {
		return nil, err
	}
	return enrollResult(out, e, "Subscriber added."), nil
}

// existing finds the subscriber an enrollment extends: by token (must exist and be
// reachable) or by the operator's email/phone (nil when there is none).
func (s *Commands) existing(c *gremlinconsole.Call, e enrollment) (*subscriber, error) {
	if c.Params.String("SubscriberToken") != "" {
		q := gremlinconsole.Params{"SubscriberToken": c.Params.String("SubscriberToken")}
		saved := c.Params
		c.Params = q
		defer func() { c.Params = saved }()
		return loadSubscriber(c)
	}
	if c.OperatorID == "" {
		if _, err := readUnit(c, e.unit); err != nil {
			return nil, err
		}
	}
	for _, q := range []gremlinconsole.Params{{"EmailAddress": e.email}, {"PhoneNumber": e.phone}} {
		if q.String("EmailAddress") == "" && q.String("PhoneNumber") == "" {
			continue
		}
		t, err := subscriberQuery(c.G(), q, c.OperatorID)
		if err != nil {
			return nil, err
		}
		r, err := graphdb.First(t.Limit(1).Project("p", "v").By(__.ValueMap()).By(subscriberVenues()))
		if err != nil {
			return nil, err
		}
		if r != nil {
			m, _ := r.GetInterface().(map[any]any)
			return &subscriber{props: graphdb.Flatten(m["p"])}, nil
		}
	}
	return nil, nil
}

func enrollResult(out *enrolled, e enrollment, message string) gremlinconsole.Result {
	keys := make([]map[string]any, 0, len(out.keys))
	for _, k := range out.keys {
		keys = append(keys, map[string]any{"KeyID": k.KeyID, "KeyPoolID": k.KeyPoolID, "SSID": k.SSID})
	}
	email := e.email
	if !out.created {
		email = str(out.props, keyEmail)
	}
	res := gremlinconsole.Result{"message": message, "SubscriberToken": out.token, "EmailAddress": email, "Status": out.status,
		"SubscriptionID": out.subscription, "Keys": keys, "StripeCustomerID": "",
		"contactpref_email": e.prefEmail == nil || *e.prefEmail, "contactpref_sms": e.prefSMS != nil && *e.prefSMS,
		"externalSubscriberID": e.external}
	if out.temporary != "" {
		res["TemporaryPassword"] = vaultcrypto.Mask(out.temporary)
	}
	return res
}

// profile renders a subscriber's profile fields.
func profile(p map[string]any) gremlinconsole.Result {
	return gremlinconsole.Result{
		"SubscriberToken": str(p, keyToken), "EmailAddress": str(p, keyEmail), "GivenName": str(p, keyGiven),
		"FamilyName": str(p, keyFamily), "PhoneNumber.E164": str(p, keyPhone), "locale": orDefault(str(p, keyLocale), "en-us"),
		"contactpref_sms": boolean(p, keyPrefSMS), "contactpref_email": boolean(p, keyPrefEmail), "Status": str(p, keyStatus),
		"externalSubscriberID": str(p, keyExternal), "dateAddedUTC.ISO8601": iso(millis(p, keyDateAdded)),
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// validateEmailAddress answers the same shape whether or not the subscriber exists (the
// seeds: "missing attributes come back with default values"); EmailAddressFound tells
// which. A venue role sees only subscribers of its venues.
func (s *Commands) validateEmailAddress(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if gerr, ok := err.(*gremlinconsole.Error); ok && gerr.Status == http.StatusNotFound {
		res := profile(map[string]any{})
		res["EmailAddress"], res["EmailAddressFound"], res["message"] = schema.NormalizeEmail(c.Params.String("EmailAddress")), false, ""
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	res := profile(sub.props)
	res["EmailAddressFound"], res["message"] = true, ""
	return res, nil
}

// resendCode: an account that has not accepted the terms gets a new temporary password in
// a new welcome message (only its hash is kept, so the old one cannot be re-sent); a
// confirmed account gets a password reset code (reused while it is valid).
func (s *Commands) resendCode(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if !identifierGiven(c.Params) {
		return nil, &gremlinconsole.ValidationError{Field: "EmailAddress", Message: "is required (or PhoneNumber or SubscriberToken)"}
	}
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	msg, err := s.sendAccessCode(c, sub)
	if err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": msg, "errorProcessing": false}, nil
}

// sendAccessCode issues a new temporary password (terms not accepted) or a reset code
// (confirmed accounts) and records the notification event; other accounts get nothing.
func (s *Commands) sendAccessCode(c *gremlinconsole.Call, sub *subscriber) (string, error) {
	tok := sub.token()
	channel := c.Params.String("NotificationChannel")
	t := c.G().V(subscriberVID(tok)).As("target")
	switch str(sub.props, identity.KeyConsoleStatus) {
	case identity.ConsoleForceChangePassword:
		temp, err := vaultcrypto.GeneratePassphrase(temporaryPasswordLen)
		if err != nil {
			return "", err
		}
		hash, err := s.Accounts.HashPassword(temp)
		if err != nil {
			return "", err
		}
		sealed, err := sealSecret(s, temp)
		if err != nil {
			return "", err
		}
		t = set(t, identity.KeyTemporaryPasswordHash, hash).Fold()
		t = c.WithAudit(t, gremlinconsole.Audit{Target: tok, Message: "Welcome notification resent."})
		payload := profile(sub.props)
		payload["TemporaryPassword.sealed"], payload["NotificationChannel"] = sealed, channel
		t = c.WithEvent(t, gremlinconsole.Event{Type: EventSubscriberWelcome, Key: tok, Payload: payload})
		return "Welcome notification resent successfully", graphdb.Exec(t)
	case identity.ConsoleConfirmed:
		code, fresh, err := s.resetCode(c, sub)
		if err != nil {
			return "", err
		}
		sealed, err := sealSecret(s, code)
		if err != nil {
			return "", err
		}
		if fresh {
			stored, err := s.Secrets.EncryptString(code, otpContext(tok))
			if err != nil {
				return "", err
			}
			t = set(set(t, keyResetCode, stored), keyResetStart, c.NowMillis())
		}
		t = c.WithAudit(t.Fold(), gremlinconsole.Audit{Target: tok, Message: "Password reset code sent."})
		payload := profile(sub.props)
		payload["OTP.sealed"], payload["NotificationChannel"] = sealed, channel
		t = c.WithEvent(t, gremlinconsole.Event{Type: EventPasswordResetCode, Key: tok, Payload: payload})
		return "Password reset code sent successfully", graphdb.Exec(t)
	}
	return "Password reset code sent successfully", nil
}

// listSubscriberLog lists the entries whose Target is the subscriber, most recent first;
// venue roles see only entries of their venues (or of the VenueID asked).
func (s *Commands) listSubscriberLog(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	var sub *subscriber
	var err error
	if selfToken(c) != "" {
		sub, err = loadSelf(c)
	} else {
		sub, err = loadSubscriber(c)
	}
	if err != nil {
		return nil, err
	}
	t := c.G().V().HasLabel(gremlinconsole.LabelLogEntry).Has(gremlinconsole.KeyOperatorID, sub.operator()).Has("Target", sub.token())
	if v := c.Params.String("VenueID"); v != "" {
		t = t.Has(gremlinconsole.KeyVenueID, v)
	} else if c.Principal != nil && len(c.Principal.VenueIDs) > 0 {
		vs := make([]any, len(c.Principal.VenueIDs))
		for i, v := range c.Principal.VenueIDs {
			vs[i] = v
		}
		t = t.Has(gremlinconsole.KeyVenueID, gremlingo.P.Within(vs...))
	}
	res, err := graphdb.All(t.Limit(1000).ValueMap())
	if err != nil {
		return nil, err
	}
	entries := make([]map[string]any, 0, len(res))
	for _, r := range res {
		m := graphdb.Flatten(r.GetInterface())
		e := map[string]any{}
		for k, v := range m {
			switch k {
			case gremlinconsole.KeyDateAdded:
				e["dateAddedUTC.ISO8601"] = iso(millis(m, k))
			case "Parameters":
			default:
				e[k] = v
			}
		}
		e["function_name"], e["event"], e["SubscriberToken"] = m["Command"], m["Message"], sub.token()
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool {
		return fmt.Sprint(entries[i]["dateAddedUTC.ISO8601"]) > fmt.Sprint(entries[j]["dateAddedUTC.ISO8601"])
	})
	return gremlinconsole.Result{"message": "", "success": true, "log": entries, "subscriberInfo": profile(sub.props),
		"logSummary": map[string]any{"EntryCount": len(entries)}}, nil
}

// listMessages lists a subscriber's messages from the venue.
func (s *Commands) listMessages(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	msgs, err := messages(c, sub.token(), c.VenueID, false)
	if err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "", "messages": msgs}, nil
}

// messages reads a subscriber's messages (of one venue when venue is set; unread only when
// unread is set), keyed by MessageID.
func messages(c *gremlinconsole.Call, token, venue string, unread bool) (map[string]any, error) {
	t := c.G().V(subscriberVID(token)).In(edgeMessageToSubscriber).HasLabel(labelMessage)
	if venue != "" {
		t = t.Has(keyVenue, venue)
	}
	if unread {
		t = t.HasNot(keyAcknowledged)
	}
	res, err := graphdb.All(t.Limit(500).ValueMap())
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, r := range res {
		m := graphdb.Flatten(r.GetInterface())
		out[str(m, keyMessageID)] = map[string]any{
			"Subject": m["Subject"], "Message": m["Message"], "VenueID": m[keyVenue], "VenueName": m["VenueName"],
			"dateAddedUTC.ISO8601": iso(millis(m, keyDateAdded)), "Acknowledged": m[keyAcknowledged] != nil,
			"AcknowledgedDateTimeUTC.ISO8601": iso(millis(m, keyAcknowledged)), "sendEmailNotification": m["sendEmailNotification"],
		}
	}
	return out, nil
}

// sendMessage writes one message vertex per recipient (so each one's acknowledgement is
// its own), the target narrowing by EmailAddress, then UnitID_internal, then UnitBuilding,
// else the whole venue: recipients are the subscribers with a subscription at the venue.
func (s *Commands) sendMessage(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	p := c.Params
	recip := c.G().V(venueVID(c.VenueID)).Out(edgeVenueUnit)
	switch {
	case p.String("EmailAddress") != "":
	case p.String("UnitID_internal") != "":
		recip = recip.HasId(unitVID(p.String("UnitID_internal")))
	case p.String("UnitBuilding") != "":
		recip = recip.Has(string(schema.KeyUnitBuilding), p.String("UnitBuilding"))
	}
	recip = recip.In(edgeSubscriptionUnit).In(edgeSubscription).HasLabel(labelSubscriber).Not(__.Has(keyStatus, StatusClosed)).Dedup()
	if e := p.String("EmailAddress"); e != "" {
		composite, _ := schema.CompositeKey(c.OperatorID, schema.NormalizeEmail(e))
		recip = recip.Has(keyOpEmail, composite)
	}
	res, err := graphdb.All(recip.Limit(5000).ValueMap(keyToken, keyEmail, keyGiven, keyLocale, keyPrefEmail))
	if err != nil {
		return nil, err
	}
	if len(res) == 0 {
		return nil, notFound("No subscriber at this venue matches the target.")
	}
	venueName, _ := graphdb.First(c.G().V(venueVID(c.VenueID)).Values(string(schema.KeyVenueName)))
	vname := ""
	if venueName != nil {
		vname = venueName.GetString()
	}
	broadcast := randomID("msg_")
	subject, body := sanitize(p.String("Subject")), sanitize(p.String("Message"))
	t := c.G().Inject(0)
	var first map[string]any
	for i, r := range res {
		m := graphdb.Flatten(r.GetInterface())
		if first == nil {
			first = m
		}
		id := randomID("msg_")
		label := fmt.Sprintf("m%d", i)
		v := __.AddV(labelMessage).Property(gremlingo.T.Id, schema.GraphID(schema.VertexMessage, id))
		for k, val := range map[string]any{keyMessageID: id, "BroadcastID": broadcast, keyVenue: c.VenueID, "VenueName": vname,
			keyOperator: c.OperatorID, keyToken: str(m, keyToken), "Subject": subject, "Message": body,
			"sendEmailNotification": p.Bool("sendEmailNotification"), keyDateAdded: c.NowMillis(), "SentBy": adminName(c)} {
			v = set(v, k, val)
		}
		t = t.SideEffect(v.As(label).
			SideEffect(__.V(venueVID(c.VenueID)).AddE(edgeMessageFromVenue).From(label)).
			SideEffect(__.V(subscriberVID(str(m, keyToken))).AddE(edgeMessageToSubscriber).From(label)))
		if p.Bool("sendEmailNotification") {
			t = c.WithEvent(t, gremlinconsole.Event{Type: EventVenueMessage, Key: str(m, keyToken), Payload: map[string]any{
				"SubscriberToken": str(m, keyToken), "EmailAddress": str(m, keyEmail), "GivenName": str(m, keyGiven),
				"locale": str(m, keyLocale), "VenueID": c.VenueID, "VenueName": vname, "Subject": subject, "Message": body, "MessageID": id}})
		}
	}
	target := broadcast
	if p.String("EmailAddress") != "" {
		// One recipient: the entry is about them (and goes with them on erasure).
		target = str(first, keyToken)
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: target, Message: fmt.Sprintf("Message %q sent to %d subscriber(s).", subject, len(res))})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "Message sent.", "MessageID": broadcast, "RecipientCount": len(res),
		"GivenName": str(first, keyGiven), "EmailAddress": str(first, keyEmail), "locale": orDefault(str(first, keyLocale), "en-us")}, nil
}
