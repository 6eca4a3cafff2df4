package network

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/schema"
)

// fieldKind says how a configurable venue field is validated, stored and reported.
type fieldKind int

const (
	fieldText         fieldKind = iota // sanitized text, max characters
	fieldInt                           // whole number in [min, max]
	fieldNumber                        // number in [min, max]
	fieldBool                          // true or false
	fieldSecret                        // text stored exactly as sent, encrypted with the KeyRing, never echoed (secretChange)
	fieldURL                           // absolute http(s) URL
	fieldRuckusURL                     // one of the Ruckus Cloud API URLs
	fieldPostal                        // postal code for the venue's country
	fieldNAS                           // NAS-Identifier: upper-cased, unique within the operator
	fieldPlan                          // ServicePlanID offered at the venue
	fieldEmail                         // email address, lower-cased
	fieldPhone                         // phone number normalised to E.164
	fieldVLAN                          // VLAN range bound 1..4095
	fieldEnum                          // one of venueField.enum (lower-cased)
	fieldRadiusSecret                  // RADIUS shared secret: not sanitized, stored encrypted (venue_radius.go)
	fieldNASList                       // array of NAS-Identifiers or IP addresses (venue_radius.go)
	fieldAddressList                   // array of IP addresses (venue_radius.go)
)

// venueField is one field configureVenue (or updateVenueAddress) may set: where it is in
// the request (a dotted path into the request's objects), the venue property it is stored
// in, and its rule.
type venueField struct {
	path      string
	key       string
	kind      fieldKind
	max       int // characters for text, upper bound for numbers
	min       int
	clearable bool     // " " (or "" for GWError) removes the property
	updated   bool     // message "Updated X = Y." rather than "Updating X to Y."
	also      string   // a second property set to the same value (support contact)
	unit      string   // unit word appended to numbers in the message
	setTo     bool     // message "X set to Y." (the venue console's contact fields)
	enum      []string // the values of a fieldEnum
}

// Ruckus Cloud API endpoints (seed 003 configureVenue: "must be exactly one of").
var ruckusURLs = map[string]bool{"https://api.ruckus.cloud": true, "https://api.eu.ruckus.cloud": true, "https://api.asia.ruckus.cloud": true}

// vlanRange names the venue and operator keys of one purpose's auto-generated VLAN range.
type vlanRange struct {
	purpose, minKey, maxKey, cursorKey string
}

// vlanRanges are the ranges of the three unit purposes. globalroaming units take the
// GlobalWirelessRoaming range (the seeds' "similar to wiredunit" read as "the same
// kind of range, its own keys").
var vlanRanges = []vlanRange{
	{PurposeWiredUnit, string(schema.KeyMinVLANGlobalWirelessPlusLocalWired), string(schema.KeyMaxVLANGlobalWirelessPlusLocalWired), "AutoVLANCursor_wiredunit"},
	{PurposeLocalWirelessOnly, string(schema.KeyMinVLANLocalWireless), string(schema.KeyMaxVLANLocalWireless), "AutoVLANCursor_localwirelessonly"},
	{PurposeGlobalRoaming, string(schema.KeyMinVLANGlobalWirelessRoaming), string(schema.KeyMaxVLANGlobalWirelessRoaming), "AutoVLANCursor_globalroaming"},
}

