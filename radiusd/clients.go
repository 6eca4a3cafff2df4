package radiusd

import (
	"net/netip"
	"sync"

	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd/vendor"
	"layeh.com/radius"
)

// client is a resolved gateway: its venue, the shared secret and the
// reply profile of its requests. Clients are shared between requests and
// never modified.
type client struct {
	venue   *policycache.Venue
	gateway *policycache.Gateway
	secret  []byte
	mac     *macKey // Message-Authenticator under secret
	profile vendor.Profile
}

// clientTable is the gateway table turned into ready clients, built once
// per snapshot of the Reader's table so that a request resolves its client
// with a map lookup and no allocation.
type clientTable struct {
	snap   *policycache.Clients
	byAddr map[netip.Addr]*client
	// byNASID holds, per NAS-Identifier, the client of each venue using
	// it: one, or several (unique per operator only), of which a request is
	// the one whose secret signed it.
	byNASID  map[string][]*client
	fallback *client // DefaultVenueID's client; nil without one
}

// clientTables caches the table of the current snapshot.
type clientTables struct {
	mu  sync.Mutex
	cur *clientTable
}

// clientTable returns the table of the Reader's current snapshot,
// building it when the snapshot changed.
func (s *Server) clientTable() *clientTable {
	snap := s.reader.Clients()
	s.tables.mu.Lock()
	defer s.tables.mu.Unlock()
	if t := s.tables.cur; t != nil && t.snap == snap {
		return t
	}
	t := s.buildClientTable(snap)
	s.tables.cur = t
	return t
}

func (s *Server) buildClientTable(snap *policycache.Clients) *clientTable {
	t := &clientTable{snap: snap, byAddr: map[netip.Addr]*client{}, byNASID: map[string][]*client{}}
	var venues map[string]*policycache.Venue
	if snap != nil {
		venues = snap.Venues
		for addr, gw := range snap.ByAddr {
			ip, err := netip.ParseAddr(addr)
			if err != nil {
				continue
			}
			if c := s.newClient(venues[gw.VenueID], gw); c != nil {
				t.byAddr[ip.Unmap()] = c
			}
		}
		for id, gws := range snap.ByNASID {
			for _, gw := range gws {
				if c := s.newClient(venues[gw.VenueID], gw); c != nil {
					t.byNASID[id] = append(t.byNASID[id], c)
				}
			}
		}
	}
	if id := s.cfg.DefaultVenueID; id != "" {
		v := venues[id]
		if v == nil {
			v = &policycache.Venue{VenueID: id, UnknownDevice: policycache.UnknownReject}
		}
		t.fallback = s.newClient(v, nil)
	}
	return t
}

// newClient is the client of a gateway of venue v (gw nil for the default
// venue's unlisted gateways), or nil when it has no secret to speak with.
func (s *Server) newClient(v *policycache.Venue, gw *policycache.Gateway) *client {
	if v == nil {
		return nil
	}
	c := &client{venue: v, gateway: gw, profile: s.cfg.DefaultProfile, secret: []byte(v.Secret)}
	if len(c.secret) == 0 {
		c.secret = []byte(s.cfg.DefaultSecret)
	}
	if len(c.secret) == 0 {
		return nil
	}
	c.mac = newMACKey(c.secret)
	if gw != nil && vendor.Profile(gw.Profile).Valid() {
		c.profile = vendor.Profile(gw.Profile)
	}
	return c
}

// resolve finds the client of a request (raw, as received) by source
// address, then by NAS-Identifier, else the default venue's; nil when
// unknown. A NAS-Identifier several venues share resolves to the venue
// whose secret signed the request (Message-Authenticator for an
// Access-Request, the Request Authenticator for accounting), or to none.
func (t *clientTable) resolve(addr netip.Addr, nasID, raw []byte) *client {
	if c := t.byAddr[addr]; c != nil {
		return c
	}
	if nasID != nil {
		switch cs := t.byNASID[string(nasID)]; len(cs) {
		case 0:
		case 1:
			return cs[0]
		default:
			for _, c := range cs {
				if c.signed(raw) {
					return c
				}
			}
			return nil
		}
	}
	return t.fallback
}

// signed reports whether raw is signed with c's secret: an Access-Request
// by a valid Message-Authenticator (without one it cannot tell), an
// Accounting-Request by its Request Authenticator.
func (c *client) signed(raw []byte) bool {
	if len(raw) < 20 {
		return false
	}
	if radius.Code(raw[0]) == radius.CodeAccountingRequest {
		return radius.IsAuthenticRequest(raw, c.secret)
	}
	present, valid, err := c.mac.check(raw)
	return err == nil && present && valid
}
