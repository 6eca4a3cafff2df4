package radiusd

import (
	"crypto/hmac"
	"crypto/md5"
	"errors"
	"hash"
	"sync"

	"layeh.com/radius"
)

const typeMessageAuthenticator radius.Type = 80

// errMultipleMA reports a packet with more than one Message-Authenticator.
var errMultipleMA = errors.New("more than one Message-Authenticator")

// macKey computes HMAC-MD5 under one shared secret with pooled hashers, so
// that checking and signing Message-Authenticators costs no allocation per
// packet. A nil *macKey is not usable; see newMACKey.
type macKey struct {
	secret []byte
	pool   sync.Pool
}

func newMACKey(secret []byte) *macKey {
	k := &macKey{secret: secret}
	k.pool.New = func() any { return hmac.New(md5.New, secret) }
	return k
}

// messageAuthenticator writes into out the HMAC-MD5 of raw with the 16
// octets at pos (the attribute's value) taken as zeros, and the
// Authenticator field as well when zeroAuth.
func (k *macKey) messageAuthenticator(raw []byte, pos int, zeroAuth bool, out *[16]byte) {
	h := k.pool.Get().(hash.Hash)
	h.Reset()
	var zero [16]byte
	if zeroAuth {
		h.Write(raw[:4])
		h.Write(zero[:])
		h.Write(raw[20:pos])
	} else {
		h.Write(raw[:pos])
	}
	h.Write(zero[:])
	h.Write(raw[pos+16:])
	h.Sum(out[:0])
	k.pool.Put(h)
}

// checkMessageAuthenticator looks for Message-Authenticator in the raw
// packet and verifies it: HMAC-MD5(secret, packet with the attribute's
// value zeroed), over the packet as sent for Access-Request and
// Status-Server, with the Authenticator field zeroed as well for
// Accounting, Disconnect and CoA requests (RFC 3579, RFC 5176).
func checkMessageAuthenticator(raw, secret []byte) (present, valid bool, err error) {
	return newMACKey(secret).check(raw)
}

// check is checkMessageAuthenticator under k's secret.
func (k *macKey) check(raw []byte) (present, valid bool, err error) {
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
	var want [16]byte
	switch radius.Code(raw[0]) {
	case radius.CodeAccountingRequest, radius.CodeDisconnectRequest, radius.CodeCoARequest:
		k.messageAuthenticator(raw, pos, true, &want)
	default:
		k.messageAuthenticator(raw, pos, false, &want)
	}
	return true, hmac.Equal(want[:], raw[pos:pos+16]), nil
}

// encodeWithMessageAuthenticator encodes p with Message-Authenticator as
// its FIRST attribute (BlastRADIUS, CVE-2024-3596). For a reply,
// p.Authenticator must hold the Request Authenticator (radius.Packet.
// Response copies it); the Response Authenticator is computed afterwards.
// For a Disconnect/CoA request the HMAC covers a zero Authenticator and the
// Request Authenticator is computed afterwards.
func encodeWithMessageAuthenticator(p *radius.Packet) ([]byte, error) {
	return newMACKey(p.Secret).encode(p)
}

// encode is encodeWithMessageAuthenticator under k's secret (which must be
// p.Secret), marshalling the packet once.
func (k *macKey) encode(p *radius.Packet) ([]byte, error) {
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
	const pos = 22 // the first attribute's value
	var mac [16]byte
	k.messageAuthenticator(b, pos, false, &mac)
	copy(b[pos:pos+16], mac[:])
	switch p.Code {
	case radius.CodeAccessRequest, radius.CodeStatusServer:
		// The Request Authenticator is sent as it is.
	case radius.CodeAccessAccept, radius.CodeAccessReject, radius.CodeAccessChallenge, radius.CodeAccountingRequest,
		radius.CodeAccountingResponse, radius.CodeDisconnectRequest, radius.CodeDisconnectACK, radius.CodeDisconnectNAK,
		radius.CodeCoARequest, radius.CodeCoAACK, radius.CodeCoANAK:
		// MD5(Code+Identifier+Length+Authenticator+Attributes+Secret), the
		// Authenticator being the request's for a reply and zeros for a
		// request (set above): both are in b[4:20] already.
		h := md5.New()
		h.Write(b)
		h.Write(p.Secret)
		var sum [md5.Size]byte
		copy(b[4:20], h.Sum(sum[:0]))
	default:
		return nil, errors.New("radiusd: unknown packet code")
	}
	return b, nil
}
