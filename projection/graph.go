package projection

import (
	"encoding/json"
	"fmt"
	"github.com/wifivault/wifivault/graphdb"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/schema"
)

var __ = gremlingo.T__

// Graph labels and property keys the projection reads.
const (
	labelPSK        = string(schema.VertexPSK)
	labelVenue      = string(schema.VertexVenue)
	labelSubscriber = string(schema.VertexSubscriber)

	edgeSubscriberPSK = string(schema.EdgeSubscriberHasPSK)
	edgeUnitPolicy    = string(schema.EdgeUnitPolicyForPSK)

	propKeyID      = string(schema.KeyKeyID)
	propToken      = string(schema.KeySubscriberToken)
	propVenue      = string(schema.KeyVenueID)
	propUnit       = string(schema.KeyUnitIDInternal)
	propSSID       = string(schema.KeySSID)
	propPSK        = string(schema.KeyPSK)
	propPlan       = string(schema.KeyServicePlanID)
	propStart      = string(schema.KeyStartDateTimeUTC)
	propEnd        = string(schema.KeyEndDateTimeUTC)
	propStatus     = string(schema.KeyStatus)
	propVLAN       = string(schema.KeyVLAN)
	propUp         = string(schema.KeyUploadKbps)
	propDown       = string(schema.KeyDownloadKbps)
	propDevices    = string(schema.KeyConcurrentDevices)
	propTimeout    = string(schema.KeySessionTimeoutSecondsPerDevice)
	propNAS        = string(schema.KeyNASIdentifier)
	propKeyStatus  = "KeyStatus"
	keyStatusLive  = "active"
	statusSuspend  = "Suspended"
	planVertexName = schema.VertexServicePlan
)

// Properties the RADIUS endpoints write and the projection reads.
const (
	// PropCallingStationWhitelist is the subscriber property holding the JSON array of
	// WhitelistEntry the Calling-Station whitelist is made of.
	PropCallingStationWhitelist = "CallingStationWhitelist"
	// PropNASWhitelist is the subscriber property holding the JSON array of
	// WhitelistEntry (ID = NAS-Identifier) of the subscriber's NAS whitelist.
	PropNASWhitelist = "NASWhitelist"
	// PropVenueRadiusSecret is the venue's RADIUS shared secret, encrypted with the
	// KeyRing under VenueSecretContext.
	PropVenueRadiusSecret = "RadiusSharedSecret"
	// PropVenueUnknownDevice is the venue's unknown-device policy
	// ("reject" or "registration-vlan"); PropVenueRegistrationVLAN its VLAN.
	PropVenueUnknownDevice    = "UnknownDevicePolicy"
	PropVenueRegistrationVLAN = "RegistrationVLAN"
	// PropVenueNASWhitelist is a venue's JSON array of NAS-Identifiers or addresses.
	PropVenueNASWhitelist = "NASWhitelist"
	// PropVenueRequireMessageAuthenticator is a venue's boolean: false lets its gateways
	// send Access-Requests without Message-Authenticator (absent = required).
	PropVenueRequireMessageAuthenticator = "RadiusRequireMessageAuthenticator"
	// PropVenueReplyProfile is the vendor.Profile of the venue's gateways' Access-Accepts
	// (absent = radiusd's default profile).
	PropVenueReplyProfile = "RadiusReplyProfile"
	// PropVenueGatewayAddresses is a venue's JSON array of the source IP addresses of its
	// gateways' RADIUS packets.
	PropVenueGatewayAddresses = "RadiusGatewayAddresses"
)

// VenueSecretContext is the encryption context of a venue's stored secret field, the
// one configureVenue uses ("venue/{VenueID}/{property}").
func VenueSecretContext(venueID, prop string) string { return "venue/" + venueID + "/" + prop }

// pskContext is the encryption context of a stored passphrase (the subscriber commands').
func pskContext(keyID string) string { return "psk:" + keyID }

// WhitelistEntry is one entry of a subscriber's whitelist as stored in the graph. ID is
// the normalised MAC (Calling-Station whitelist) or the NAS-Identifier (NAS whitelist).
type WhitelistEntry struct {
	EntryID     string `json:"whitelistEntryId"`
	ID          string `json:"id"`
	Type        string `json:"type"`
	AccessLevel string `json:"AccessLevel"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Added       int64  `json:"dateAddedUTC"`
}

// ParseWhitelist decodes a stored whitelist property ("" or absent is empty).
func ParseWhitelist(v any) ([]WhitelistEntry, error) {
	s, _ := v.(string)
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []WhitelistEntry
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("projection: stored whitelist: %w", err)
	}
	return out, nil
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// num reads a whole-number property of a flattened valueMap (graphdb.Int64).
func num(m map[string]any, k string) int64 { return graphdb.Int64(m, k) }

func first(v any) map[string]any {
	if l, ok := v.([]any); ok && len(l) > 0 {
		return graphdb.Flatten(l[0])
	}
	return map[string]any{}
}
