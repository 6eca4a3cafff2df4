package radiusd

import (
	"context"
	"net/netip"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"layeh.com/radius"
)

// Accounting attribute types (RFC 2866, RFC 2869).
const (
	attrAcctStatusType     radius.Type = 40
	attrAcctInputOctets    radius.Type = 42
	attrAcctOutputOctets   radius.Type = 43
	attrAcctSessionID      radius.Type = 44
	attrAcctSessionTime    radius.Type = 46
	attrAcctInputGigawords radius.Type = 52
	attrAcctOutputGigaword radius.Type = 53
)

// Acct-Status-Type values handled besides Start/Stop/Interim.
const (
	acctOn  = 7
	acctOff = 8
)

func integer(req *radius.Packet, t radius.Type) uint64 {
	v, err := radius.Integer(req.Get(t))
	if err != nil {
		return 0
	}
	return uint64(v)
}

// account applies an Accounting-Request and returns the
// Accounting-Response, or nil (no answer, the NAS retries) when Redis
// cannot record it.
func (s *Server) account(ctx context.Context, cl *client, from netip.AddrPort, req *radius.Packet, now time.Time) []byte {
	s.c.accounting.Add(1)
	status := int(integer(req, attrAcctStatusType))
	venue := cl.venue.VenueID
	nasAddr := from.Addr().Unmap().String()
	nasID := string(req.Get(attrNASIdentifier))
	rctx, cancel := context.WithTimeout(ctx, s.cfg.RedisTimeout)
	defer cancel()
	var err error
	switch status {
	case acctOn, acctOff:
		var n int
		n, err = s.store.CloseNASSessions(rctx, venue, nasID, nasAddr, now)
		if err == nil {
			s.log.Info("radiusd: NAS accounting on/off closed sessions", "venue", venue, "nas", nasID, "sessions", n)
		}
	case policycache.AcctStart, policycache.AcctStop, policycache.AcctInterim:
		ev := policycache.AccountingEvent{
			VenueID: venue, SessionID: string(req.Get(attrAcctSessionID)), Status: status,
			UserName: string(req.Get(attrUserName)), NASAddress: nasAddr, NASIdentifier: nasID,
			InputOctets:  integer(req, attrAcctInputGigawords)<<32 | integer(req, attrAcctInputOctets),
			OutputOctets: integer(req, attrAcctOutputGigaword)<<32 | integer(req, attrAcctOutputOctets),
			SessionTime:  int64(integer(req, attrAcctSessionTime)), Now: now,
		}
		if ev.SessionID == "" {
			s.c.malformed.Add(1)
			return nil
		}
		if mac, ok := macOf(req); ok {
			ev.MAC = mac
			look, lerr := s.reader.Device(rctx, venue, mac, 0)
			if lerr != nil {
				err = lerr
				break
			}
			if look.Key != nil {
				ev.KeyID, ev.UnitID = look.Key.KeyID, look.Key.UnitID
			}
		}
		err = s.store.RecordAccounting(rctx, ev)
	default:
		// Unknown status types are acknowledged and ignored (RFC 2866 5.1).
	}
	if err != nil {
		s.log.Warn("radiusd: accounting not recorded; NAS will retransmit", "err", err, "venue", venue)
		return nil
	}
	b, err := req.Response(radius.CodeAccountingResponse).Encode()
	if err != nil {
		return nil
	}
	return b
}
