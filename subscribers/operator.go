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

// removalReasons is removeKey's RemovalReason enumeration.
var removalReasons = []string{"SECURITY_INCIDENT", "KEY_COMPROMISE", "SERVICE_DEACTIVATION", "CREDENTIAL_ROTATION",
	"SUBSCRIBER_REQUEST", "COMPLIANCE", "KEY_EXPIRY", "SYSTEM_MIGRATION", "POLICY_VIOLATION", "MAINTENANCE"}

func (s *Commands) operatorGroup() ([]*gremlinconsole.Command, []Route) {
	pKeyID := gremlinconsole.Param{Name: "KeyID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 64}
	pCurrentKey := gremlinconsole.Param{Name: "CurrentKeyID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 64}
	return []*gremlinconsole.Command{
			{
				Name:     "Subscriber.addKey",
				Summary:  "Gives a subscriber (found by token, email or phone, or created) a subscription at a unit and a WiFi key per SSID of the venue.",
				Roles:    operatorConsole,
				Mutating: true,
				Params: params(subscriberQ, []gremlinconsole.Param{pVenueReq, pOperator, pUnitReq, pUserPart, pNewKey, pGiven, pFamily,
					{Name: "ServicePlanID", Kind: gremlinconsole.String, MaxLen: 256}, {Name: "externalServicePlanID", Kind: gremlinconsole.String, MaxLen: 100},
					pStartISO, pEndISO, {Name: "PolicyforSubscriberKey", Kind: gremlinconsole.Object}}),
				Scope: venueScope,
				Run:   s.addKey,
			},
			{
				Name:     "Subscriber.removeKey",
				Summary:  "Removes one of a subscriber's keys (its passphrase claim too) and records KeyEnd.",
				Roles:    operatorConsole,
				Mutating: true,
				Params: []gremlinconsole.Param{pSubID, pToken, pOperator, pKeyID,
					{Name: "RemovalReason", Kind: gremlinconsole.String, Required: true, Enum: removalReasons},
					{Name: "KeyType", Kind: gremlinconsole.String, MaxLen: 20}, {Name: "ForceRemoval", Kind: gremlinconsole.Boolean},
					{Name: "GracePeriod", Kind: gremlinconsole.Object}, {Name: "NotifySubscriber", Kind: gremlinconsole.Boolean},
					{Name: "ArchiveKey", Kind: gremlinconsole.Boolean}, {Name: "CleanupSessions", Kind: gremlinconsole.Boolean},
					{Name: "RemovalNotes", Kind: gremlinconsole.String, MaxLen: 1000}},
				Scope: opScope,
				Run:   s.removeKey,
			},
			{
				Name:     "Subscriber.resetKey",
				Summary:  "Replaces a key's passphrase: NewKey verbatim, UserPartForNewKey and the token, or a generated one.",
				Roles:    operatorConsole,
				Mutating: true,
				Params:   []gremlinconsole.Param{pCurrentKey, pOperator, pUserPart, pNewKey},
				Scope:    opScope,
				Run:      s.resetKeyAdmin,
			},
			{
				Name:    "Subscriber.listSubscriberKeys",
				Summary: "Lists a subscriber's keys by keypool with their unit policies and devices (passphrases masked).",
				Roles:   operatorConsole,
				Params:  params(subscriberQ, []gremlinconsole.Param{pVenue, pOperator, pExternal}),
				Scope:   venueScope,
				Run:     s.listSubscriberKeys,
			},
			{
				Name:    "Subscriber.listSubscribers",
				Summary: "Lists the operator's subscribers (or one venue's), filtered by plan and status, a page at a time.",
				Roles:   operatorConsole,
				Params: []gremlinconsole.Param{{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: schema.MaxVenueIDLen, Doc: "ALL for every venue"},
					pOperator, {Name: "ServicePlanFilter", Kind: gremlinconsole.Array, MaxLen: 100},
					{Name: "AccountStatusFilter", Kind: gremlinconsole.Array, MaxLen: 5}, {Name: "BillingStatusFilter", Kind: gremlinconsole.Array, MaxLen: 5},
					{Name: "UsageThreshold", Kind: gremlinconsole.String, Enum: []string{"HIGH", "MEDIUM", "LOW", "ALL"}},
					{Name: "AnalyticsLevel", Kind: gremlinconsole.String, Enum: []string{"basic", "standard", "comprehensive"}},
					{Name: "Pagination", Kind: gremlinconsole.Object, Doc: "Page (from 1) and PageSize (1-500, default 50)"},
					{Name: "IncludeAnalytics", Kind: gremlinconsole.Object}},
				Scope: opScope,
				Run:   s.listSubscribers,
			},
			{
				Name:     "Subscriber.enableSubscriberConsole",
				Summary:  "Opens the subscriber console to a subscriber: a new temporary password sent in a welcome message.",
				Roles:    operatorConsole,
				Mutating: true,
				Params: []gremlinconsole.Param{{Name: "SubscriberID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 100}, pOperator,
					{Name: "ConsoleAccessLevel", Kind: gremlinconsole.String, Required: true, Enum: []string{"BASIC", "STANDARD", "ADVANCED", "PREMIUM"}},
					{Name: "AuthenticationMethod", Kind: gremlinconsole.String, Required: true, Enum: []string{"PASSWORD", "SMS_VERIFICATION", "EMAIL_VERIFICATION", "MULTI_FACTOR"}},
					{Name: "InitialCredentials", Kind: gremlinconsole.Object, Required: true}, {Name: "CustomBranding", Kind: gremlinconsole.Object},
					{Name: "FeaturePermissions", Kind: gremlinconsole.Object}, {Name: "NotificationPreferences", Kind: gremlinconsole.Object},
					{Name: "SessionSettings", Kind: gremlinconsole.Object}},
				Scope: opScope,
				Run:   s.enableSubscriberConsole,
			},
			{
				Name:    "Subscriber.getSubscriberEmail",
				Summary: "Returns a subscriber's email address, its verification and the contact preferences.",
				Roles:   operatorConsole,
				Params: []gremlinconsole.Param{{Name: "SubscriberID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 100}, pOperator,
					{Name: "IncludeHistory", Kind: gremlinconsole.Boolean}, {Name: "VerificationDetails", Kind: gremlinconsole.Boolean},
					{Name: "CommunicationPreferences", Kind: gremlinconsole.Boolean}, {Name: "DeliveryAnalytics", Kind: gremlinconsole.Boolean},
					{Name: "DateRange", Kind: gremlinconsole.Object}},
				Scope: opScope,
				Run:   s.getSubscriberEmail,
			},
		}, []Route{
			{"/networkoperatorconsole/subscribers/addKey", "Subscriber.addKey"},
			{"/networkoperatorconsole/subscribers/removeKey", "Subscriber.removeKey"},
			{"/networkoperatorconsole/subscribers/resetKey", "Subscriber.resetKey"},
			{"/networkoperatorconsole/subscribers/listSubscriberKeys", "Subscriber.listSubscriberKeys"},
			{"/networkoperatorconsole/subscribers/listSubscribers", "Subscriber.listSubscribers"},
			{"/networkoperatorconsole/subscribers/enableSubscriberConsole", "Subscriber.enableSubscriberConsole"},
			{"/networkoperatorconsole/subscribers/resendCodeforTandC", "Subscriber.resendCodeforTandC"},
			{"/networkoperatorconsole/subscribers/updateSubscriberPII", "Subscriber.updateSubscriberPII"},
			{"/networkoperatorconsole/subscribers/getSubscriberEmail", "Subscriber.getSubscriberEmail"},
			{"/networkoperatorconsole/subscribers/listSubscriberLog", "Subscriber.listSubscriberLog"},
		}
}

// addKey: the subscriber is found by token, email or phone (in that order); without one
// that exists, EmailAddress creates the account as addSubscriber does.
func (s *Commands) addKey(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if !identifierGiven(c.Params) {
		return nil, &gremlinconsole.ValidationError{Field: "EmailAddress", Message: "is required (or PhoneNumber or SubscriberToken)"}
	}
	e, err := enrollParams(c)
	if err != nil {
		return nil, err
	}
	existing, err := s.existing(c, e)
	if err != nil {
		return nil, err
	}
	if existing == nil && e.email == "" {
		return nil, &gremlinconsole.ValidationError{Field: "EmailAddress", Message: "is required to create a subscriber"}
	}
	out, err := s.enroll(c, e, existing)
	if err != nil {
		return nil, err
	}
	res := enrollResult(out, e, "WiFi key created successfully")
	res["errorProcessing"], res["dateAddedUTC.ISO8601"] = false, iso(c.NowMillis())
	res["Subscription"] = map[string]any{"SubscriptionID": out.subscription, "UnitID_internal": e.unit, "ServicePlanID": e.plan,
		"StartDateTimeUTC.ISO8601": iso(e.start), "EndDateTimeUTC.ISO8601": iso(e.end)}
	return res, nil
}

// subscriberOfKey finds the subscriber holding a key, within the caller's reach.
func subscriberOfKey(c *gremlinconsole.Call, keyID string) (*subscriber, storedKey, error) {
	r, err := graphdb.First(c.G().V(keyVID(keyID)).HasLabel(labelPSK).ValueMap())
	if err != nil {
		return nil, storedKey{}, err
	}
	if r == nil {
		return nil, storedKey{}, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "KeyID " + keyID + " was not found.", Field: "KeyID"}
	}
	k := storedKey{props: graphdb.Flatten(r.GetInterface())}
	saved := c.Params
	c.Params = gremlinconsole.Params{"SubscriberToken": str(k.props, keyToken)}
	sub, err := loadSubscriber(c)
	c.Params = saved
	if err != nil {
		return nil, storedKey{}, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "KeyID " + keyID + " was not found.", Field: "KeyID"}
	}
	return sub, k, nil
}

func (s *Commands) removeKey(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	keyID := c.Params.String("KeyID")
	sub, k, err := subscriberOfKey(c, keyID)
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"SubscriberID", "SubscriberToken"} {
		if v := c.Params.String(f); v != "" && v != sub.token() {
			return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "KeyID " + keyID + " is not a key of this subscriber.", Field: "KeyID"}
		}
	}
	c.VenueID = str(k.props, keyVenue)
	t, err := s.endKey(c, c.G().Inject(0), k)
	if err != nil {
		return nil, err
	}
	reason := c.Params.String("RemovalReason")
	t = c.WithAudit(t, gremlinconsole.Audit{Target: sub.token(), Message: fmt.Sprintf("Key %s removed (%s).", keyID, reason),
		Changes: []gremlinconsole.Change{{Field: "KeyID", Before: keyID}, {Field: "KeyPoolID", Before: str(k.props, keyKeyPool)}}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"success": true, "message": "Key removed.", "removalId": randomID("KEY_REMOVAL_"),
		"subscriber":    map[string]any{"SubscriberToken": sub.token()},
		"key":           map[string]any{"KeyID": keyID, "KeyPoolID": str(k.props, keyKeyPool), "SSID": str(k.props, keySSID), "RemovalReason": reason},
		"archiveStatus": map[string]any{"Archived": true, "KeyValueArchived": false}}, nil
}

// resetKeyAdmin is the operator console's resetKey: the key keeps its KeyID.
func (s *Commands) resetKeyAdmin(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, k, err := subscriberOfKey(c, c.Params.String("CurrentKeyID"))
	if err != nil {
		return nil, err
	}
	if _, err := s.resetKey(c, sub, k, false); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "Wi-Fi password updated."}, nil
}

