// Package subscribers holds the commands for subscribers, their subscriptions and their
// WiFi keys: the venue console's and the operator console's subscriber endpoints and the
// subscriber console itself.
//
// # Graph model
//
// A subscriber is the vertex GraphID(subscriber, SubscriberToken) with SubscriberToken,
// OperatorID, EmailAddress (lower-cased), PhoneNumber.E164, GivenName, FamilyName, locale,
// contactpref_email, contactpref_sms, Status (the seeds' "AUP not accepted", "In Service",
// "Active", "Suspended", "Unknown", plus "Closed" for closed accounts), ConsoleStatus
// (FORCE_CHANGE_PASSWORD until the terms are accepted, then CONFIRMED; DISABLED once
// closed), the argon2id PasswordHash / TemporaryPasswordHash, externalSubscriberID and the
// composite keys OperatorEmailAddress / OperatorPhoneNumber / OperatorExternalSubscriberID,
// each also claimed by a value_claim vertex so that they stay unique within the operator on
// every backend. The operator links to it (operator_has_subscriber).
//
// A subscription (subscriber_has_subscription) serves one unit (subscription_for_unit)
// with an optional plan (subscription_for_serviceplan), StartDateTimeUTC/EndDateTimeUTC and
// the price adjustments VenuePriceAdjustment, VenueUnitPriceAdjustment (0 at creation).
//
// A key is a psk vertex, GraphID(psk, KeyID), one per keypool (SSID) attached at the unit's
// venue, linked from the subscriber (subscriber_has_psk), the keypool (keypool_has_psk) and
// the unit (unit_policy_for_psk). Its passphrase is stored encrypted (KeyRing.EncryptString
// with the context "psk:{KeyID}"); a psk_claim vertex with id PSKClaimKey(KeyPoolID,
// BlindIndex("ssid:{KeyPoolID}", passphrase)) is created in the same traversal, so no two
// keys on one SSID share a passphrase on any backend.
package subscribers

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/schema"
)

var __ = gremlingo.T__

// Vertex and edge labels.
const (
	labelSubscriber   = string(schema.VertexSubscriber)
	labelSubscription = string(schema.VertexSubscription)
	labelPSK          = string(schema.VertexPSK)
	labelPSKClaim     = string(schema.VertexPSKClaim)
	labelValueClaim   = string(schema.VertexValueClaim)
	labelUnit         = string(schema.VertexVenueUnit)
	labelVenue        = string(schema.VertexVenue)
	labelKeypool      = string(schema.VertexKeypool)
	labelPlan         = string(schema.VertexServicePlan)
	labelOperator     = string(schema.VertexOperator)
	labelMessage      = string(schema.VertexMessage)
	labelDevice       = string(schema.VertexDevice)
	labelSession      = string(schema.VertexSession)

	edgeOperatorSubscriber  = string(schema.EdgeOperatorHasSubscriber)
	edgeSubscriberPSK       = string(schema.EdgeSubscriberHasPSK)
	edgeKeypoolPSK          = string(schema.EdgeKeypoolHasPSK)
	edgeUnitPolicy          = string(schema.EdgeUnitPolicyForPSK)
	edgeSubscription        = string(schema.EdgeSubscriberHasSubscription)
	edgeSubscriptionUnit    = string(schema.EdgeSubscriptionForUnit)
	edgeSubscriptionPlan    = string(schema.EdgeSubscriptionForServicePlan)
	edgeSubscriptionPayment = string(schema.EdgeSubscriptionHasPayment)
	edgeClaimHeldBy         = string(schema.EdgeClaimHeldBy)
	edgeVenueUnit           = string(schema.EdgeVenueHasUnit)
	edgeKeypoolAtVenue      = string(schema.EdgeKeypoolAttachedAtVenue)
	edgePlanAtVenue         = string(schema.EdgeServicePlanOfferedAtVenue)
	edgeMessageFromVenue    = string(schema.EdgeMessageFromVenue)
	edgeMessageToSubscriber = string(schema.EdgeMessageToSubscriber)
	edgeSubscriberDevice    = string(schema.EdgeSubscriberHasDevice)
	edgeSessionOfPSK        = string(schema.EdgeSessionOfPSK)
)

