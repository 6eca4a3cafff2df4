package vendor

import (
	"encoding/binary"
	"fmt"

	"layeh.com/radius"
)

// HandshakeAttrs are the unbound-mode inputs a gateway sends: the ANonce
// and EAPOL-Key message 2/4, plus the SSID and BSSID when the vendor
// carries them in its own attributes (Ruckus).
type HandshakeAttrs struct {
	ANonce []byte
	Frame  []byte
	SSID   string // Ruckus-SSID, empty otherwise
	BSSID  []byte // Ruckus-BSSID, nil otherwise
	Cipher int    // Ruckus-DPSK-Cipher, -1 when absent
	Source string // "ruckus" or "hostapd"
}

// ParseHandshake extracts unbound-mode attributes from a request: Ruckus
// (25053/153 sub-TLVs .2 cipher, .3 ANonce, .4 EAPOL-Key frame) first, then
// FreeRADIUS EVS-5 (Long-Extended 245, ext type 26, vendor 11344, vtype 1
// ANonce, 2 EAPOL-Key message) reassembling fragments. It returns
// ErrNoHandshake when neither is present.
func ParseHandshake(attrs radius.Attributes) (*HandshakeAttrs, error) {
	if params := FindVSA(attrs, PENRuckus, RuckusDPSKParams); len(params) > 0 {
		h := &HandshakeAttrs{Cipher: -1, Source: "ruckus"}
		for s := params[0]; len(s) >= 2; {
			n := int(s[1])
			if n < 2 || n > len(s) {
				return nil, fmt.Errorf("vendor: malformed Ruckus-DPSK-Params TLV")
			}
			v := s[2:n]
			switch s[0] {
			case 2:
				if len(v) == 1 {
					h.Cipher = int(v[0])
				}
			case 3:
				h.ANonce = v
			case 4:
				h.Frame = v
			}
			s = s[n:]
		}
		if ssid := FindVSA(attrs, PENRuckus, RuckusSSID); len(ssid) > 0 {
			h.SSID = string(ssid[0])
		}
		if bssid := FindVSA(attrs, PENRuckus, RuckusBSSID); len(bssid) > 0 {
			h.BSSID = bssid[0]
		}
		if h.ANonce == nil || h.Frame == nil {
			return nil, fmt.Errorf("vendor: Ruckus-DPSK-Params without ANonce or EAPOL frame")
		}
		return h, nil
	}
	evs := longExtendedEVS(attrs)
	anonce, frame := evs[FreeRADIUSAnonce], evs[FreeRADIUSEAPoLKey]
	if anonce == nil && frame == nil {
		return nil, ErrNoHandshake
	}
	if anonce == nil || frame == nil {
		return nil, fmt.Errorf("vendor: FreeRADIUS-802.1X attributes incomplete")
	}
	return &HandshakeAttrs{ANonce: anonce, Frame: frame, Cipher: -1, Source: "hostapd"}, nil
}

// longExtendedEVS returns the FreeRADIUS vendor values carried in
// Long-Extended-Type-5 attributes (RFC 6929): ext-type 26 (EVS), flags
// (bit 0x80 = more fragments follow), BE32 PEN, vendor type, value.
func longExtendedEVS(attrs radius.Attributes) map[byte][]byte {
	out := map[byte][]byte{}
	var cur []byte
	for _, avp := range attrs {
		if avp.Type != TypeLongExtended5 || len(avp.Attribute) < 2 || avp.Attribute[0] != 26 {
			continue
		}
		cur = append(cur, avp.Attribute[2:]...)
		if avp.Attribute[1]&0x80 != 0 {
			continue
		}
		if len(cur) >= 5 && binary.BigEndian.Uint32(cur) == PENFreeRADIUS {
			out[cur[4]] = cur[5:]
		}
		cur = nil
	}
	return out
}

// RuckusDPSKParamsValue builds the value of Ruckus-DPSK-Params
// (25053/153): .2 Cipher = 4 (CCMP), .3 ANonce, .4 EAPOL-Key frame, in the
// order radclient 3.2 encodes them.
func RuckusDPSKParamsValue(anonce, frame []byte) ([]byte, error) {
	if len(anonce) != 32 || len(frame) > 253 {
		return nil, fmt.Errorf("vendor: ANonce must be 32 bytes and the frame at most 253")
	}
	v := []byte{2, 3, 4, 3, byte(2 + len(anonce))}
	v = append(v, anonce...)
	v = append(v, 4, byte(2+len(frame)))
	return append(v, frame...), nil
}

// AddRuckusHandshake appends the attributes a Ruckus controller sends for
// unbound DPSK: Ruckus-SSID, Ruckus-BSSID and Ruckus-DPSK-Params.
func AddRuckusHandshake(p *radius.Packet, ssid string, bssid, anonce, frame []byte) error {
	params, err := RuckusDPSKParamsValue(anonce, frame)
	if err != nil {
		return err
	}
	for _, a := range []struct {
		typ byte
		v   []byte
	}{{RuckusSSID, []byte(ssid)}, {RuckusBSSID, bssid}, {RuckusDPSKParams, params}} {
		if err := addVSA(p, PENRuckus, a.typ, a.v); err != nil {
			return err
		}
	}
	return nil
}

// AddHostapdHandshake appends the EVS-5 attributes hostapd sends with
// wpa_psk_radius=3, fragmenting values longer than one attribute.
func AddHostapdHandshake(p *radius.Packet, anonce, frame []byte) {
	for _, a := range []struct {
		typ byte
		v   []byte
	}{{FreeRADIUSAnonce, anonce}, {FreeRADIUSEAPoLKey, frame}} {
		data := binary.BigEndian.AppendUint32(nil, PENFreeRADIUS)
		data = append(data, a.typ)
		data = append(data, a.v...)
		for len(data) > 0 {
			n := min(len(data), 251)
			flags := byte(0)
			if n < len(data) {
				flags = 0x80
			}
			p.Add(TypeLongExtended5, append(radius.Attribute{26, flags}, data[:n]...))
			data = data[n:]
		}
	}
}
