package eapol

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// Params describe one simulated 4-way handshake. Addresses and nonces left
// nil are drawn from crypto/rand; the PSK is a passphrase (8-63 ASCII) or
// 64 hex digits taken as the PMK itself.
type Params struct {
	SSID          string
	PSK           string
	AA, SPA       []byte // authenticator (BSSID) and supplicant MACs, 6 bytes
	ANonce        []byte // 32 bytes
	SNonce        []byte // 32 bytes
	ReplayCounter uint64
}

// FTParams add the FT mobility-domain parameters. R0KHID is the NAS
// identifier of the R0 key holder; the R1KH-ID is the BSSID (AA).
type FTParams struct {
	Params
	MDID   []byte // 2 bytes; nil means a1b2
	R0KHID string
}

// Generated is a message 2/4 and the key material it was built from.
type Generated struct {
	Frame         []byte
	AA, SPA       [6]byte
	ANonce        [32]byte
	SNonce        [32]byte
	PMK           []byte
	KeyDescriptor int
	AKM           int
	// FT only.
	MDID, MDE, FTE, R0KHID, R1KHID, PMKR0, PMKR1, PMKR1Name []byte
}

// Handshake returns the Handshake a server would build from g.
func (g *Generated) Handshake(ssid string) (*Handshake, error) {
	return NewHandshake(g.AA[:], g.SPA[:], g.ANonce[:], g.Frame, []byte(ssid))
}

// Standard builds an IEEE 802.11i WPA2-PSK message 2/4: EAPOL version 2,
// key descriptor 2 (HMAC-SHA1-128), AKM 00-0F-AC:2, CCMP, as hostapd,
// Ruckus, Cisco, Aruba and MikroTik authenticators receive it.
func Standard(p Params) (*Generated, error) {
	return build(p, 2, DescriptorHMACSHA1, AKMPSK, nil)
}

// Cambium builds the message 2/4 Cambium ePSK equipment carries: the same
// WPA2-PSK frame with EAPOL protocol version 1 (802.1X-2001), which Cambium
// cnPilot supplicant-facing radios emit.
func Cambium(p Params) (*Generated, error) {
	return build(p, 1, DescriptorHMACSHA1, AKMPSK, nil)
}

// PSKSHA256 builds a message 2/4 for AKM 00-0F-AC:6 (PSK with SHA-256, key
// descriptor 3, AES-128-CMAC MIC), the PMF-required WPA2 variant.
func PSKSHA256(p Params) (*Generated, error) {
	return build(p, 2, DescriptorAESCMAC, AKMPSKSHA256, nil)
}

// FT builds an 802.11r FT-PSK (AKM 00-0F-AC:4) initial mobility domain
// association message 2/4: key descriptor 3 (AES-128-CMAC), RSNE with
// PMKR1Name, MDE and FTE (R1KH-ID = BSSID, R0KH-ID = p.R0KHID), the MIC
// keyed by the KCK of the PTK derived from PMK-R1.
func FT(p FTParams) (*Generated, error) {
	if p.R0KHID == "" || len(p.R0KHID) > 48 {
		return nil, errors.New("eapol: R0KH-ID must be 1 to 48 bytes")
	}
	mdid := p.MDID
	if mdid == nil {
		mdid = []byte{0xa1, 0xb2}
	}
	if len(mdid) != 2 {
		return nil, errors.New("eapol: MDID must be 2 bytes")
	}
	return build(p.Params, 2, DescriptorAESCMAC, AKMFTPSK, &FTParams{MDID: mdid, R0KHID: p.R0KHID})
}

// PMKFromPSK returns the PMK for psk on ssid: 64 hex digits are the PMK,
// anything else is a passphrase run through PBKDF2-SHA1-4096.
func PMKFromPSK(psk, ssid string) ([]byte, error) {
	if len(psk) == 64 {
		if pmk, err := hex.DecodeString(psk); err == nil {
			return pmk, nil
		}
	}
	return vaultcrypto.PMK(psk, []byte(ssid))
}