// Property keys.
const (
	keyToken        = string(schema.KeySubscriberToken)
	keyOperator     = string(schema.KeyOperatorID)
	keyVenue        = string(schema.KeyVenueID)
	keyUnit         = string(schema.KeyUnitIDInternal)
	keyEmail        = string(schema.KeyEmailAddress)
	keyPhone        = string(schema.KeyPhoneNumber)
	keyGiven        = string(schema.KeyGivenName)
	keyFamily       = string(schema.KeyFamilyName)
	keyLocale       = string(schema.KeyLocale)
	keyPrefSMS      = string(schema.KeyContactPrefSMS)
	keyPrefEmail    = string(schema.KeyContactPrefEmail)
	keyStatus       = string(schema.KeyStatus)
	keyExternal     = string(schema.KeyExternalSubscriberID)
	keyOpEmail      = string(schema.KeyOperatorEmailAddress)
	keyOpPhone      = string(schema.KeyOperatorPhoneNumber)
	keyOpExternal   = string(schema.KeyOperatorExternalSubscriberID)
	keyKeyID        = string(schema.KeyKeyID)
	keyKeyPool      = string(schema.KeyKeyPoolID)
	keySSID         = string(schema.KeySSID)
	keyPSK          = string(schema.KeyPSK)
	keyTag          = string(schema.KeyKeyTag)
	keyUserPart     = string(schema.KeyUserPartOfKey)
	keyMAC          = string(schema.KeyCallingStationID)
	keyHostName     = string(schema.KeyUserDefinedHostName)
	keyStart        = string(schema.KeyStartDateTimeUTC)
	keyEnd          = string(schema.KeyEndDateTimeUTC)
	keyPlan         = string(schema.KeyServicePlanID)
	keySubscription = string(schema.KeySubscriptionID)
	keyMessageID    = string(schema.KeyMessageID)
	keyResetCode    = string(schema.KeyPasswordResetCode)
	keyResetStart   = string(schema.KeyPasswordResetInitiate)
	keyDateAdded    = gremlinconsole.KeyDateAdded
	// keyFollowsPassword marks keys whose passphrase is the console password: acceptTandC
	// and confirmResetConsolePassword set it to the new password (the seeds: "becomes the
	// WiFi pre-shared key"). Keys made from NewKey or UserPartForNewKey keep theirs.
	keyFollowsPassword = "KeyFollowsPassword"
	keyKeyStatus       = "KeyStatus"
	keyLastSeen        = "LastSeenDateTimeUTC"
	keyAcknowledged    = "AcknowledgedDateTimeUTC"
	keyTandCAccepted   = "TandCAcceptedDateTimeUTC"
	keyTandCSourceIP   = "TandCAcceptedSourceIP"
	keyClosed          = "ClosedDateTimeUTC"
)

// Subscriber statuses (updatePII's enumeration, plus Closed).
const (
	StatusAUPNotAccepted = "AUP not accepted"
	StatusInService      = "In Service"
	StatusActive         = "Active"
	StatusSuspended      = identity.SubscriberStatusSuspended
	StatusUnknown        = "Unknown"
	StatusClosed         = identity.SubscriberStatusClosed
)

// Key statuses.
const (
	keyActive = "active"
)

// Event types this package records (delivered by outbox handlers: webhooks, email, SMS).
const (
	EventSubscriberWelcome    = "SubscriberWelcome"
	EventKeyStart             = "KeyStart"
	EventKeyEnd               = "KeyEnd"
	EventLoginPasswordCreated = "LoginPasswordCreated"
	EventPasswordResetCode    = "SubscriberPasswordResetCode"
	EventPasswordChanged      = "SubscriberPasswordChanged"
	EventVenueMessage         = "VenueMessageSent"
	EventSubscriberClosed     = "SubscriberAccountClosed"
	EventSubscriberErased     = "SubscriberAccountErased"
)

// Limits from the seeds.
const (
	maxUserPartLen = 40
	maxNameLen     = 50
	maxTagLen      = 40
	// generatedPartLen is the random part of a generated key ("kdnyyryy.TestToken").
	generatedPartLen = 8
	// otpLen and otpTTL: confirmResetConsolePassword takes exactly 8 characters; the
	// seeds state no lifetime, 15 minutes is what a person needs to read an email.
	otpLen = 8
	otpTTL = 15 * time.Minute
	// onlineWindow is listKeys' rule: a device seen within 32 minutes is online.
	onlineWindow = 32 * time.Minute
	// temporaryPasswordLen is the length of generated temporary passwords.
	temporaryPasswordLen = 12
)

// Locales the seeds support; en-us is the fallback.
var locales = []string{"en-us", "es-xl"}

// SupportedLocales is the seeds' SupportedLocales object.
var supportedLocales = map[string]string{"en-us": "English (US)", "es-xl": "Spanish (Latin America)"}

// wpaPattern: printable ASCII without space (the seeds' ^[!-~]*$).
const wpaPattern = `^[!-~]*$`

// macPattern is the seeds' Calling-Station-Id pattern.
const macPattern = `^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$`

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// sanitize removes HTML tags and surrounding space (the seeds' "HTML sanitized").
func sanitize(s string) string { return strings.TrimSpace(htmlTag.ReplaceAllString(s, "")) }

// normalizeMAC is the stored form of a MAC: upper case, colon-separated.
func normalizeMAC(mac string) string { return strings.ToUpper(strings.ReplaceAll(mac, "-", ":")) }

