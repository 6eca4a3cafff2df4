package radiusd

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd/eapol"
	"github.com/wifivault/wifivault/radiusd/vendor"
	"layeh.com/radius"
)

// Reject reasons, sent as Reply-Message and logged.
const (
	ReasonNoDevice       = "no device address in request"
	ReasonUnknownDevice  = "unknown device"
	ReasonNoKeyMatched   = "no key matches the handshake"
	ReasonBadHandshake   = "malformed handshake attributes"
	ReasonExpired        = "key expired"
	ReasonNotYetValid    = "key not yet valid"
	ReasonSuspended      = "key suspended"
	ReasonNotWhitelisted = "device not on the key's calling-station whitelist"
	ReasonNASNotAllowed  = "NAS not on the venue's whitelist"
	ReasonNASNotForKey   = "NAS not on the subscriber's whitelist"
	ReasonDeviceLimit    = "concurrent device limit reached"
	ReasonStoreDown      = "policy store unavailable and device not answered recently"
	ReasonInternal       = "internal error"
)

const (
	attrUserName         radius.Type = 1
	attrNASIPAddress     radius.Type = 4
	attrReplyMessage     radius.Type = 18
	attrCalledStationID  radius.Type = 30
	attrCallingStationID radius.Type = 31
	attrNASIdentifier    radius.Type = 32
	attrNASIPv6Address   radius.Type = 95
)

// errRedisDown stands for the failed health check when a request does not
// try Redis.
var errRedisDown = errors.New("redis unavailable (health check failing)")

// decision is the outcome of an Access-Request.
type decision struct {
	key    *policycache.Key
	vlan   int // registration VLAN for unknown devices
	reason string
}

func (s *Server) authenticate(ctx context.Context, cl *client, from netip.AddrPort, req *radius.Packet, now time.Time) []byte {
	d := s.decide(ctx, cl, from, req, now)
	resp := req.Response(radius.CodeAccessAccept)
	resp.Attributes = make(radius.Attributes, 0, 16) // room for any profile's grant
	if d.reason != "" {
		resp.Code = radius.CodeAccessReject
		resp.Add(attrReplyMessage, radius.Attribute("Rejected: "+d.reason))
		s.c.rejects.Add(1)
		s.log.Info("radiusd: Access-Reject", "reason", d.reason, "venue", cl.venue.VenueID,
			"device", deviceOf(req), "nas", string(req.Get(attrNASIdentifier)))
	} else {
		g := vendor.Grant{VLAN: d.vlan}
		profile := cl.profile
		if d.key != nil {
			k := d.key
			g = vendor.Grant{Passphrase: k.Passphrase, PMK: k.PMK, VLAN: k.VLAN, UpKbps: k.UpKbps, DownKbps: k.DownKbps, SessionTimeout: k.SessionTimeout}
		} else {
			profile = "" // registration VLAN only, no key
		}
		if profile != "" {
			if err := vendor.AddGrant(resp, profile, g); err != nil {
				s.log.Error("radiusd: building Access-Accept", "err", err, "venue", cl.venue.VenueID)
				return nil
			}
		} else if g.VLAN > 0 {
			resp.Add(vendor.TypeTunnelType, radius.Attribute{0, 0, 0, 13})
			resp.Add(vendor.TypeTunnelMediumType, radius.Attribute{0, 0, 0, 6})
			resp.Add(vendor.TypeTunnelPrivateGroupID, radius.Attribute(strconv.Itoa(g.VLAN)))
		}
		s.c.accepts.Add(1)
	}
	b, err := cl.mac.encode(resp)
	if err != nil {
		s.log.Error("radiusd: encoding reply", "err", err)
		return nil
	}
	return b
}

func deviceOf(req *radius.Packet) string {
	if v := req.Get(attrCallingStationID); v != nil {
		return string(v)
	}
	return string(req.Get(attrUserName))
}

// macOf returns the device's normalised MAC from Calling-Station-Id, else
// User-Name.
func macOf(req *radius.Packet) (string, bool) {
	for _, t := range []radius.Type{attrCallingStationID, attrUserName} {
		if v := req.Get(t); v != nil {
			if m, err := policycache.NormalizeMAC(string(v)); err == nil {
				return m, true
			}
		}
	}
	return "", false
}