// resetKey gives a key a new passphrase (NewKey, UserPartForNewKey and the token, or a
// generated one), checking it is free on the key's SSID; dryRun only validates.
func (s *Commands) resetKey(c *gremlinconsole.Call, sub *subscriber, k storedKey, dryRun bool) (string, error) {
	pass, field, err := NewPassphrase(c.Params.String("NewKey"), c.Params.String("UserPartForNewKey"), sub.token())
	if err != nil {
		return "", &gremlinconsole.ValidationError{Field: field, Message: err.Error()}
	}
	c.VenueID = str(k.props, keyVenue)
	if dryRun {
		kp := str(k.props, keyKeyPool)
		claim, err := schema.PSKClaimKey(kp, s.Secrets.BlindIndex(blindScope(kp), pass))
		if err != nil {
			return "", err
		}
		r, err := graphdb.First(c.G().V(schema.GraphID(schema.VertexPSKClaim, claim)).Id())
		if err != nil {
			return "", err
		}
		if r != nil {
			return "", &gremlinconsole.Error{Status: http.StatusConflict, Message: keyInUseMessage, Field: orDefault(field, "NewKey")}
		}
		return k.id(), nil
	}
	t, err := s.rekey(c, c.G().V(keyVID(k.id())).As("target"), k, pass, false)
	if err != nil {
		return "", err
	}
	t = c.WithAudit(t.Fold(), gremlinconsole.Audit{Target: sub.token(), Message: "Key " + k.id() + " reset.", Operator: sub.operator()})
	if err := graphdb.Exec(t); err != nil {
		return "", conflictField(err, orDefault(field, "NewKey"))
	}
	return k.id(), nil
}