func build(p Params, version byte, descriptor, akm int, ft *FTParams) (*Generated, error) {
	pmk, err := PMKFromPSK(p.PSK, p.SSID)
	if err != nil {
		return nil, err
	}
	g := &Generated{PMK: pmk, KeyDescriptor: descriptor, AKM: akm}
	for _, f := range []struct {
		dst []byte
		src []byte
	}{{g.AA[:], p.AA}, {g.SPA[:], p.SPA}, {g.ANonce[:], p.ANonce}, {g.SNonce[:], p.SNonce}} {
		if f.src == nil {
			if _, err := rand.Read(f.dst); err != nil {
				return nil, err
			}
			continue
		}
		if len(f.src) != len(f.dst) {
			return nil, fmt.Errorf("eapol: parameter of %d bytes, want %d", len(f.src), len(f.dst))
		}
		copy(f.dst, f.src)
	}
	if p.AA == nil {
		g.AA[0] = g.AA[0]&0xfe | 0x02 // locally administered unicast
	}
	if p.SPA == nil {
		g.SPA[0] = g.SPA[0]&0xfe | 0x02
	}

	var keyData []byte
	if ft != nil {
		g.MDID = ft.MDID
		g.R0KHID = []byte(ft.R0KHID)
		g.R1KHID = append([]byte(nil), g.AA[:]...)
		keys := deriveFT(pmk, []byte(p.SSID), g.MDID, g.R0KHID, g.R1KHID, g.SPA[:])
		g.PMKR0, g.PMKR1, g.PMKR1Name = keys.PMKR0, keys.PMKR1, keys.PMKR1Name
		g.MDE = append([]byte{elemMD, 3}, append(append([]byte(nil), g.MDID...), 0x01)...)
		fte := make([]byte, 0, 2+82+2+6+2+len(g.R0KHID))
		fte = append(fte, make([]byte, 2+16)...) // MIC control, MIC (zero in 2/4)
		fte = append(fte, g.ANonce[:]...)
		fte = append(fte, g.SNonce[:]...)
		fte = append(fte, 1, 6)
		fte = append(fte, g.R1KHID...)
		fte = append(fte, 3, byte(len(g.R0KHID)))
		fte = append(fte, g.R0KHID...)
		g.FTE = append([]byte{elemFT, byte(len(fte))}, fte...)
		keyData = append(rsne(akm, g.PMKR1Name), g.MDE...)
		keyData = append(keyData, g.FTE...)
	} else {
		keyData = rsne(akm, nil)
	}

	frame := make([]byte, offKeyData+len(keyData))
	frame[0] = version
	frame[1] = 3
	binary.BigEndian.PutUint16(frame[2:], uint16(len(frame)-4))
	frame[offDescriptorType] = 2 // RSN key descriptor
	binary.BigEndian.PutUint16(frame[offKeyInfo:], uint16(descriptor)|0x0008|0x0100)
	binary.BigEndian.PutUint64(frame[offReplayCounter:], p.ReplayCounter)
	copy(frame[offNonce:], g.SNonce[:])
	binary.BigEndian.PutUint16(frame[offKeyDataLen:], uint16(len(keyData)))
	copy(frame[offKeyData:], keyData)

	h, err := NewHandshake(g.AA[:], g.SPA[:], g.ANonce[:], frame, []byte(p.SSID))
	if err != nil {
		return nil, err
	}
	mic := computeMIC(descriptor, h.KCK(pmk), frame)
	copy(frame[offMIC:], mic[:])
	g.Frame = frame
	return g, nil
}

// rsne returns an RSN element: CCMP group and pairwise, one AKM, no
// capabilities, and pmkid (PMKR1Name for FT) when given.
func rsne(akm int, pmkid []byte) []byte {
	body := []byte{
		1, 0, // version
		0x00, 0x0f, 0xac, 4, // group cipher CCMP
		1, 0, 0x00, 0x0f, 0xac, 4, // pairwise CCMP
		1, 0, 0x00, 0x0f, 0xac, byte(akm),
		0, 0, // RSN capabilities
	}
	if pmkid != nil {
		body = append(body, 1, 0)
		body = append(body, pmkid...)
	}
	return append([]byte{elemRSN, byte(len(body))}, body...)
}