// nasAllowed reports whether the request's NAS may authenticate devices
// of the venue: the venue has no NAS whitelist or the NAS is on it.
func (s *Server) nasAllowed(cl *client, from netip.AddrPort, req *radius.Packet) bool {
	return len(cl.venue.NASWhitelist) == 0 || nasListed(cl.venue.NASWhitelist, from, req)
}

func (s *Server) decide(ctx context.Context, cl *client, from netip.AddrPort, req *radius.Packet, now time.Time) decision {
	mac, ok := macOf(req)
	if !ok {
		return decision{reason: ReasonNoDevice}
	}
	if !s.nasAllowed(cl, from, req) {
		return decision{reason: ReasonNASNotAllowed}
	}
	venue := cl.venue.VenueID
	dev := venue + "|" + mac
	hs, err := vendor.ParseHandshake(req.Attributes)
	if err != nil && !errors.Is(err, vendor.ErrNoHandshake) {
		return decision{reason: ReasonBadHandshake}
	}
	onlineSince := now.Add(-s.cfg.SessionStaleAfter).UnixMilli()
	// The Reader bounds its own Redis calls (Config.RedisTimeout); while
	// the health check says Redis is down they are not even tried.
	var look *policycache.DeviceLookup
	lerr := errRedisDown
	if !s.redisBad.Load() {
		look, lerr = s.reader.Device(ctx, venue, mac, onlineSince)
	}
	if lerr != nil {
		// Redis unreachable: answer from memory or reject.
		a, ok := s.recent.get(dev, now)
		if !ok {
			s.log.Warn("radiusd: policy store unavailable", "err", lerr, "venue", venue)
			return decision{reason: ReasonStoreDown}
		}
		s.c.outageAnswers.Add(1)
		look = &policycache.DeviceLookup{Key: a.key, OnlineDevices: a.online, ThisDeviceOnline: true}
		if hs != nil {
			h, err := handshakeFor(hs, req)
			if err != nil {
				return decision{reason: ReasonBadHandshake}
			}
			if a.key == nil || !h.Verify(a.key.PMK) {
				return decision{reason: ReasonStoreDown}
			}
		}
		return s.policy(cl, look, mac, now, dev, false, from, req)
	}
	if hs != nil {
		h, err := handshakeFor(hs, req)
		if err != nil {
			return decision{reason: ReasonBadHandshake}
		}
		if look.Key == nil || !h.Verify(look.Key.PMK) {
			rctx, cancel := context.WithTimeout(ctx, s.cfg.RedisTimeout)
			defer cancel()
			ssid := string(h.SSID)
			cands, err := s.reader.Candidates(rctx, venue, ssid)
			if err != nil {
				s.log.Warn("radiusd: candidate keys unavailable", "err", err, "venue", venue)
				return decision{reason: ReasonStoreDown}
			}
			k := s.search(h, cands)
			if k == nil {
				return decision{reason: ReasonNoKeyMatched}
			}
			if err := s.store.BindDevice(rctx, venue, mac, k.KeyID); err != nil {
				s.log.Warn("radiusd: binding device", "err", err, "venue", venue)
			}
			// The device was not counted online under this key yet.
			again, err := s.reader.DeviceFresh(rctx, venue, mac, onlineSince)
			if err != nil || again.Key == nil {
				again = &policycache.DeviceLookup{Key: k}
			}
			look = again
		}
	}
	return s.policy(cl, look, mac, now, dev, true, from, req)
}

// policy applies the key's rules and records the answer for outages. from
// and req name the NAS the request came through (for the key's NAS
// whitelist).
func (s *Server) policy(cl *client, look *policycache.DeviceLookup, mac string, now time.Time, dev string, remember bool,
	from netip.AddrPort, req *radius.Packet) decision {
	k := look.Key
	if k == nil {
		if cl.venue.UnknownDevice == policycache.UnknownRegistration && cl.venue.RegistrationVLAN > 0 {
			if remember {
				s.recent.put(dev, nil, 0, now)
			}
			return decision{vlan: cl.venue.RegistrationVLAN}
		}
		return decision{reason: ReasonUnknownDevice}
	}
	ms := now.UnixMilli()
	switch {
	case k.Suspended:
		return decision{reason: ReasonSuspended}
	case k.ValidFrom != 0 && ms < k.ValidFrom:
		return decision{reason: ReasonNotYetValid}
	case k.ValidUntil != 0 && ms >= k.ValidUntil:
		return decision{reason: ReasonExpired}
	case len(k.CallingStationWhitelist) > 0 && !slices.Contains(k.CallingStationWhitelist, mac):
		return decision{reason: ReasonNotWhitelisted}
	case len(k.NASWhitelist) > 0 && !nasListed(k.NASWhitelist, from, req):
		return decision{reason: ReasonNASNotForKey}
	case k.DeviceLimit > 0 && !look.ThisDeviceOnline && look.OnlineDevices >= k.DeviceLimit:
		return decision{reason: ReasonDeviceLimit}
	}
	if remember {
		s.recent.put(dev, k, look.OnlineDevices, now)
	}
	return decision{key: k}
}