// configureVenueFields are every field of configureVenue besides the identity fields.
var configureVenueFields = func() []venueField {
	f := []venueField{
		{path: "PrimaryContactGivenName", key: "PrimaryContactGivenName", kind: fieldText, max: 40, setTo: true},
		{path: "PrimaryContactFamilyName", key: "PrimaryContactFamilyName", kind: fieldText, max: 40, setTo: true},
		{path: "PrimaryContactEmailAddress", key: "PrimaryContactEmailAddress", kind: fieldEmail, also: "SupportEmailAddress"},
		{path: "PrimaryContactPhoneNumber.E164", key: "PrimaryContactPhoneNumber.E164", kind: fieldPhone, also: "SupportPhoneNumber.E164"},
		{path: "NetworkConfiguration.NAS-Identifier", key: KeyNASIdentifier, kind: fieldNAS, max: 253, updated: true},
		{path: "NetworkConfiguration.WirelessOnlyPlanVLANOffset", key: string(schema.KeyWirelessOnlyPlanVLANOffset), kind: fieldInt, min: 0, max: 4094},
		{path: "NetworkConfiguration.allowOverlappingSubscriptionWiredUnit", key: string(schema.KeyAllowOverlappingSubscriptionWiredUnit), kind: fieldBool},
		{path: "NetworkConfiguration.Ruckus.URL", key: string(schema.KeyRuckusURL), kind: fieldRuckusURL, updated: true},
		{path: "NetworkConfiguration.Ruckus.TenantID", key: string(schema.KeyRuckusTenantID), kind: fieldText, max: 64, updated: true},
		{path: "NetworkConfiguration.Ruckus.APIClientID", key: string(schema.KeyRuckusAPIClientID), kind: fieldText, max: 128, updated: true},
		{path: "NetworkConfiguration.Ruckus.APIClientSecret", key: string(schema.KeyRuckusAPIClientSecret), kind: fieldSecret, max: 256},
		{path: "NetworkConfiguration.Ruckus.DPSKPoolID", key: string(schema.KeyRuckusDPSKPoolID), kind: fieldText, max: 64, updated: true},
		{path: "NetworkConfiguration.Ruckus.enableSync", key: string(schema.KeyRuckusEnableSync), kind: fieldBool},
		{path: "NetworkConfiguration.GWError", key: "GWError", kind: fieldText, max: 256, updated: true},
		{path: "ServicePlanConfiguration.DefaultServicePlanID_GlobalWirelessPlusLocalWiredAccess", key: string(schema.KeyDefaultServicePlanGlobalWirelessPlusWire), kind: fieldPlan, updated: true},
		{path: "ServicePlanConfiguration.DefaultServicePlanID_LocalWirelessAccess", key: string(schema.KeyDefaultServicePlanLocalWireless), kind: fieldPlan, updated: true},
		{path: "ServicePlanConfiguration.DefaultServicePlanID_Roaming", key: string(schema.KeyDefaultServicePlanRoaming), kind: fieldPlan, updated: true},
		{path: "FCCLabel.displayLabel", key: string(schema.KeyFCCLabelDisplayLabel), kind: fieldBool},
		{path: "FCCLabel.TypicalLatency", key: string(schema.KeyFCCLabelTypicalLatency), kind: fieldInt, min: 1, max: 10000, unit: " millisecond(s)"},
		{path: "Notifications.WelcomeEmail_countdown_hours", key: string(schema.KeyWelcomeEmailCountdownHours), kind: fieldInt, min: 0, max: 169},
		{path: "Notifications.suppressSubscriberEmails", key: string(schema.KeySuppressSubscriberEmails), kind: fieldBool},
		{path: "Notifications.sendSubscriptionAddedEmail", key: string(schema.KeySendSubscriptionAddedEmail), kind: fieldBool},
		{path: "Notifications.sendSubscriptionEndEmail", key: string(schema.KeySendSubscriptionEndEmail), kind: fieldBool},
		{path: "Notifications.suppressSubscriberSMS", key: string(schema.KeySuppressSubscriberSMS), kind: fieldBool},
		{path: "Integrations.ConnectWise.URL", key: string(schema.KeyConnectWiseURL), kind: fieldURL, updated: true},
		{path: "Integrations.ConnectWise.Authorization", key: string(schema.KeyConnectWiseAuthorization), kind: fieldSecret, max: 256},
		{path: "Integrations.ConnectWise.serviceboardid", key: string(schema.KeyConnectWiseServiceBoardID), kind: fieldText, max: 40, updated: true},
		{path: "Integrations.ConnectWise.ClientID", key: string(schema.KeyConnectWiseClientID), kind: fieldText, max: 64, updated: true},
		{path: "Integrations.ConnectWise.CompanyID", key: string(schema.KeyConnectWiseCompanyID), kind: fieldText, max: 64, updated: true},
		{path: "Integrations.PRTG.URL", key: string(schema.KeyPRTGURL), kind: fieldURL, updated: true},
		{path: "Integrations.PRTG.Username", key: string(schema.KeyPRTGUsername), kind: fieldText, max: 40, updated: true},
		{path: "Integrations.PRTG.PasswordHash", key: string(schema.KeyPRTGPasswordHash), kind: fieldSecret, max: 256},
		{path: "Reporting.ReportingSubscriptionEnd_lookahead_hours", key: string(schema.KeyReportingSubscriptionEndLookah), kind: fieldInt, min: 0, max: 720},
		{path: "Reporting.ReportingSubscriptionEnd_frequency_hours", key: string(schema.KeyReportingSubscriptionEndFreq), kind: fieldInt, min: 0, max: 720},
		{path: "PMS.ProfileID", key: "PMS.ProfileID", kind: fieldText, max: 128, updated: true},
		{path: "PMS.RealPagePMCId", key: string(schema.KeyRealPagePMCId), kind: fieldInt, min: 1, max: 1 << 31},
		{path: "PMS.RealPageSiteId", key: string(schema.KeyRealPageSiteId), kind: fieldInt, min: 1, max: 1 << 31},
		{path: "PMS.SiteId", key: string(schema.KeyRealPageSiteId), kind: fieldInt, min: 1, max: 1 << 31},
		{path: "PMS.PropertyId", key: "PMS.EntrataPropertyId", kind: fieldInt, min: 1, max: 1 << 31},
		{path: "PMS.enableUnitSync", key: "PMS.enableUnitSync", kind: fieldBool},
		{path: "PMS.enableSubscriberSync", key: "PMS.enableSubscriberSync", kind: fieldBool},
		{path: "PMS.enableRealPageSync", key: string(schema.KeyEnableRealPageSync), kind: fieldBool},
		{path: "ShoppingCart.enableShoppingCart", key: KeyEnableCart, kind: fieldBool},
		{path: "ShoppingCart.StripePublishableKey", key: string(schema.KeyStripePublishableKey), kind: fieldText, max: 64, updated: true},
		{path: "ShoppingCart.Stripe_Secret_key", key: string(schema.KeyStripeSecretKey), kind: fieldSecret, max: 256},
		{path: "ShoppingCart.Stripe_Webhook_signingsecret", key: string(schema.KeyStripeWebhookSigningSecret), kind: fieldSecret, max: 256},
		{path: "ShoppingCart.Stripe_allowrefund", key: string(schema.KeyStripeAllowRefund), kind: fieldBool},
		{path: "ShoppingCart.TrialCycleAdjustment", key: string(schema.KeyTrialCycleAdjustment), kind: fieldNumber, min: -1, max: 1},
		{path: "ShoppingCart.MaximumTrialCyclesPerSubscriber", key: string(schema.KeyMaximumTrialCyclesPerSubscriber), kind: fieldInt, min: -1, max: 12},
		{path: "ShoppingCart.MaximumFreeEnrollmentsPerSubscriber", key: string(schema.KeyMaximumFreeEnrollmentsPerSubscriber), kind: fieldInt, min: -1, max: 1000},
		{path: "DisplayOptionID", key: string(schema.KeyDisplayOptionID), kind: fieldText, max: 128, updated: true},
	}
	for _, r := range vlanRanges {
		f = append(f,
			venueField{path: "NetworkConfiguration." + r.minKey, key: r.minKey, kind: fieldVLAN},
			venueField{path: "NetworkConfiguration." + r.maxKey, key: r.maxKey, kind: fieldVLAN})
	}
	for _, cur := range []string{"USD", "CAD", "EUR", "GBP", "AUD", "MXN"} {
		f = append(f, venueField{path: "ShoppingCart.ShoppingCartPriceAdjustment." + cur,
			key: "ShoppingCartPriceAdjustment." + cur, kind: fieldNumber, min: 0, max: 100000})
	}
	f = append(f, radiusVenueFields...)
	return append(append([]venueField{}, venueIdentityFields...), f...)
}()

