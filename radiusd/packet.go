package radiusd

import (
	"crypto/hmac"
	"crypto/md5"
	"errors"

	"layeh.com/radius"
)

const typeMessageAuthenticator radius.Type = 80

// errMultipleMA reports a packet with more than one Message-Authenticator.
var errMultipleMA = errors.New("more than one Message-Authenticator")

// checkMessageAuthenticator looks for Message-Authenticator in the raw
// packet and verifies it: HMAC-MD5(secret, packet with the attribute's
// value zeroed), over the packet as sent for Access-Request and
// Status-Server, with the Authenticator field zeroed as well for
// Accounting, Disconnect and CoA requests (RFC 3579, RFC 5176).
func checkMessageAuthenticator(raw, secret []byte) (present, valid bool, err error) {
	if len(raw) < 20 {
		return false, false, errors.New("short packet")
	}
	pos := -1
	for i := 20; i+2 <= len(raw); {
		n := int(raw[i+1])
		if n < 2 || i+n > len(raw) {
			return false, false, errors.New("malformed attribute")
		}
		if radius.Type(raw[i]) == typeMessageAuthenticator {
			if pos >= 0 {
				return true, false, errMultipleMA
			}
			if n != 18 {
				return true, false, nil
			}
			pos = i + 2
		}
		i += n
	}
	if pos < 0 {
		return false, false, nil
	}
	buf := append([]byte(nil), raw...)
	got := append([]byte(nil), buf[pos:pos+16]...)
	clear(buf[pos : pos+16])
	switch radius.Code(buf[0]) {
	case radius.CodeAccountingRequest, radius.CodeDisconnectRequest, radius.CodeCoARequest:
		clear(buf[4:20])
	}
	m := hmac.New(md5.New, secret)
	m.Write(buf)
	return true, hmac.Equal(m.Sum(nil), got), nil
}

// encodeWithMessageAuthenticator encodes p with Message-Authenticator as
// its FIRST attribute (BlastRADIUS, CVE-2024-3596). For a reply,
// p.Authenticator must hold the Request Authenticator (radius.Packet.
// Response copies it); the Response Authenticator is computed afterwards.
// For a Disconnect/CoA request the HMAC covers a zero Authenticator and the
// Request Authenticator is computed afterwards.
func encodeWithMessageAuthenticator(p *radius.Packet) ([]byte, error) {
	p.Attributes.Del(typeMessageAuthenticator)
	p.Attributes = append(radius.Attributes{{Type: typeMessageAuthenticator, Attribute: make(radius.Attribute, 16)}}, p.Attributes...)
	switch p.Code {
	case radius.CodeDisconnectRequest, radius.CodeCoARequest, radius.CodeAccountingRequest:
		p.Authenticator = [16]byte{}
	}
	b, err := p.MarshalBinary()
	if err != nil {
		return nil, err
	}
	m := hmac.New(md5.New, p.Secret)
	m.Write(b)
	p.Attributes[0].Attribute = m.Sum(nil)
	return p.Encode()
}