// conflictField names the field of a passphrase conflict.
func conflictField(err error, field string) error {
	if e, ok := err.(*graphdb.CommandError); ok && e.Message == keyInUseMessage {
		return &gremlinconsole.Error{Status: http.StatusConflict, Message: field + ": " + keyInUseMessage, Field: field}
	}
	return err
}

// keyView renders keys grouped by keypool: reveal decides whether the passphrase is shown
// (to its owner) or masked.
func (s *Commands) keyView(c *gremlinconsole.Call, token, venue string, reveal bool) (map[string]any, int, int, error) {
	t := c.G().V(subscriberVID(token)).Out(edgeSubscriberPSK)
	if venue != "" {
		t = t.Has(keyVenue, venue)
	}
	res, err := graphdb.All(t.Limit(1000).ValueMap())
	if err != nil {
		return nil, 0, 0, err
	}
	pools := map[string]any{}
	active := 0
	for _, r := range res {
		k := storedKey{props: graphdb.Flatten(r.GetInterface())}
		pass, err := s.passphrase(k)
		if err != nil {
			return nil, 0, 0, err
		}
		if !reveal {
			pass = vaultcrypto.Mask(pass)
		}
		st := str(k.props, keyKeyStatus)
		end := millis(k.props, keyEnd)
		if st == keyActive && (end == 0 || end > c.NowMillis()) {
			active++
		}
		kp := str(k.props, keyKeyPool)
		pool, _ := pools[kp].(map[string]any)
		if pool == nil {
			pool = map[string]any{"KeyPoolID": kp, "SSID": str(k.props, keySSID), "Keys": map[string]any{}}
			pools[kp] = pool
		}
		pool["Keys"].(map[string]any)[k.id()] = map[string]any{
			"KeyID": k.id(), "psk": pass, "KeyTag": str(k.props, keyTag), "VenueID": str(k.props, keyVenue),
			"UnitID_internal": str(k.props, keyUnit), "ServicePlanID": str(k.props, keyPlan), "KeyStatus": st,
			"dateAddedUTC.ISO8601": iso(millis(k.props, keyDateAdded)), "StartDateTimeUTC.ISO8601": iso(millis(k.props, keyStart)),
			"EndDateTimeUTC.ISO8601": iso(end),
		}
	}
	return pools, len(res), active, nil
}