// configureVenueCommand declares configureVenue. The objects that can hold secrets are
// Secret parameters, so the audit entry's Parameters never carry them; their fields are
// recorded one by one as Changes (secrets as "(changed)").
func (n *Commands) configureVenueCommand() *gremlinconsole.Command {
	obj := func(name string, secret bool) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.Object, Secret: secret}
	}
	str := func(name string, max int) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.String, MaxLen: max}
	}
	return &gremlinconsole.Command{
		Name: "Venue.configureVenue",
		Summary: "Changes a venue's settings (partial update): identity, address, primary contact, network configuration and VLAN ranges, " +
			"default plans, FCC label, notifications, reporting, integrations, PMS, shopping cart; deleteEmptyVenueUnits removes the units without an active subscription. " +
			"NetworkConfiguration.RADIUS sets what radiusd answers the venue's gateways with: SharedSecret (8-128 printable ASCII, stored encrypted, masked; \" \" = server default), " +
			"RequireMessageAuthenticator (default true), UnknownDevicePolicy (reject | registration-vlan) with RegistrationVLAN (1-4094, required by registration-vlan), " +
			"NASWhitelist (NAS-Identifiers or IP addresses; [] = any), ReplyProfile (" + strings.Join(replyProfiles, " | ") + "; \" \" = server default) and " +
			"GatewayAddresses (source IPv4/IPv6 addresses of the gateways, one venue each; [] = none).",
		Roles:    venueConfigurers,
		Mutating: true,
		Params: []gremlinconsole.Param{venueIDParam(), operatorIDParam(),
			str("externalVenueID", 64), str("VenueName", 40), str("AddressLine1", 40), str("AddressLine2", 40), str("City", 40), str("PostalCode", 10),
			str("PrimaryContactGivenName", 200), str("PrimaryContactFamilyName", 200), str("PrimaryContactEmailAddress", 254),
			str("PrimaryContactPhoneNumber.E164", 32), {Name: "Country.ISO3166A3", Kind: gremlinconsole.String, MaxLen: 3, Doc: "country of the phone number; defaults to the venue's"},
			obj("NetworkConfiguration", true), obj("ServicePlanConfiguration", false), obj("FCCLabel", false), obj("Notifications", false),
			obj("Integrations", true), obj("Reporting", false), obj("PMS", false), obj("ShoppingCart", true), str("DisplayOptionID", 128),
			{Name: "deleteEmptyVenueUnits", Kind: gremlinconsole.Boolean}, {Name: "forceDelete", Kind: gremlinconsole.Boolean},
		},
		Scope: venueScope,
		Run:   n.configureVenue,
	}
}

