package vendor

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"

	"layeh.com/radius"
)

// Profile names how a gateway expects the PSK in an Access-Accept.
type Profile string

// The supported reply profiles.
const (
	// ProfileHostapd: Tunnel-Password (RFC 2868 salted) holding the
	// passphrase (hostapd/OpenWrt wpa_psk_radius, Meraki, OpenWiFi).
	ProfileHostapd Profile = "hostapd"
	// ProfileHostapdPMK: Tunnel-Password holding the PMK as 64 hex digits,
	// so the passphrase never leaves the server.
	ProfileHostapdPMK Profile = "hostapd-pmk"
	// ProfileCisco: Cisco-AVPair psk-mode=ascii and psk=<passphrase> (iPSK).
	ProfileCisco Profile = "cisco"
	// ProfileAruba: Aruba-MPSK-Passphrase (14823/44), salted.
	ProfileAruba Profile = "aruba"
	// ProfileMikrotik: Mikrotik-Wireless-PSK (14988/16), plain.
	ProfileMikrotik Profile = "mikrotik"
	// ProfileRuckus: MS-MPPE-Recv-Key (311/17) = 32-byte PMK, RFC 2548
	// salted (Unleashed, Ruckus One, SmartZone 7.x).
	ProfileRuckus Profile = "ruckus"
	// ProfileRuckusDPSK: Ruckus-DPSK (25053/142) = 0x00 || PMK.
	ProfileRuckusDPSK Profile = "ruckus-dpsk"
)

// Valid reports whether p is a known profile.
func (p Profile) Valid() bool {
	switch p {
	case ProfileHostapd, ProfileHostapdPMK, ProfileCisco, ProfileAruba, ProfileMikrotik, ProfileRuckus, ProfileRuckusDPSK:
		return true
	}
	return false
}

// Grant is what an Access-Accept gives a device. Zero fields are left out.
type Grant struct {
	Passphrase     string
	PMK            []byte // 32 bytes
	VLAN           int
	UpKbps         int
	DownKbps       int
	SessionTimeout int // seconds
}

// AddGrant appends to the reply resp the key in profile's form, the VLAN
// (Tunnel-Type 13, Tunnel-Medium-Type 6, Tunnel-Private-Group-Id), the
// bandwidth in every common form (WISPr bps, Mikrotik-Rate-Limit,
// Nomadix kbps) and Session-Timeout. resp.Authenticator must be the
// Request Authenticator (as radius.Packet.Response leaves it) and
// resp.Secret the client's secret: salted attributes depend on both.
func AddGrant(resp *radius.Packet, profile Profile, g Grant) error {
	if err := addKey(resp, profile, g); err != nil {
		return err
	}
	if g.VLAN > 0 {
		resp.Add(TypeTunnelType, radius.Attribute{0, 0, 0, 13})
		resp.Add(TypeTunnelMediumType, radius.Attribute{0, 0, 0, 6})
		resp.Add(TypeTunnelPrivateGroupID, radius.Attribute(strconv.Itoa(g.VLAN)))
	}
	if g.UpKbps > 0 || g.DownKbps > 0 {
		for _, v := range []struct {
			pen uint32
			typ byte
			val uint32
		}{
			{PENWISPr, WISPrBandwidthMaxUp, uint32(g.UpKbps) * 1000},
			{PENWISPr, WISPrBandwidthMaxDwn, uint32(g.DownKbps) * 1000},
			{PENNomadix, NomadixBwUp, uint32(g.UpKbps)},
			{PENNomadix, NomadixBwDown, uint32(g.DownKbps)},
		} {
			if v.val == 0 {
				continue
			}
			var b [4]byte
			binary.BigEndian.PutUint32(b[:], v.val)
			if err := addVSA(resp, v.pen, v.typ, b[:]); err != nil {
				return err
			}
		}
		// rx/tx from the router's point of view: rx is the client's upload.
		rate := fmt.Sprintf("%dk/%dk", g.UpKbps, g.DownKbps)
		if err := addVSA(resp, PENMikrotik, MikrotikRateLimit, []byte(rate)); err != nil {
			return err
		}
	}
	if g.SessionTimeout > 0 {
		resp.Add(TypeSessionTimeout, radius.NewInteger(uint32(g.SessionTimeout)))
	}
	return nil
}

func addKey(resp *radius.Packet, profile Profile, g Grant) error {
	needPass := func() error {
		if g.Passphrase == "" {
			return fmt.Errorf("vendor: profile %s needs the passphrase", profile)
		}
		return nil
	}
	needPMK := func() error {
		if len(g.PMK) != 32 {
			return fmt.Errorf("vendor: profile %s needs the 32-byte PMK", profile)
		}
		return nil
	}
	switch profile {
	case ProfileHostapd, ProfileHostapdPMK:
		var v []byte
		if profile == ProfileHostapd {
			if err := needPass(); err != nil {
				return err
			}
			v = []byte(g.Passphrase)
		} else {
			if err := needPMK(); err != nil {
				return err
			}
			v = []byte(hex.EncodeToString(g.PMK))
		}
		enc, err := SaltEncrypt(v, resp.Secret, resp.Authenticator)
		if err != nil {
			return err
		}
		resp.Add(TypeTunnelPassword, append(radius.Attribute{0}, enc...))
	case ProfileCisco:
		if err := needPass(); err != nil {
			return err
		}
		if err := addVSA(resp, PENCisco, CiscoAVPair, []byte("psk-mode=ascii")); err != nil {
			return err
		}
		return addVSA(resp, PENCisco, CiscoAVPair, []byte("psk="+g.Passphrase))
	case ProfileAruba:
		if err := needPass(); err != nil {
			return err
		}
		enc, err := SaltEncrypt([]byte(g.Passphrase), resp.Secret, resp.Authenticator)
		if err != nil {
			return err
		}
		return addVSA(resp, PENAruba, ArubaMPSKPassphrase, enc)
	case ProfileMikrotik:
		if err := needPass(); err != nil {
			return err
		}
		return addVSA(resp, PENMikrotik, MikrotikWirelessPSK, []byte(g.Passphrase))
	case ProfileRuckus:
		if err := needPMK(); err != nil {
			return err
		}
		enc, err := SaltEncrypt(g.PMK, resp.Secret, resp.Authenticator)
		if err != nil {
			return err
		}
		return addVSA(resp, PENMicrosoft, MSMPPERecvKey, enc)
	case ProfileRuckusDPSK:
		if err := needPMK(); err != nil {
			return err
		}
		return addVSA(resp, PENRuckus, RuckusDPSK, append([]byte{0}, g.PMK...))
	default:
		return fmt.Errorf("vendor: unknown profile %q", profile)
	}
	return nil
}

func addVSA(p *radius.Packet, pen uint32, typ byte, value []byte) error {
	a, err := VSA(pen, typ, value)
	if err != nil {
		return err
	}
	p.Add(TypeVendorSpecific, a)
	return nil
}