// subscriberVID, keyVID, ... are graph ids.
func subscriberVID(token string) string { return schema.GraphID(schema.VertexSubscriber, token) }
func keyVID(keyID string) string        { return schema.GraphID(schema.VertexPSK, keyID) }
func unitVID(unit string) string        { return schema.GraphID(schema.VertexVenueUnit, unit) }
func venueVID(venue string) string      { return schema.GraphID(schema.VertexVenue, venue) }
func keypoolVID(kp string) string       { return schema.GraphID(schema.VertexKeypool, kp) }
func planVID(plan string) string        { return schema.GraphID(schema.VertexServicePlan, plan) }
func operatorVID(op string) string      { return schema.GraphID(schema.VertexOperator, op) }

// randomID returns prefix and 16 random hex digits (KeyID "psk_…", SubscriptionID, MessageID).
func randomID(prefix string) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return prefix + hex.EncodeToString(b[:])
}

// randomString draws n characters uniformly from alphabet with crypto/rand.
func randomString(alphabet string, n int) string {
	max := big.NewInt(int64(len(alphabet)))
	out := make([]byte, n)
	for i := range out {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err)
		}
		out[i] = alphabet[v.Int64()]
	}
	return string(out)
}

// generatedKeyAlphabet: lower-case letters without l and o, as the seeds' sample key.
const generatedKeyAlphabet = "abcdefghijkmnpqrstuvwxyz"

// otpAlphabet: upper-case letters and digits without look-alikes (sample "AB12CD34").
const otpAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewPassphrase resolves the passphrase of a new key the way the seeds describe it:
// newKey verbatim (8–63 WPA2 characters, for imports), else "{userPart}.{token}" (the
// subscriber chooses the first part, the token keeps it unique), else 8 random lower-case
// letters and the token ("kdnyyryy.TestToken"). field names the parameter at fault.
func NewPassphrase(newKey, userPart, token string) (passphrase, field string, err error) {
	switch {
	case newKey != "":
		if err := vaultcrypto.ValidatePassphrase(newKey); err != nil || strings.Contains(newKey, " ") {
			return "", "NewKey", fmt.Errorf("must be 8 to 63 printable characters without spaces")
		}
		return newKey, "NewKey", nil
	case userPart != "":
		if len(userPart) > maxUserPartLen || !regexp.MustCompile(wpaPattern).MatchString(userPart) {
			return "", "UserPartForNewKey", fmt.Errorf("must be 1 to %d printable characters without spaces", maxUserPartLen)
		}
		p := userPart + "." + token
		if err := vaultcrypto.ValidatePassphrase(p); err != nil {
			return "", "UserPartForNewKey", fmt.Errorf("gives a key of %d characters; a WiFi key has 8 to 63", len(p))
		}
		return p, "UserPartForNewKey", nil
	}
	p := randomString(generatedKeyAlphabet, generatedPartLen) + "." + token
	if len(p) > vaultcrypto.MaxPassphraseLen {
		p = p[:vaultcrypto.MaxPassphraseLen]
	}
	return p, "", nil
}

// pskContext binds a key's ciphertext to the key.
func pskContext(keyID string) string { return "psk:" + keyID }

// blindScope is the blind-index scope of passphrases on a keypool.
func blindScope(keyPoolID string) string { return "ssid:" + keyPoolID }

// str, boolean and millis read typed values of a flattened map.
func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }
func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}
func millis(m map[string]any, k string) int64 {
	switch n := m[k].(type) {
	case int64:
		return n
	case int32:
		return int64(n)
	case int:
		return int64(n)
	}
	return 0
}

// iso renders epoch milliseconds as the seeds' ISO 8601 (""for 0).
func iso(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// parseISO reads an ISO 8601 time parameter (RFC 3339) as epoch milliseconds.
func parseISO(field, s string) (int64, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, &gremlinconsole.ValidationError{Field: field, Message: "must be an ISO 8601 date-time (2024-01-31T00:00:00.000Z)"}
	}
	return t.UnixMilli(), nil
}

// notFound is a 404 refusal.
func notFound(format string, args ...any) error {
	return &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf(format, args...)}
}

// jsonText is v as JSON text (for list-valued properties).
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// set appends a single-cardinality property.
func set(t *gremlingo.GraphTraversal, k string, v any) *gremlingo.GraphTraversal {
	return t.Property(gremlingo.Cardinality.Single, k, v)
}

// claimVID is the graph id of the value claim of a unique subscriber property.
func claimVID(key schema.PropertyKey, composite string) (string, error) {
	k, err := schema.ValueClaimKey(schema.Index{Label: labelSubscriber, Key: string(key), Unique: true}, composite)
	if err != nil {
		return "", err
	}
	return schema.GraphID(schema.VertexValueClaim, k), nil
}