func (n *Commands) configureVenue(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if c.Params.Bool("forceDelete") && !c.Params.Bool("deleteEmptyVenueUnits") {
		return nil, &gremlinconsole.ValidationError{Field: "forceDelete", Message: "is only meaningful with deleteEmptyVenueUnits=true"}
	}
	if err := checkRadiusParams(c.Params); err != nil {
		return nil, err
	}
	var res gremlinconsole.Result
	if anyFieldGiven(c, configureVenueFields) || !c.Params.Bool("deleteEmptyVenueUnits") {
		var err error
		if res, err = n.applyVenueChanges(c, configureVenueFields); err != nil {
			return nil, err
		}
	}
	if c.Params.Bool("deleteEmptyVenueUnits") {
		del, err := n.deleteEmptyVenueUnits(ctx, c, c.Params.Bool("forceDelete"))
		if err != nil {
			return nil, err
		}
		if res == nil {
			return del, nil
		}
		res["message"] = strings.TrimSpace(fmt.Sprint(res["message"]) + " " + fmt.Sprint(del["message"]))
		for k, v := range del {
			if k != "message" {
				res[k] = v
			}
		}
	}
	return res, nil
}

func anyFieldGiven(c *gremlinconsole.Call, fields []venueField) bool {
	for _, f := range fields {
		if _, ok := lookupPath(c.Params, f.path); ok {
			return true
		}
	}
	return false
}