// devices reads a subscriber's devices and counts them online (seen within 32 minutes).
func devices(c *gremlinconsole.Call, token string) (map[string]any, int, int, error) {
	res, err := graphdb.All(c.G().V(subscriberVID(token)).Out(edgeSubscriberDevice).Limit(2000).ValueMap())
	if err != nil {
		return nil, 0, 0, err
	}
	out := map[string]any{}
	online := 0
	cutoff := c.Now.Add(-onlineWindow).UnixMilli()
	for _, r := range res {
		m := graphdb.Flatten(r.GetInterface())
		seen := millis(m, keyLastSeen)
		on := seen >= cutoff
		if on {
			online++
		}
		out[str(m, keyMAC)] = map[string]any{"Calling-Station-Id": str(m, keyMAC), "UserDefinedHostName": str(m, keyHostName),
			"KeyID": str(m, keyKeyID), "Online": on, "LastSeenDateTimeUTC.ISO8601": iso(seen),
			"HostName": str(m, "HostName"), "Model": str(m, "Model")}
	}
	return out, online, len(res) - online, nil
}

func (s *Commands) listSubscriberKeys(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	pools, n, active, err := s.keyView(c, sub.token(), c.Params.String("VenueID"), false)
	if err != nil {
		return nil, err
	}
	devs, online, offline, err := devices(c, sub.token())
	if err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"success": true, "message": "", "subscriberInfo": profile(sub.props),
		"keyInventory":   map[string]any{"KeyCount": n, "KeyCountActive": active, "DeviceCountOnline": online, "DeviceCountOffline": offline},
		"keysInKeyPools": pools, "allDevices": devs}, nil
}