// nasListed reports whether the NAS of a request is on list: its
// NAS-Identifier (case-insensitively), its source address or its
// NAS-IP-Address / NAS-IPv6-Address (as addresses, so any spelling of an
// entry matches).
func nasListed(list []string, from netip.AddrPort, req *radius.Packet) bool {
	nasID := string(req.Get(attrNASIdentifier))
	addrs := [3]netip.Addr{from.Addr().Unmap()}
	if ip := req.Get(attrNASIPAddress); len(ip) == 4 {
		addrs[1] = netip.AddrFrom4([4]byte(ip))
	}
	if ip := req.Get(attrNASIPv6Address); len(ip) == 16 {
		addrs[2] = netip.AddrFrom16([16]byte(ip)).Unmap()
	}
	for _, e := range list {
		if nasID != "" && strings.EqualFold(e, nasID) {
			return true
		}
		a, err := netip.ParseAddr(e)
		if err != nil {
			continue
		}
		a = a.Unmap()
		for _, b := range addrs {
			if b.IsValid() && a == b {
				return true
			}
		}
	}
	return false
}

// handshakeFor builds the eapol.Handshake of an unbound request: AA from
// Ruckus-BSSID or Called-Station-Id, SPA from the device MAC, SSID from
// Ruckus-SSID or Called-Station-Id.
func handshakeFor(hs *vendor.HandshakeAttrs, req *radius.Packet) (*eapol.Handshake, error) {
	if hs.Cipher >= 0 && hs.Cipher != 4 {
		return nil, errors.New("unsupported pairwise cipher")
	}
	bssid, ssid, _ := policycache.SplitCalledStationID(string(req.Get(attrCalledStationID)))
	aa := hs.BSSID
	if aa == nil {
		b, err := hexMAC(bssid)
		if err != nil {
			return nil, err
		}
		aa = b
	}
	if hs.SSID != "" {
		ssid = hs.SSID
	}
	if ssid == "" {
		return nil, errors.New("no SSID")
	}
	mac, ok := macOf(req)
	if !ok {
		return nil, errors.New("no device address")
	}
	spa, _ := hexMAC(mac)
	return eapol.NewHandshake(aa, spa, hs.ANonce, hs.Frame, []byte(ssid))
}

func hexMAC(m string) ([]byte, error) {
	if len(m) != 12 {
		return nil, errors.New("no AP address")
	}
	out := make([]byte, 6)
	for i := range out {
		hi, lo := unhex(m[2*i]), unhex(m[2*i+1])
		if hi < 0 || lo < 0 {
			return nil, errors.New("bad AP address")
		}
		out[i] = byte(hi<<4 | lo)
	}
	return out, nil
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return -1
}

// search tries every candidate PMK against the handshake on at most
// CandidateWorkers goroutines (the server-wide bound) and returns the
// first matching key.
func (s *Server) search(h *eapol.Handshake, cands []*policycache.Key) *policycache.Key {
	if len(cands) == 0 {
		return nil
	}
	var found atomic.Pointer[policycache.Key]
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := min(s.cfg.CandidateWorkers, (len(cands)+255)/256)
	for w := 0; w < workers; w++ {
		s.workers <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-s.workers; wg.Done() }()
			for found.Load() == nil {
				start := int(next.Add(64)) - 64
				if start >= len(cands) {
					return
				}
				for _, k := range cands[start:min(start+64, len(cands))] {
					if h.Verify(k.PMK) {
						found.CompareAndSwap(nil, k)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return found.Load()
}