// lookupPath finds a dotted path in the parameters: a top-level name first (names such
// as "PrimaryContactPhoneNumber.E164" contain dots), then nested objects, trying the
// longest key at each level ("Ruckus.URL" inside NetworkConfiguration, or Ruckus{URL}).
func lookupPath(p map[string]any, path string) (any, bool) {
	if v, ok := p[path]; ok && v != nil {
		return v, true
	}
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 1; i-- {
		head := strings.Join(parts[:i], ".")
		if m, ok := p[head].(map[string]any); ok {
			if v, ok := lookupPath(m, strings.Join(parts[i:], ".")); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// change is one validated field change.
type change struct {
	f       venueField
	value   any    // stored value; nil removes the property
	shown   string // value in the message
	message string
}

var (
	nasPattern   = regexp.MustCompile(`^[A-Z0-9._:-]+$`)
	phoneDigits  = regexp.MustCompile(`[^0-9+]`)
	countryCodes = map[string]string{"USA": "1", "CAN": "1", "PRI": "1", "MEX": "52", "GBR": "44", "AUS": "61", "DEU": "49", "FRA": "33", "ESP": "34", "ITA": "39", "IND": "91"}
)

// validateField checks one raw value against its field rule.
func (n *Commands) validateField(c *gremlinconsole.Call, f venueField, raw any, venue map[string]any) (change, error) {
	bad := func(format string, args ...any) (change, error) {
		return change{}, &gremlinconsole.ValidationError{Field: f.path, Message: fmt.Sprintf(format, args...)}
	}
	ch := change{f: f}
	switch x := raw.(type) { // top-level parameters arrive converted by their declaration
	case int64:
		raw = json.Number(strconv.FormatInt(x, 10))
	case float64:
		raw = json.Number(strconv.FormatFloat(x, 'f', -1, 64))
	}
	switch f.kind {
	case fieldRadiusSecret, fieldNASList, fieldAddressList:
		return n.validateRadiusField(c, f, raw)
	case fieldBool:
		b, ok := raw.(bool)
		if !ok {
			return bad("must be true or false")
		}
		ch.value, ch.shown = b, strconv.FormatBool(b)
	case fieldInt, fieldNumber, fieldVLAN:
		num, ok := raw.(json.Number)
		if !ok {
			return bad("must be a number")
		}
		lo, hi := float64(f.min), float64(f.max)
		if f.kind == fieldVLAN {
			lo, hi = schema.MinVLAN, schema.MaxVLAN
		}
		x, err := num.Float64()
		if err != nil || x < lo || x > hi {
			return bad("must be between %v and %v", lo, hi)
		}
		if f.kind == fieldNumber {
			ch.value, ch.shown = x, num.String()
		} else {
			i, err := num.Int64()
			if err != nil {
				return bad("must be a whole number")
			}
			ch.value, ch.shown = i, strconv.FormatInt(i, 10)
		}
	default:
		s, ok := raw.(string)
		if !ok {
			return bad("must be a string")
		}
		if (f.clearable && s == clearValue) || (f.path == "NetworkConfiguration.GWError" && s == "") {
			ch.value, ch.shown = nil, ""
			ch.message = fmt.Sprintf("Removed %s.", f.path)
			return ch, nil
		}
		if f.kind == fieldSecret {
			return n.secretChange(c, f, s)
		}
		s = sanitizeText(s)
		if f.max > 0 && len([]rune(s)) > f.max {
			if f.path == "PrimaryContactGivenName" || f.path == "PrimaryContactFamilyName" {
				s = string([]rune(s)[:f.max]) // the seeds truncate names, not reject them
			} else {
				return bad("must be at most %d characters", f.max)
			}
		}
		if s == "" && f.path != "NetworkConfiguration.GWError" {
			return bad("must not be empty")
		}
		switch f.kind {
		case fieldURL:
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return bad("must be an http(s) URL")
			}
		case fieldRuckusURL:
			if !ruckusURLs[strings.TrimRight(s, "/")] {
				return bad("must be https://api.ruckus.cloud, https://api.eu.ruckus.cloud or https://api.asia.ruckus.cloud")
			}
			s = strings.TrimRight(s, "/")
		case fieldPostal:
			country, _ := venue[KeyCountry].(string)
			pc, err := validPostalCode(country, s)
			if err != nil {
				return bad("is not a valid postal code for %s", country)
			}
			s = pc
		case fieldNAS:
			s = strings.ToUpper(s)
			if !nasPattern.MatchString(s) {
				return bad("may hold only letters, digits and . _ : -")
			}
		case fieldEnum:
			s = strings.ToLower(s)
			if !slices.Contains(f.enum, s) {
				return bad("must be one of %s", strings.Join(f.enum, ", "))
			}
		case fieldEmail:
			a, err := mail.ParseAddress(s)
			if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
				return bad("must be an email address")
			}
			s = strings.ToLower(s)
		case fieldPhone:
			country := c.Params.String("Country.ISO3166A3")
			if country == "" {
				country, _ = venue[KeyCountry].(string)
			}
			e164, err := toE164(s, strings.ToUpper(country))
			if err != nil {
				return bad("%s", err.Error())
			}
			s = e164
		}
		ch.value, ch.shown = s, s
	}
	switch {
	case f.also != "":
		ch.message = fmt.Sprintf("%s set to %s. %s set to %s.", f.key, ch.shown, f.also, ch.shown)
	case f.setTo:
		ch.message = fmt.Sprintf("%s set to %s.", f.key, ch.shown)
	case f.updated:
		ch.message = fmt.Sprintf("Updated %s = %s.", f.path, ch.shown)
	default:
		ch.message = fmt.Sprintf("Updating %s to %s%s.", f.path, ch.shown, f.unit)
	}
	return ch, nil
}

// secretChange checks the value of a secret field (an API key, a password) and seals it
// with the key ring. The value is stored exactly as sent: never trimmed nor HTML-stripped
// like text fields, which would silently change a secret holding '<', '&' or spaces. It
// must be 1 to f.max characters of UTF-8, not only spaces, without control characters;
// errors name the field and never echo the value.
func (n *Commands) secretChange(c *gremlinconsole.Call, f venueField, s string) (change, error) {
	if msg := secretProblem(s, f.max); msg != "" {
		return change{}, &gremlinconsole.ValidationError{Field: f.path, Message: msg}
	}
	enc, err := n.Secrets.EncryptString(s, secretContext(c.VenueID, f.key))
	if err != nil {
		return change{}, err
	}
	return change{f: f, value: enc, message: fmt.Sprintf("Updated %s.", f.path)}, nil
}

// secretProblem says what is wrong with a secret field's value, or "" when it may be stored.
func secretProblem(s string, max int) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "must not be empty or only spaces"
	case !utf8.ValidString(s):
		return "must be UTF-8 text"
	case max > 0 && utf8.RuneCountInString(s) > max:
		return fmt.Sprintf("must be at most %d characters", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "must not contain control characters"
	}
	return ""
}