// listSubscribers pages through the operator's subscribers (or those with a subscription
// at one venue), newest first. AccountStatusFilter maps the seeds' enumeration onto the
// stored statuses: ACTIVE = In Service/Active, PENDING = AUP not accepted, SUSPENDED,
// TERMINATED = Closed. BillingStatusFilter and UsageThreshold have no data behind them
// until billing lands and are accepted but not applied.
func (s *Commands) listSubscribers(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if c.OperatorID == "" {
		return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required for a Network Software Provider"}
	}
	venue := c.Params.String("VenueID")
	var t *gremlingo.GraphTraversal
	if venue == "ALL" {
		t = c.G().V(operatorVID(c.OperatorID)).Out(edgeOperatorSubscriber)
	} else {
		owner, err := graphdb.First(c.G().V(venueVID(venue)).HasLabel(labelVenue).Values(keyOperator))
		if err != nil {
			return nil, err
		}
		if owner == nil || owner.GetString() != c.OperatorID {
			return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "VenueID " + venue + " was not found.", Field: "VenueID"}
		}
		t = c.G().V(venueVID(venue)).Out(edgeVenueUnit).In(edgeSubscriptionUnit).In(edgeSubscription).Dedup()
	}
	statusMap := map[string][]any{"ACTIVE": {StatusInService, StatusActive}, "PENDING": {StatusAUPNotAccepted}, "SUSPENDED": {StatusSuspended},
		"TERMINATED": {StatusClosed}, "TRIAL": {}}
	if l, ok := c.Params["AccountStatusFilter"].([]any); ok && len(l) > 0 {
		var within []any
		for _, x := range l {
			xs, _ := x.(string)
			vals, known := statusMap[xs]
			if !known {
				return nil, &gremlinconsole.ValidationError{Field: "AccountStatusFilter", Message: "items must be ACTIVE, SUSPENDED, TERMINATED, TRIAL or PENDING"}
			}
			within = append(within, vals...)
		}
		t = t.Has(keyStatus, gremlingo.P.Within(within...))
	}
	if l, ok := c.Params["ServicePlanFilter"].([]any); ok && len(l) > 0 {
		t = t.Where(__.Out(edgeSubscription).Has(keyPlan, gremlingo.P.Within(l...)))
	}
	page, size := int64(1), int64(50)
	if pg := c.Params.Object("Pagination"); pg != nil {
		if v, ok := number(pg["Page"]); ok {
			page = v
		}
		if v, ok := number(pg["PageSize"]); ok {
			size = v
		}
		if page < 1 {
			return nil, &gremlinconsole.ValidationError{Field: "Pagination", Message: "Page must be at least 1"}
		}
		if size < 1 || size > 500 {
			return nil, &gremlinconsole.ValidationError{Field: "Pagination", Message: "PageSize must be 1 to 500"}
		}
	}
	res, err := graphdb.All(t.Limit(10000).ValueMap(keyToken, keyEmail, keyGiven, keyFamily, keyPhone, keyLocale, keyStatus,
		keyPrefEmail, keyPrefSMS, keyExternal, keyDateAdded))
	if err != nil {
		return nil, err
	}
	all := make([]map[string]any, 0, len(res))
	for _, r := range res {
		all = append(all, graphdb.Flatten(r.GetInterface()))
	}
	sort.Slice(all, func(i, j int) bool {
		if a, b := millis(all[i], keyDateAdded), millis(all[j], keyDateAdded); a != b {
			return a > b
		}
		return str(all[i], keyToken) < str(all[j], keyToken)
	})
	total := int64(len(all))
	from := min((page-1)*size, total)
	to := min(from+size, total)
	subs := make([]gremlinconsole.Result, 0, to-from)
	counts := map[string]int{}
	for _, m := range all {
		counts[str(m, keyStatus)]++
	}
	for _, m := range all[from:to] {
		subs = append(subs, profile(m))
	}
	return gremlinconsole.Result{"success": true, "message": "", "subscribers": subs,
		"pagination":              map[string]any{"Page": page, "PageSize": size, "TotalCount": total, "TotalPages": (total + size - 1) / size},
		"portfolioSummary":        map[string]any{"TotalSubscribers": total, "ByStatus": counts},
		"servicePlanDistribution": []any{}, "analytics": map[string]any{}}, nil
}

