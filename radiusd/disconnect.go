package radiusd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"layeh.com/radius"
)

const (
	attrEventTimestamp radius.Type = 55
	defaultCoAPort                 = 3799
)

// DisconnectResult reports what DisconnectKey did.
type DisconnectResult struct {
	Sessions int // active sessions of the key
	Acked    int // Disconnect-ACKs received
	Failed   []string
}

// DisconnectKey sends an RFC 5176 Disconnect-Request for every active
// session of keyID to the NAS that reported it (UDP 3799 unless the
// gateway says otherwise), retrying each CoAAttempts times, and forgets
// the key's devices in the outage cache. The projector calls it after a
// key is removed, reset or expires, or a subscription ends. It returns an
// error only when the sessions cannot be read.
func (s *Server) DisconnectKey(ctx context.Context, keyID string) (DisconnectResult, error) {
	s.recent.forgetKey(keyID)
	sessions, err := s.store.SessionsOfKey(ctx, keyID)
	if err != nil {
		return DisconnectResult{}, err
	}
	res := DisconnectResult{Sessions: len(sessions)}
	type outcome struct {
		ref string
		err error
	}
	out := make(chan outcome, len(sessions))
	for _, sess := range sessions {
		go func() { out <- outcome{sess.Ref, s.disconnect(ctx, sess)} }()
	}
	for range sessions {
		o := <-out
		if o.err != nil {
			res.Failed = append(res.Failed, o.ref)
			s.log.Warn("radiusd: Disconnect-Request failed", "session", o.ref, "err", o.err)
			continue
		}
		res.Acked++
		s.log.Info("radiusd: device disconnected", "session", o.ref)
	}
	return res, nil
}

func (s *Server) disconnect(ctx context.Context, sess policycache.Session) error {
	cl := s.reader.Clients()
	var gw *policycache.Gateway
	var venue *policycache.Venue
	if cl != nil {
		gw = cl.GatewayOf(sess.VenueID, sess.NASAddress, sess.NASIdentifier)
		venue = cl.Venues[sess.VenueID]
	}
	secret := s.cfg.DefaultSecret
	if venue != nil && venue.Secret != "" {
		secret = venue.Secret
	}
	if secret == "" || sess.NASAddress == "" {
		return errors.New("no secret or NAS address for the session")
	}
	port := defaultCoAPort
	if gw != nil && gw.CoAPort > 0 {
		port = gw.CoAPort
	}
	req := radius.New(radius.CodeDisconnectRequest, []byte(secret))
	if sess.UserName != "" {
		req.Add(attrUserName, radius.Attribute(sess.UserName))
	}
	if sess.MAC != "" {
		req.Add(attrCallingStationID, radius.Attribute(dashedMAC(sess.MAC)))
	}
	req.Add(attrAcctSessionID, radius.Attribute(sess.SessionID))
	if sess.NASIdentifier != "" {
		req.Add(attrNASIdentifier, radius.Attribute(sess.NASIdentifier))
	}
	ts, _ := radius.NewDate(s.cfg.Now())
	req.Add(attrEventTimestamp, ts)
	wire, err := encodeWithMessageAuthenticator(req)
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(sess.NASAddress, strconv.Itoa(port))
	conn, err := net.Dial("udp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	buf := make([]byte, radius.MaxPacketLength)
	for attempt := 0; attempt < s.cfg.CoAAttempts; attempt++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.c.dmSent.Add(1)
		if _, err := conn.Write(wire); err != nil {
			return err
		}
		conn.SetReadDeadline(time.Now().Add(s.cfg.CoATimeout))
		for {
			n, err := conn.Read(buf)
			if err != nil {
				break // timeout: retry
			}
			if n < 20 || buf[1] != wire[1] || !radius.IsAuthenticResponse(buf[:n], wire, []byte(secret)) {
				continue
			}
			switch radius.Code(buf[0]) {
			case radius.CodeDisconnectACK:
				s.c.dmAcked.Add(1)
				return nil
			case radius.CodeDisconnectNAK:
				return fmt.Errorf("NAS %s answered Disconnect-NAK", addr)
			}
		}
	}
	return fmt.Errorf("NAS %s did not answer after %d attempts", addr, s.cfg.CoAAttempts)
}

func dashedMAC(m string) string {
	var b strings.Builder
	for i := 0; i+1 < len(m); i += 2 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(strings.ToUpper(m[i : i+2]))
	}
	return b.String()
}