// secretContext binds a stored secret to its venue and field.
func secretContext(venueID, key string) string { return projection.VenueSecretContext(venueID, key) }

// toE164 normalises a phone number: at least 8 characters; a number without "+" takes
// the country's calling code.
func toE164(s, country string) (string, error) {
	if len(s) < 8 {
		return "", fmt.Errorf("must be at least 8 characters")
	}
	d := phoneDigits.ReplaceAllString(s, "")
	if !strings.HasPrefix(d, "+") {
		cc, ok := countryCodes[country]
		if !ok {
			return "", fmt.Errorf("must start with + and the country calling code")
		}
		if cc == "1" && len(d) == 11 && d[0] == '1' {
			d = d[1:]
		}
		d = "+" + cc + d
	}
	if !regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`).MatchString(d) {
		return "", fmt.Errorf("must be a phone number in E.164 format")
	}
	return d, nil
}

// readVenue returns the call's venue properties (404 when it is gone).
func readVenue(c *gremlinconsole.Call) (map[string]any, error) {
	r, err := graphdb.First(c.G().V(venueVID(c.VenueID)).HasLabel(LabelVenue).ValueMap())
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errVenueGone(c.VenueID)
	}
	return graphdb.Flatten(r.GetInterface()), nil
}

// maxVenueWriteAttempts bounds how often applyVenueChanges reads the venue afresh after
// its write lost a race (graphdb.IsConflict: on a backend without serial writes, such as
// JanusGraph, a concurrent request took one of the claims first or held its lock); the
// attempt after the winner's commit sees the winner's claim and answers its 409 naming
// the field.
const maxVenueWriteAttempts = 12

// applyVenueChanges validates the given fields and writes them in one traversal with
// their checks (NAS-Identifier, externalVenueID, street address and gateway address
// claims held by the venue, default plans offered at the venue, VLAN
// range order), the address sync to the units that inherited the venue's address, and the
// audit entry. A write that lost a race is tried again from a fresh read after a random
// pause, so that racers spread out.
func (n *Commands) applyVenueChanges(c *gremlinconsole.Call, fields []venueField) (gremlinconsole.Result, error) {
	for attempt := 1; ; attempt++ {
		res, err := n.writeVenueChanges(c, fields)
		if err == nil || attempt == maxVenueWriteAttempts || !graphdb.IsConflict(err) {
			return res, err
		}
		time.Sleep(time.Duration(1+rand.IntN(5<<min(attempt, 4))) * time.Millisecond)
	}
}

// writeVenueChanges is one attempt of applyVenueChanges.
func (n *Commands) writeVenueChanges(c *gremlinconsole.Call, fields []venueField) (gremlinconsole.Result, error) {
	venue, err := readVenue(c)
	if err != nil {
		return nil, err
	}
	var changes []change
	seen := map[string]bool{}
	for _, f := range fields {
		raw, ok := lookupPath(c.Params, f.path)
		if !ok || seen[f.key] {
			continue
		}
		seen[f.key] = true
		ch, err := n.validateField(c, f, raw, venue)
		if err != nil {
			return nil, err
		}
		changes = append(changes, ch)
	}
	if len(changes) == 0 {
		return nil, &gremlinconsole.ValidationError{Field: "VenueID", Message: "no field to change was given"}
	}
	after := map[string]any{}
	for k, v := range venue {
		after[k] = v
	}
	for _, ch := range changes {
		after[ch.f.key] = ch.value
	}
	for _, r := range vlanRanges {
		lo, hi := vlanBound(after[r.minKey], DefaultMinAutoVLAN), vlanBound(after[r.maxKey], DefaultMaxAutoVLAN)
		if lo > hi {
			return nil, &gremlinconsole.ValidationError{Field: "NetworkConfiguration." + r.minKey, Message: fmt.Sprintf("must not exceed %s (%d)", r.maxKey, hi)}
		}
	}
	var radiusChanged []string
	for _, ch := range changes {
		if affectsRadius(ch.f) {
			radiusChanged = append(radiusChanged, ch.f.path)
		}
	}
	if len(radiusChanged) > 0 {
		if err := checkRadiusSettings(after); err != nil {
			return nil, err
		}
	}
	t := venueAnchor(c).As("venue", "target")
	var msgs []string
	var audit []gremlinconsole.Change
	for _, ch := range changes {
		f := ch.f
		switch f.kind {
		case fieldNAS:
			newClaim, err := nasClaimID(c.OperatorID, ch.value.(string))
			if err != nil {
				return nil, err
			}
			if old, _ := venue[f.key].(string); old != ch.value {
				// The claim of the venue's current NAS-Identifier is the venue's (the
				// claim makes it unique within the operator): released by dropping it.
				if oldClaim, err := nasClaimID(c.OperatorID, old); err == nil && old != "" {
					t = t.SideEffect(__.V(oldClaim).Drop())
				}
				t = holdVenueClaim(t, c.VenueID, newClaim, fmt.Sprintf("NAS-Identifier %s is used by another venue of the operator.", ch.value))
				opNAS, _ := schema.CompositeKey(c.OperatorID, ch.value.(string))
				t = t.Property(gremlingo.Cardinality.Single, KeyOperatorNAS, opNAS)
			}
		case fieldAddressList:
			if t, err = holdGatewayAddresses(t, c, ch, venue[f.key]); err != nil {
				return nil, err
			}
		case fieldPlan:
			t = t.SideEffect(__.Coalesce(__.In(EdgePlanAtVenue).HasId(gremlinconsole.VertexID(LabelServicePlan, ch.value.(string))),
				__.Fail(graphdb.FailMessage(http.StatusBadRequest, fmt.Sprintf("%s: ServicePlanID %s is not offered at this venue.", f.path, ch.value)))))
		}
		if f.key == string(schema.KeyExternalVenueID) {
			if old, _ := venue[f.key].(string); old != "" && old != ch.value {
				if oldClaim, err := externalVenueClaimID(c.OperatorID, old); err == nil {
					t = t.SideEffect(__.V(oldClaim).Drop())
				}
			}
			if ch.value != nil && venue[f.key] != ch.value {
				claim, err := externalVenueClaimID(c.OperatorID, ch.value.(string))
				if err != nil {
					return nil, err
				}
				t = holdVenueClaim(t, c.VenueID, claim, fmt.Sprintf("externalVenueID %s is used by another venue of the operator.", ch.value))
			}
		}
		// Units that inherited the venue's address follow it.
		if f.key == "AddressLine1" || f.key == "City" || f.key == "PostalCode" || f.key == "AddressLine2" {
			if old, ok := venue[f.key].(string); ok && old != "" {
				u := __.Out(EdgeVenueUnit).Has(f.key, old)
				if ch.value == nil {
					u = u.Properties(f.key).Drop()
				} else {
					u = u.Property(gremlingo.Cardinality.Single, f.key, ch.value)
				}
				t = t.SideEffect(u)
			}
		}
		if ch.value == nil {
			t = t.SideEffect(__.Properties(f.key).Drop())
		} else {
			t = t.Property(gremlingo.Cardinality.Single, f.key, ch.value)
			if f.also != "" {
				t = t.Property(gremlingo.Cardinality.Single, f.also, ch.value)
			}
		}
		msgs = append(msgs, ch.message)
		ac := gremlinconsole.Change{Field: f.path, Before: venue[f.key], After: ch.value}
		if f.kind == fieldSecret || f.kind == fieldRadiusSecret {
			ac = gremlinconsole.Change{Field: f.path, After: "(changed)"}
		}
		if ch.value == nil {
			ac.After = "(removed)"
		}
		audit = append(audit, ac)
	}
	if seen["AddressLine1"] || seen["PostalCode"] {
		t = holdVenueAddress(t, c, venue, after)
	}
	t = bumpUnitsVersion(t).Property(gremlingo.Cardinality.Single, KeyDateUpdated, c.NowMillis()).Fold()
	message := strings.Join(msgs, " ")
	t = c.WithAudit(t, gremlinconsole.Audit{Target: c.VenueID, Message: message, Changes: audit})
	if len(radiusChanged) > 0 {
		t = c.WithEvent(t, radiusEvent(c, radiusChanged))
	}
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": message, "VenueID": c.VenueID}, nil
}

// vlanBound reads a stored range bound, or def when unset.
func vlanBound(v any, def int64) int64 {
	if v == nil {
		return def
	}
	return toInt64(v)
}
