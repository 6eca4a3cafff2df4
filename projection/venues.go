package projection

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

// venueProps are the venue properties the projection reads.
var venueProps = []any{string(schema.KeyVenueID), propNAS, PropVenueRadiusSecret, PropVenueUnknownDevice,
	PropVenueRegistrationVLAN, PropVenueNASWhitelist, PropVenueRequireMessageAuthenticator, PropVenueReplyProfile,
	PropVenueGatewayAddresses}

// venueRows reads venue vertices (every one when ids is empty).
func (p *Projector) venueRows(ids ...string) ([]map[string]any, error) {
	t := p.DB.G().V()
	if len(ids) > 0 {
		vids := make([]any, len(ids))
		for i, id := range ids {
			vids[i] = schema.GraphID(schema.VertexVenue, id)
		}
		t = p.DB.G().V(vids...)
	}
	res, err := graphdb.All(t.HasLabel(labelVenue).ValueMap(venueProps...))
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		out = append(out, graphdb.Flatten(r.GetInterface()))
	}
	return out, nil
}

// policyVenue turns a venue vertex into the projection's Venue: its secret decrypted,
// Message-Authenticator required unless the venue says false, and one gateway for its
// NAS-Identifier plus one per gateway source address, all with the venue's reply profile.
func (p *Projector) policyVenue(m map[string]any, rev int64) (policycache.Venue, error) {
	id := str(m, string(schema.KeyVenueID))
	v := policycache.Venue{VenueID: id, Revision: rev, UnknownDevice: policycache.UnknownReject,
		RegistrationVLAN: int(num(m, PropVenueRegistrationVLAN))}
	if required, ok := m[PropVenueRequireMessageAuthenticator].(bool); ok && !required {
		v.AllowMissingMessageAuthenticator = true
	}
	if u := str(m, PropVenueUnknownDevice); u == string(policycache.UnknownRegistration) {
		v.UnknownDevice = policycache.UnknownRegistration
	}
	if sealed := str(m, PropVenueRadiusSecret); sealed != "" {
		secret, err := p.Secrets.DecryptString(sealed, VenueSecretContext(id, PropVenueRadiusSecret))
		if err != nil {
			return v, fmt.Errorf("projection: venue %s RADIUS secret: %w", id, err)
		}
		v.Secret = secret
	}
	if raw := str(m, PropVenueNASWhitelist); raw != "" {
		if err := json.Unmarshal([]byte(raw), &v.NASWhitelist); err != nil {
			return v, fmt.Errorf("projection: venue %s NAS whitelist: %w", id, err)
		}
	}
	profile := str(m, PropVenueReplyProfile)
	if nas := str(m, propNAS); nas != "" {
		v.Gateways = append(v.Gateways, policycache.Gateway{VenueID: id, NASIdentifier: nas, Profile: profile})
	}
	if raw := str(m, PropVenueGatewayAddresses); raw != "" {
		var addrs []string
		if err := json.Unmarshal([]byte(raw), &addrs); err != nil {
			return v, fmt.Errorf("projection: venue %s gateway addresses: %w", id, err)
		}
		for _, a := range addrs {
			v.Gateways = append(v.Gateways, policycache.Gateway{VenueID: id, Address: a, Profile: profile})
		}
	}
	return v, nil
}

// SyncVenue makes the projection of one venue what the graph says (deleted when the venue
// is gone).
func (p *Projector) SyncVenue(ctx context.Context, venueID string) (Change, error) {
	if venueID == "" {
		return Unchanged, nil
	}
	rev := p.revision()
	rows, err := p.venueRows(venueID)
	if err != nil {
		return Unchanged, err
	}
	if len(rows) == 0 {
		return Deleted, p.Store.DeleteVenue(ctx, venueID)
	}
	v, err := p.policyVenue(rows[0], rev)
	if err != nil {
		return Unchanged, err
	}
	if _, err := p.Store.PutVenue(ctx, v); err != nil {
		return Unchanged, err
	}
	return Written, nil
}
