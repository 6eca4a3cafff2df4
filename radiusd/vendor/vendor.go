// Package vendor encodes the per-vendor RADIUS attributes that carry a
// per-subscriber PSK, VLAN and bandwidth in an Access-Accept, and decodes
// the vendor attributes gateways send with an unbound (handshake) request:
// Ruckus-DPSK-Params (25053/153) and the FreeRADIUS EVS-5 attributes
// hostapd adds with wpa_psk_radius=3 (245.26/11344).
package vendor

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"layeh.com/radius"
)

// Private enterprise numbers.
const (
	PENCisco      = 9
	PENMicrosoft  = 311
	PENNomadix    = 3309
	PENFreeRADIUS = 11344
	PENWISPr      = 14122
	PENAruba      = 14823
	PENMikrotik   = 14988
	PENRuckus     = 25053
)

// Standard attribute types used in replies.
const (
	TypeSessionTimeout       radius.Type = 27
	TypeTunnelType           radius.Type = 64
	TypeTunnelMediumType     radius.Type = 65
	TypeTunnelPassword       radius.Type = 69
	TypeTunnelPrivateGroupID radius.Type = 81
	TypeVendorSpecific       radius.Type = 26
	TypeLongExtended5        radius.Type = 245
)

// Vendor attribute types.
const (
	CiscoAVPair          = 1
	MSMPPERecvKey        = 17
	NomadixBwUp          = 1
	NomadixBwDown        = 2
	WISPrBandwidthMaxUp  = 7
	WISPrBandwidthMaxDwn = 8
	ArubaMPSKPassphrase  = 44
	MikrotikRateLimit    = 8
	MikrotikWirelessPSK  = 16
	RuckusSSID           = 3
	RuckusBSSID          = 14
	RuckusDPSK           = 142
	RuckusDPSKParams     = 153
	FreeRADIUSAnonce     = 1
	FreeRADIUSEAPoLKey   = 2
)

// VSA returns the value of a Vendor-Specific attribute (type 26) holding
// one sub-attribute of vendor pen: BE32 PEN, type, length, value.
func VSA(pen uint32, typ byte, value []byte) (radius.Attribute, error) {
	if len(value) > 247 {
		return nil, fmt.Errorf("vendor: %d/%d value of %d bytes is too long", pen, typ, len(value))
	}
	a := make([]byte, 6+len(value))
	binary.BigEndian.PutUint32(a, pen)
	a[4] = typ
	a[5] = byte(2 + len(value))
	copy(a[6:], value)
	return a, nil
}

// FindVSA returns the values of every sub-attribute (pen, typ) in p's
// Vendor-Specific attributes, in order.
func FindVSA(attrs radius.Attributes, pen uint32, typ byte) [][]byte {
	var out [][]byte
	for _, avp := range attrs {
		if avp.Type != TypeVendorSpecific || len(avp.Attribute) < 6 {
			continue
		}
		if binary.BigEndian.Uint32(avp.Attribute) != pen {
			continue
		}
		for s := avp.Attribute[4:]; len(s) >= 2; {
			n := int(s[1])
			if n < 2 || n > len(s) {
				break
			}
			if s[0] == typ {
				out = append(out, s[2:n])
			}
			s = s[n:]
		}
	}
	return out
}

// SaltEncrypt hides value the way RFC 2868 (Tunnel-Password) and RFC 2548
// (MS-MPPE-*-Key) do: a random 2-byte salt with its top bit set, then the
// length-prefixed, zero-padded value XORed with the MD5 chain keyed by
// secret, the Request Authenticator and the salt.
func SaltEncrypt(value, secret []byte, requestAuthenticator [16]byte) ([]byte, error) {
	var salt [2]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return nil, err
	}
	salt[0] |= 0x80
	return radius.NewTunnelPassword(value, salt[:], secret, requestAuthenticator[:])
}

// SaltDecrypt reverses SaltEncrypt (value without any tag byte).
func SaltDecrypt(value, secret []byte, requestAuthenticator [16]byte) ([]byte, error) {
	p, _, err := radius.TunnelPassword(value, secret, requestAuthenticator[:])
	return p, err
}

// ErrNoHandshake reports a request without unbound-mode attributes.
var ErrNoHandshake = errors.New("vendor: request carries no EAPOL handshake attributes")
