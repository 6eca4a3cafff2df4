package network

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/radiusd/vendor"
	"github.com/wifivault/wifivault/schema"
)

// radiusPath is the request object of a venue's RADIUS settings (configureVenue) and
// radiusDetailsKey the object listVenueDetails shows them in.
const (
	radiusPath       = "NetworkConfiguration.RADIUS"
	radiusDetailsKey = "RADIUS"
)

// Limits of the RADIUS settings.
const (
	minRadiusSecretLen  = 8
	maxRadiusSecretLen  = 128
	maxRadiusListLen    = 64 // entries of the NAS whitelist and of the gateway addresses
	maxNASIDLen         = 253
	maxRegistrationVLAN = 4094
)

// replyProfiles are the reply profiles radiusd knows (vendor.Profile).
var replyProfiles = []string{string(vendor.ProfileHostapd), string(vendor.ProfileHostapdPMK), string(vendor.ProfileCisco),
	string(vendor.ProfileAruba), string(vendor.ProfileMikrotik), string(vendor.ProfileRuckus), string(vendor.ProfileRuckusDPSK)}

// unknownDevicePolicies are the values of UnknownDevicePolicy.
var unknownDevicePolicies = []string{string(policycache.UnknownReject), string(policycache.UnknownRegistration)}

// radiusVenueFields are the venue's RADIUS settings, stored in the venue properties the
// projection reads (projection.PropVenue*) and projected into policycache.Venue and its
// Gateways:
//
//   - SharedSecret: the shared secret of the venue's gateways, 8 to 128 printable ASCII
//     characters without spaces, stored encrypted; " " removes it (the server's default
//     secret applies again).
//   - RequireMessageAuthenticator: false lets the gateways send Access-Requests without
//     Message-Authenticator (default true).
//   - UnknownDevicePolicy: "reject" (default) or "registration-vlan"; RegistrationVLAN
//     (1..4094) is the VLAN unknown devices get, required with "registration-vlan".
//   - NASWhitelist: NAS-Identifiers (compared exactly) or IP addresses allowed to
//     authenticate the venue's devices; [] removes the list (every gateway allowed).
//   - ReplyProfile: the form of the gateways' Access-Accepts (replyProfiles); " " removes
//     it (radiusd's default profile).
//   - GatewayAddresses: the source IP addresses of the gateways' RADIUS packets, each
//     belonging to one venue only; [] removes them.
var radiusVenueFields = []venueField{
	{path: radiusPath + ".SharedSecret", key: projection.PropVenueRadiusSecret, kind: fieldRadiusSecret, clearable: true},
	{path: radiusPath + ".RequireMessageAuthenticator", key: projection.PropVenueRequireMessageAuthenticator, kind: fieldBool},
	{path: radiusPath + ".UnknownDevicePolicy", key: projection.PropVenueUnknownDevice, kind: fieldEnum, enum: unknownDevicePolicies, updated: true},
	{path: radiusPath + ".RegistrationVLAN", key: projection.PropVenueRegistrationVLAN, kind: fieldInt, min: 1, max: maxRegistrationVLAN},
	{path: radiusPath + ".NASWhitelist", key: projection.PropVenueNASWhitelist, kind: fieldNASList},
	{path: radiusPath + ".ReplyProfile", key: projection.PropVenueReplyProfile, kind: fieldEnum, enum: replyProfiles, clearable: true, updated: true},
	{path: radiusPath + ".GatewayAddresses", key: projection.PropVenueGatewayAddresses, kind: fieldAddressList},
}

// radiusKeys are the venue properties of radiusVenueFields.
var radiusKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range radiusVenueFields {
		m[f.key] = true
	}
	return m
}()

// affectsRadius reports whether a venue field is part of what radiusd answers with (the
// RADIUS settings and the NAS-Identifier gateway), so that changing it must re-project
// the venue.
func affectsRadius(f venueField) bool {
	return f.kind == fieldNAS || strings.HasPrefix(f.path, radiusPath+".")
}

// checkRadiusParams refuses names inside NetworkConfiguration.RADIUS that are not
// settings (a misspelt security setting must not be ignored silently) and a RADIUS that
// is not an object.
func checkRadiusParams(p gremlinconsole.Params) error {
	nc, _ := p["NetworkConfiguration"].(map[string]any)
	known := func(name string) error {
		if !slices.ContainsFunc(radiusVenueFields, func(f venueField) bool { return f.path == radiusPath+"."+name }) {
			return &gremlinconsole.ValidationError{Field: radiusPath + "." + name, Message: "is not a RADIUS setting"}
		}
		return nil
	}
	for k, v := range nc {
		switch {
		case k == "RADIUS":
			obj, ok := v.(map[string]any)
			if !ok {
				return &gremlinconsole.ValidationError{Field: radiusPath, Message: "must be an object"}
			}
			for name := range obj {
				if err := known(name); err != nil {
					return err
				}
			}
		case strings.HasPrefix(k, "RADIUS."):
			if err := known(strings.TrimPrefix(k, "RADIUS.")); err != nil {
				return err
			}
		}
	}
	return nil
}

