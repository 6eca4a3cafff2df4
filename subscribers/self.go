package subscribers

import (
	"context"
	"net/http"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// selfGroup is the signed-in subscriber's own console: every command acts on the caller's
// own account (the token's subject) and refuses keys, devices and messages of others as
// not found.
func (s *Commands) selfGroup() ([]*gremlinconsole.Command, []Route) {
	pMAC := gremlinconsole.Param{Name: "Calling-Station-Id", Kind: gremlinconsole.String, Required: true, Pattern: macPattern}
	return []*gremlinconsole.Command{
			{
				Name: "Subscriber.updatePII", Summary: "Updates the subscriber's own names, phone, locale and contact preferences.",
				Roles: subscriberOnly, Mutating: true,
				Params: []gremlinconsole.Param{pToken, pGiven, pFamily, pPhone, pPrefSMS, pPrefEmail, pLocale},
				Run:    s.updateOwnPII,
			},
			{
				Name: "Subscriber.listKeys", Summary: "Returns the subscriber's profile, keys by keypool (passphrases shown to their owner), devices online or offline and unread venue messages.",
				Roles: subscriberOnly, Params: []gremlinconsole.Param{pVenue}, Run: s.listKeys,
			},
			{
				Name: "Subscriber.updateKeyTag", Summary: "Names one of the subscriber's keys (unique among their keys).",
				Roles: subscriberOnly, Mutating: true,
				Params: []gremlinconsole.Param{pVenue, {Name: "KeyID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 64},
					{Name: "KeyTag", Kind: gremlinconsole.String, Required: true, MaxLen: maxTagLen}},
				Run: s.updateKeyTag,
			},
			{
				Name: "Subscriber.updateDeviceName", Summary: "Names one of the subscriber's devices (unique among their devices).",
				Roles: subscriberOnly, Mutating: true,
				Params: []gremlinconsole.Param{pVenue, pMAC, {Name: "UserDefinedHostName", Kind: gremlinconsole.String, Required: true, MaxLen: maxTagLen}},
				Run:    s.updateDeviceName,
			},
			{
				Name: "Subscriber.resetOwnKey", Summary: "Gives one of the subscriber's keys a new passphrase (dryRun only checks it).",
				Roles: subscriberOnly, Mutating: true,
				Params: []gremlinconsole.Param{{Name: "CurrentKeyID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 64}, pNewKey, pUserPart,
					{Name: "dryRun", Kind: gremlinconsole.Boolean}},
				Run: s.resetOwnKey,
			},
			{
				Name: "Subscriber.acknowledgeMessageFromVenue", Summary: "Marks a venue message read.",
				Roles: subscriberOnly, Mutating: true,
				Params: []gremlinconsole.Param{{Name: "MessageID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 64}},
				Run:    s.acknowledge,
			},
			{
				Name: "Subscriber.listOwnLog", Summary: "Lists the subscriber's own log entries, most recent first.",
				Roles: subscriberOnly, Params: []gremlinconsole.Param{pVenue}, Run: s.listSubscriberLog,
			},
		}, []Route{
			{"/subscriberconsole/updatePII", "Subscriber.updatePII"},
			{"/subscriberconsole/listKeys", "Subscriber.listKeys"},
			{"/subscriberconsole/updateKeyTag", "Subscriber.updateKeyTag"},
			{"/subscriberconsole/updateDeviceName", "Subscriber.updateDeviceName"},
			{"/subscriberconsole/resetKey", "Subscriber.resetOwnKey"},
			{"/subscriberconsole/acknowledgeMessageFromVenue", "Subscriber.acknowledgeMessageFromVenue"},
			{"/subscriberconsole/listSubscriberLog", "Subscriber.listOwnLog"},
		}
}

// updateOwnPII: a SubscriberToken other than the caller's is refused (403).
func (s *Commands) updateOwnPII(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if tok := c.Params.String("SubscriberToken"); tok != "" && tok != selfToken(c) {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "A subscriber may change only their own details.", Field: "SubscriberToken"}
	}
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	p := c.Params
	var ch []piiChange
	if p.Has("GivenName") {
		ch = append(ch, piiChange{"GivenName", keyGiven, sanitize(p.String("GivenName"))})
	}
	if p.Has("FamilyName") {
		ch = append(ch, piiChange{"FamilyName", keyFamily, sanitize(p.String("FamilyName"))})
	}
	if p.Has("PhoneNumber") {
		ch = append(ch, piiChange{"PhoneNumber", keyPhone, p.String("PhoneNumber")})
	}
	for _, f := range []struct{ field, key string }{{"locale", keyLocale}, {"contactpref_sms", keyPrefSMS}, {"contactpref_email", keyPrefEmail}} {
		if p.Has(f.field) {
			ch = append(ch, piiChange{f.field, f.key, p[f.field]})
		}
	}
	return s.applyPII(c, sub, ch)
}

func (s *Commands) listKeys(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	venue := c.Params.String("VenueID")
	pools, n, active, err := s.keyView(c, sub.token(), venue, true)
	if err != nil {
		return nil, err
	}
	devs, online, offline, err := devices(c, sub.token())
	if err != nil {
		return nil, err
	}
	for _, pool := range pools {
		for id, k := range pool.(map[string]any)["Keys"].(map[string]any) {
			mine := map[string]any{}
			for mac, d := range devs {
				if d.(map[string]any)["KeyID"] == id {
					mine[mac] = d
				}
			}
			k.(map[string]any)["Devices"] = mine
		}
	}
	msgs, err := messages(c, sub.token(), venue, true)
	if err != nil {
		return nil, err
	}
	res := profile(sub.props)
	delete(res, "Status")
	res["message"], res["KeyCount"], res["KeyCountActive"] = "", n, active
	res["DeviceCountOnline"], res["DeviceCountOffline"] = online, offline
	res["KeysInKeyPools"], res["messages_from_venues"] = pools, msgs
	return res, nil
}

// updateKeyTag: the tag is sanitised; another key of the subscriber with the same tag is a 409.
func (s *Commands) updateKeyTag(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	tok := selfToken(c)
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	keyID, tag := c.Params.String("KeyID"), sanitize(c.Params.String("KeyTag"))
	t := c.G().V(subscriberVID(tok)).Out(edgeSubscriberPSK).HasId(keyVID(keyID)).Fold().
		Coalesce(__.Unfold(), __.Fail(graphdb.FailMessage(http.StatusNotFound, "KeyID "+keyID+" was not found."))).As("target")
	if tag != "" {
		t = t.SideEffect(__.V(subscriberVID(tok)).Out(edgeSubscriberPSK).Has(keyTag, tag).Not(__.HasId(keyVID(keyID))).
			Fail(graphdb.FailMessage(http.StatusConflict, "KeyTag: another of your keys has this tag.")))
	}
	t = set(t, keyTag, tag)
	t = c.WithAudit(t, gremlinconsole.Audit{Target: tok, Message: "Key " + keyID + " tagged.", Operator: sub.operator(),
		Changes: []gremlinconsole.Change{{Field: "KeyTag", BeforeKey: keyTag, After: tag}}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "", "KeyTag": tag}, nil
}

// updateDeviceName names a device the subscriber has used (subscriber_has_device); the MAC
// is matched upper case with colons.
func (s *Commands) updateDeviceName(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	tok := selfToken(c)
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	mac, name := normalizeMAC(c.Params.String("Calling-Station-Id")), sanitize(c.Params.String("UserDefinedHostName"))
	t := c.G().V(subscriberVID(tok)).Out(edgeSubscriberDevice).Has(keyMAC, mac).Fold().
		Coalesce(__.Unfold(), __.Fail(graphdb.FailMessage(http.StatusNotFound, "Calling-Station-Id "+mac+" is not one of your devices."))).As("target")
	if name != "" {
		t = t.SideEffect(__.V(subscriberVID(tok)).Out(edgeSubscriberDevice).Has(keyHostName, name).Not(__.Has(keyMAC, mac)).
			Fail(graphdb.FailMessage(http.StatusConflict, "UserDefinedHostName: another of your devices has this name.")))
	}
	t = set(t, keyHostName, name)
	t = c.WithAudit(t, gremlinconsole.Audit{Target: tok, Message: "Device " + mac + " named.", Operator: sub.operator(),
		Changes: []gremlinconsole.Change{{Field: "UserDefinedHostName", BeforeKey: keyHostName, After: name}}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "", "Calling-Station-Id": mac, "UserDefinedHostName": name}, nil
}

// resetOwnKey: the key keeps its KeyID (newKeyId is the same id: the passphrase, not the
// key's identity, changes, and its devices must reconnect).
func (s *Commands) resetOwnKey(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	id := c.Params.String("CurrentKeyID")
	keys, err := readKeys(c, sub.token(), id)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "CurrentKeyID " + id + " was not found.", Field: "CurrentKeyID"}
	}
	dry := c.Params.Bool("dryRun")
	newID, err := s.resetKey(c, sub, keys[0], dry)
	if err != nil {
		return nil, err
	}
	msg := "WiFi password updated successfully. All devices will need to reconnect."
	if dry {
		msg = "The new WiFi password is valid; nothing was changed."
	}
	return gremlinconsole.Result{"success": true, "newKeyId": newID, "message": msg,
		"venues": []string{str(keys[0].props, keyVenue)}, "units": []string{str(keys[0].props, keyUnit)}}, nil
}

func (s *Commands) acknowledge(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	tok := selfToken(c)
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	id := c.Params.String("MessageID")
	t := c.G().V(subscriberVID(tok)).In(edgeMessageToSubscriber).HasId(schema.GraphID(schema.VertexMessage, id)).Fold().
		Coalesce(__.Unfold(), __.Fail(graphdb.FailMessage(http.StatusNotFound, "MessageID "+id+" was not found."))).As("target").
		Coalesce(__.Has(keyAcknowledged), set(__.Identity(), keyAcknowledged, c.NowMillis()))
	t = c.WithAudit(t.Fold(), gremlinconsole.Audit{Target: tok, Message: "Message " + id + " acknowledged.", Operator: sub.operator()})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "Message acknowledged by subscriber."}, nil
}
