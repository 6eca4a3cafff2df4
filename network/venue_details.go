package network

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// hiddenVenueKeys are stored venue properties never returned as they are: claim
// helpers, cursors, and the PRTG password hash (seed 003: "excluded").
var hiddenVenueKeys = map[string]bool{KeyOperatorNAS: true, string(schema.KeyPRTGPasswordHash): true}

// venueSecretKeys are stored encrypted and returned masked (vaultcrypto.Mask).
var venueSecretKeys = []string{string(schema.KeyStripeSecretKey), string(schema.KeyStripeWebhookSigningSecret),
	string(schema.KeyRuckusAPIClientSecret), string(schema.KeyConnectWiseAuthorization)}

// venueConsoleHidden are left out for venue roles (seed 003 venue console
// listVenueDetails: ConnectWise URL and Authorization "excluded for the venue console").
var venueConsoleHidden = []string{string(schema.KeyConnectWiseURL), string(schema.KeyConnectWiseAuthorization)}

// listVenueDetails returns the venue's profile with the effective VLAN ranges (venue,
// else operator, else 1050–4095), FCCLabel.TypicalLatency -1 when unset, secrets masked,
// the RADIUS settings in "RADIUS" (radiusDetails),
// the offered plans, attached keypools, staff, unit count and buildings.
func (n *Commands) listVenueDetails(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	keys := []string{}
	for _, r := range vlanRanges {
		keys = append(keys, r.minKey, r.maxKey)
	}
	keys = append(keys, string(schema.KeySuppressSubscriberEmails), string(schema.KeySendSubscriptionAddedEmail),
		string(schema.KeySendSubscriptionEndEmail), string(schema.KeySuppressSubscriberSMS), string(schema.KeyDisplayOptionID))
	r, err := graphdb.First(venueAnchor(c).Project("venue", "op", "units", "buildings", "plans", "keypools", "staff").
		By(__.ValueMap()).
		By(__.In(EdgeOperatorVenue).ValueMap(anys(keys)...).Fold()).
		By(__.Out(EdgeVenueUnit).Count()).
		By(__.Out(EdgeVenueUnit).Values(string(schema.KeyUnitBuilding)).Dedup().Fold()).
		By(__.In(EdgePlanAtVenue).ValueMap(string(schema.KeyServicePlanID), string(schema.KeyServicePlanName)).Fold()).
		By(__.In(EdgeKeypoolAtVenue).ValueMap(string(schema.KeyKeyPoolID), string(schema.KeySSID), string(schema.KeyScope)).Fold()).
		By(__.V().HasLabel(string(schema.VertexAdministrator)).Has(gremlinconsole.KeyOperatorID, c.OperatorID).
			Has("Role", within(string(auth.RoleVenueAdministrator), string(auth.RoleLeasingAgent))).
			ValueMap("EmailAddress", "Role", "VenueIDs").Fold()))
	if err != nil {
		return nil, err
	}
	m, _ := r.GetInterface().(map[any]any)
	v := graphdb.Flatten(m["venue"])
	op := map[string]any{}
	if l, _ := m["op"].([]any); len(l) > 0 {
		op = graphdb.Flatten(l[0])
	}
	out := gremlinconsole.Result{}
	venueRole := c.Principal != nil && c.Principal.Role.Scope() == auth.ScopeVenues
	for k, x := range v {
		if hiddenVenueKeys[k] || radiusKeys[k] || strings.HasPrefix(k, "AutoVLANCursor_") {
			continue // RADIUS settings are shown in their own object below
		}
		if venueRole && slices.Contains(venueConsoleHidden, k) {
			continue
		}
		if slices.Contains(venueSecretKeys, k) {
			plain, err := n.Secrets.DecryptString(x.(string), secretContext(c.VenueID, k))
			if err != nil {
				plain = ""
			}
			out[k] = vaultcrypto.Mask(plain)
			continue
		}
		out[k] = x
	}
	out[radiusDetailsKey] = n.radiusDetails(c.VenueID, v)
	for _, r := range vlanRanges {
		lo, hi, _ := purposeRange(r.purpose, v, op)
		out[r.minKey], out[r.maxKey] = lo, hi
	}
	for _, k := range []string{string(schema.KeySuppressSubscriberEmails), string(schema.KeySendSubscriptionAddedEmail),
		string(schema.KeySendSubscriptionEndEmail), string(schema.KeySuppressSubscriberSMS), string(schema.KeyDisplayOptionID)} {
		if _, ok := out[k]; !ok {
			if x, ok := op[k]; ok {
				out[k] = x // inherited from the operator
			}
		}
	}
	if _, ok := out[string(schema.KeyFCCLabelTypicalLatency)]; !ok {
		out[string(schema.KeyFCCLabelTypicalLatency)] = int64(-1)
	}
	if _, ok := out[string(schema.KeyFCCLabelDisplayLabel)]; !ok {
		out[string(schema.KeyFCCLabelDisplayLabel)] = false
	}
	renderTimes(out)
	country, _ := v[KeyCountry].(string)
	out["ShoppingCart.Currencies"] = []string{currencyOf(country)}
	out["UnitCount"] = toInt64(m["units"])
	buildings := []string{}
	for _, b := range asList(m["buildings"]) {
		if s, ok := b.(string); ok {
			buildings = append(buildings, s)
		}
	}
	sort.Strings(buildings)
	out["UnitBuildings"] = buildings
	plans := map[string]any{}
	for _, p := range flattenList(m["plans"]) {
		id, _ := p[string(schema.KeyServicePlanID)].(string)
		plans[id] = p
	}
	out["ServicePlans"] = plans
	keypools := map[string]any{}
	for _, k := range flattenList(m["keypools"]) {
		id, _ := k[string(schema.KeyKeyPoolID)].(string)
		keypools[id] = k
	}
	out["Keypools"] = keypools
	admins, agents := []string{}, []string{}
	for _, a := range flattenList(m["staff"]) {
		var venues []string
		js, _ := a["VenueIDs"].(string)
		_ = json.Unmarshal([]byte(js), &venues)
		if !slices.Contains(venues, c.VenueID) {
			continue
		}
		email, _ := a["EmailAddress"].(string)
		if a["Role"] == string(auth.RoleVenueAdministrator) {
			admins = append(admins, email)
		} else {
			agents = append(agents, email)
		}
	}
	sort.Strings(admins)
	sort.Strings(agents)
	out["VenueAdministrators"], out["LeasingAgents"] = admins, agents
	out["message"] = ""
	return out, nil
}

func asList(v any) []any { l, _ := v.([]any); return l }

// currencyOf is the currency of a country for the shopping cart (USD for the countries
// the service has no table entry for).
func currencyOf(country string) string {
	switch country {
	case "CAN":
		return "CAD"
	case "GBR":
		return "GBP"
	case "AUS":
		return "AUD"
	case "MEX":
		return "MXN"
	case "DEU", "FRA", "ESP", "ITA", "NLD", "IRL", "PRT", "AUT", "BEL", "FIN", "GRC":
		return "EUR"
	}
	return "USD"
}

// within is P.within over strings.
func within(vs ...string) gremlingo.Predicate { return gremlingo.P.Within(anys(vs)...) }