// nasIDPattern is what a NAS-Identifier of a NAS whitelist may hold.
var nasIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:@/-]+$`)

// validateRadiusField checks the RADIUS settings validateField does not know: the shared
// secret (sealed with the key ring under projection.VenueSecretContext) and the two lists
// (stored as JSON arrays, addresses in their canonical form, duplicates dropped).
func (n *Commands) validateRadiusField(c *gremlinconsole.Call, f venueField, raw any) (change, error) {
	bad := func(format string, args ...any) (change, error) {
		return change{}, &gremlinconsole.ValidationError{Field: f.path, Message: fmt.Sprintf(format, args...)}
	}
	ch := change{f: f}
	switch f.kind {
	case fieldRadiusSecret:
		s, ok := raw.(string)
		if !ok {
			return bad("must be a string")
		}
		if f.clearable && s == clearValue {
			ch.message = fmt.Sprintf("Removed %s.", f.path)
			return ch, nil
		}
		if len(s) < minRadiusSecretLen || len(s) > maxRadiusSecretLen {
			return bad("must be %d to %d characters", minRadiusSecretLen, maxRadiusSecretLen)
		}
		for i := 0; i < len(s); i++ {
			if s[i] <= ' ' || s[i] > '~' {
				return bad("may hold only printable ASCII characters without spaces")
			}
		}
		enc, err := n.Secrets.EncryptString(s, projection.VenueSecretContext(c.VenueID, f.key))
		if err != nil {
			return change{}, err
		}
		ch.value, ch.message = enc, fmt.Sprintf("Updated %s.", f.path)
		return ch, nil
	case fieldNASList, fieldAddressList:
		items, ok := raw.([]any)
		if !ok {
			return bad("must be an array of strings")
		}
		if len(items) > maxRadiusListLen {
			return bad("must have at most %d entries", maxRadiusListLen)
		}
		var list []string
		for i, it := range items {
			s, ok := it.(string)
			if !ok {
				return bad("entry %d must be a string", i+1)
			}
			entry, err := radiusListEntry(f.kind, strings.TrimSpace(s))
			if err != nil {
				return bad("entry %d (%q) %s", i+1, s, err.Error())
			}
			if !slices.Contains(list, entry) {
				list = append(list, entry)
			}
		}
		if len(list) == 0 {
			ch.message = fmt.Sprintf("Removed %s.", f.path)
			return ch, nil
		}
		js, err := json.Marshal(list)
		if err != nil {
			return change{}, err
		}
		ch.value, ch.shown = string(js), strings.Join(list, ", ")
		ch.message = fmt.Sprintf("Updated %s = %s.", f.path, ch.shown)
		return ch, nil
	}
	return bad("is not a RADIUS setting")
}

// radiusListEntry checks one entry of a NAS whitelist (an IP address or a
// NAS-Identifier) or of the gateway addresses (an IP address) and returns it as stored:
// addresses canonical (IPv4-mapped IPv6 as IPv4), NAS-Identifiers as given.
func radiusListEntry(kind fieldKind, s string) (string, error) {
	a, err := netip.ParseAddr(s)
	switch {
	case err == nil && a.Zone() != "":
		return "", fmt.Errorf("must be an address without a zone")
	case err == nil && kind == fieldAddressList && (a.IsUnspecified() || a.IsMulticast()):
		return "", fmt.Errorf("must be a unicast address")
	case err == nil:
		return a.Unmap().String(), nil
	case kind == fieldAddressList:
		return "", fmt.Errorf("must be an IPv4 or IPv6 address")
	case s == "" || len(s) > maxNASIDLen:
		return "", fmt.Errorf("must be 1 to %d characters", maxNASIDLen)
	case strings.Contains(s, ".") && strings.Trim(s, "0123456789.") == "":
		return "", fmt.Errorf("is not a valid IPv4 address")
	case !nasIDPattern.MatchString(s):
		return "", fmt.Errorf("must be an IP address or a NAS-Identifier of letters, digits and . _ : @ / -")
	}
	return s, nil
}

// checkRadiusSettings checks the rules between RADIUS settings on the venue as it would
// be after the change: the registration VLAN is required by the registration-vlan policy.
func checkRadiusSettings(after map[string]any) error {
	if p, _ := after[projection.PropVenueUnknownDevice].(string); p == string(policycache.UnknownRegistration) &&
		after[projection.PropVenueRegistrationVLAN] == nil {
		return &gremlinconsole.ValidationError{Field: radiusPath + ".RegistrationVLAN",
			Message: "is required when UnknownDevicePolicy is " + string(policycache.UnknownRegistration)}
	}
	return nil
}

// holdGatewayAddresses appends to t the claims of the venue's gateway addresses as the
// change leaves them (schema.GatewayAddressClaimKey, held by the venue like its
// NAS-Identifier): every listed address is claimed for the venue, a claim it already
// holds being kept, and an address another venue (of any operator: radiusd tells venues
// apart by it) holds fails the traversal with 409 naming the field; the claims of the
// addresses the change removes are dropped. Deleting the venue drops the rest.
func holdGatewayAddresses(t *gremlingo.GraphTraversal, c *gremlinconsole.Call, ch change, before any) (*gremlingo.GraphTraversal, error) {
	old, next := storedList(before), storedList(ch.value)
	var released []any
	for _, a := range old {
		if slices.Contains(next, a) {
			continue
		}
		if id, err := gatewayClaimID(a); err == nil {
			released = append(released, id)
		}
	}
	if len(released) > 0 {
		t = t.SideEffect(__.In(EdgeClaimHeldBy).HasId(released...).Drop())
	}
	for _, a := range next {
		id, err := gatewayClaimID(a)
		if err != nil {
			msg := err.Error()
			if fe := (*schema.FieldError)(nil); errors.As(err, &fe) {
				msg = fe.Reason
			}
			return nil, &gremlinconsole.ValidationError{Field: ch.f.path, Message: msg}
		}
		t = holdVenueClaim(t, c.VenueID, id, fmt.Sprintf("%s: %s is a gateway address of another venue.", ch.f.path, a))
	}
	return t, nil
}

// gatewayClaimID is the graph id of the claim of a gateway address (canonical, as
// radiusListEntry stores it).
func gatewayClaimID(addr string) (string, error) {
	k, err := schema.GatewayAddressClaimKey(addr)
	if err != nil {
		return "", err
	}
	return gremlinconsole.VertexID(LabelValueClaim, k), nil
}

// storedList reads a list setting as stored (a JSON array in a string; nil when absent).
func storedList(v any) []string {
	var list []string
	if s, _ := v.(string); s != "" {
		_ = json.Unmarshal([]byte(s), &list)
	}
	return list
}

// radiusEvent is the outbox event that makes the projection re-read the venue after a
// change of its RADIUS settings or NAS-Identifier; paths names the changed fields (never
// their values).
func radiusEvent(c *gremlinconsole.Call, paths []string) gremlinconsole.Event {
	sort.Strings(paths)
	return gremlinconsole.Event{Type: projection.EventVenueRadiusChanged, Key: c.VenueID,
		Payload: map[string]any{"VenueID": c.VenueID, "Fields": paths}}
}

// radiusDetails is the venue's RADIUS settings as listVenueDetails shows them: the
// effective policy (defaults filled in), the secret masked, lists as arrays. SharedSecret
// and ReplyProfile are absent while the server defaults apply, RegistrationVLAN while unset.
func (n *Commands) radiusDetails(venueID string, v map[string]any) map[string]any {
	out := map[string]any{
		"RequireMessageAuthenticator": true,
		"UnknownDevicePolicy":         string(policycache.UnknownReject),
		"NASWhitelist":                []string{},
		"GatewayAddresses":            []string{},
	}
	if b, ok := v[projection.PropVenueRequireMessageAuthenticator].(bool); ok {
		out["RequireMessageAuthenticator"] = b
	}
	if s, _ := v[projection.PropVenueUnknownDevice].(string); s != "" {
		out["UnknownDevicePolicy"] = s
	}
	if x, ok := v[projection.PropVenueRegistrationVLAN]; ok {
		out["RegistrationVLAN"] = toInt64(x)
	}
	if s, _ := v[projection.PropVenueReplyProfile].(string); s != "" {
		out["ReplyProfile"] = s
	}
	if s, _ := v[projection.PropVenueRadiusSecret].(string); s != "" {
		plain, err := n.Secrets.DecryptString(s, projection.VenueSecretContext(venueID, projection.PropVenueRadiusSecret))
		if err != nil {
			plain = ""
		}
		out["SharedSecret"] = vaultcrypto.Mask(plain)
	}
	for name, key := range map[string]string{"NASWhitelist": projection.PropVenueNASWhitelist, "GatewayAddresses": projection.PropVenueGatewayAddresses} {
		var list []string
		if s, _ := v[key].(string); s != "" && json.Unmarshal([]byte(s), &list) == nil && list != nil {
			out[name] = list
		}
	}
	return out
}