func number(v any) (int64, bool) {
	switch n := v.(type) {
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		return i, err == nil
	case float64:
		return int64(n), true
	}
	return 0, false
}

// enableSubscriberConsole (re)opens console sign-in: the account returns to
// FORCE_CHANGE_PASSWORD with a new temporary password sent in a welcome message (the
// InitialCredentials the seeds show are not taken: a password chosen by staff is one staff
// know). The access level and authentication method are recorded on the subscriber.
func (s *Commands) enableSubscriberConsole(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	if str(sub.props, keyStatus) == StatusClosed {
		return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: "The subscriber account is closed."}
	}
	tok := sub.token()
	temp, err := vaultcrypto.GeneratePassphrase(temporaryPasswordLen)
	if err != nil {
		return nil, err
	}
	hash, err := s.Accounts.HashPassword(temp)
	if err != nil {
		return nil, err
	}
	sealed, err := sealSecret(s, temp)
	if err != nil {
		return nil, err
	}
	level, method := c.Params.String("ConsoleAccessLevel"), c.Params.String("AuthenticationMethod")
	t := c.G().V(subscriberVID(tok)).As("target")
	t = set(set(set(set(t, identity.KeyTemporaryPasswordHash, hash), identity.KeyConsoleStatus, identity.ConsoleForceChangePassword),
		"ConsoleAccessLevel", level), "ConsoleAuthenticationMethod", method)
	t = t.SideEffect(__.Properties(identity.KeyPasswordHash).Drop())
	t = c.WithAudit(t, gremlinconsole.Audit{Target: tok, Message: "Subscriber console enabled.", Changes: []gremlinconsole.Change{
		{Field: "ConsoleAccessLevel", BeforeKey: "ConsoleAccessLevel", After: level}, {Field: "ConsoleStatus", BeforeKey: identity.KeyConsoleStatus, After: identity.ConsoleForceChangePassword}}})
	payload := profile(sub.props)
	payload["TemporaryPassword.sealed"] = sealed
	t = c.WithEvent(t, gremlinconsole.Event{Type: EventSubscriberWelcome, Key: tok, Payload: payload})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	activation := randomID("CONSOLE_ACT_")
	return gremlinconsole.Result{"success": true, "message": "Subscriber console enabled; the welcome message carries a temporary password.",
		"consoleActivationId": activation, "subscriber": map[string]any{"SubscriberToken": tok, "EmailAddress": str(sub.props, keyEmail)},
		"authentication": map[string]any{"AuthenticationMethod": method, "ConsoleStatus": identity.ConsoleForceChangePassword},
		"permissions":    map[string]any{"ConsoleAccessLevel": level}}, nil
}

func (s *Commands) getSubscriberEmail(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	p := sub.props
	verified := millis(p, keyTandCAccepted) != 0
	return gremlinconsole.Result{"success": true, "message": "", "subscriber": map[string]any{"SubscriberToken": sub.token()},
		"emailInformation":         map[string]any{"primary": str(p, keyEmail)},
		"verification":             map[string]any{"Verified": verified, "VerifiedDateTimeUTC.ISO8601": iso(millis(p, keyTandCAccepted)), "Method": "TandC acceptance"},
		"communicationPreferences": map[string]any{"contactpref_email": boolean(p, keyPrefEmail), "contactpref_sms": boolean(p, keyPrefSMS), "locale": orDefault(str(p, keyLocale), "en-us")}}, nil
}
