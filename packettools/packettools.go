// Package packettools is the logic of the operator console's four
// packet-generator tools (the seeds' "Generate ... Packets" sections):
// standard WPA2-PSK, Cambium ePSK, Ruckus DPSK attribute 153 and FT-PSK
// (802.11r). Each builds message 2 of the 4-way handshake for a PSK with
// radiusd/eapol and returns it with its key material, in the hex and MAC
// forms the seeds show; radiusd identifies the key from every frame these
// tools produce. Nothing is stored.
//
// Inputs are checked here (errors are *InputError naming the field):
// SSID 1-32 bytes, a PSK of 8-63 printable ASCII characters or 64 hex
// digits (the PMK itself), MACs as six hex pairs separated by ':' or '-',
// nonces as 64 hex digits and MDID as 4 hex digits. Addresses and nonces
// not given are drawn at random.
package packettools

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/radiusd/eapol"
)

// InputError reports a rejected input field.
type InputError struct{ Field, Message string }

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

// Patterns of the inputs, for the command declarations.
const (
	MACPattern   = `^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$`
	NoncePattern = `^[0-9A-Fa-f]{64}$`
	PMKPattern   = `^[0-9A-Fa-f]{64}$`
	MDIDPattern  = `^[0-9A-Fa-f]{4}$`
)

var (
	macRE   = regexp.MustCompile(MACPattern)
	nonceRE = regexp.MustCompile(NoncePattern)
	mdidRE  = regexp.MustCompile(MDIDPattern)
)

// Handshake are the common inputs of the frame generators. Empty
// optional fields are generated.
type Handshake struct {
	SSID          string
	PSK           string // passphrase (8-63) or 64 hex digits
	NASIdentifier string // the authenticator's NAS-Identifier (FT: R0KH-ID)
	BSSID         string // optional: authenticator MAC
	MACAddress    string // optional: client (supplicant) MAC
	ANonce        string // optional: 64 hex digits
	SNonce        string // optional: 64 hex digits
}

// Frame is a generated message 2/4 in the seeds' output forms.
type Frame struct {
	EAPOLFrame string // hex
	ANonce     string // 64 hex digits
	SNonce     string // 64 hex digits
	BSSID      string // XX:XX:XX:XX:XX:XX
	MACAddress string // XX:XX:XX:XX:XX:XX
	PMK        string // 64 hex digits
	KeyVersion int    // key descriptor version: 2 HMAC-SHA1, 3 AES-CMAC
}

// params checks h and converts it for eapol.
func (h Handshake) params() (eapol.Params, error) {
	var p eapol.Params
	if len(h.SSID) < 1 || len(h.SSID) > vaultcrypto.MaxSSIDLen {
		return p, &InputError{"SSID", fmt.Sprintf("must be 1 to %d bytes", vaultcrypto.MaxSSIDLen)}
	}
	if err := checkPSK("PSK", h.PSK); err != nil {
		return p, err
	}
	if h.NASIdentifier == "" || len(h.NASIdentifier) > 48 {
		return p, &InputError{"NAS-Identifier", "must be 1 to 48 characters"}
	}
	p.SSID, p.PSK = h.SSID, h.PSK
	var err error
	if p.AA, err = optionalMAC("BSSID", h.BSSID); err != nil {
		return p, err
	}
	if p.SPA, err = optionalMAC("MACAddress", h.MACAddress); err != nil {
		return p, err
	}
	if p.ANonce, err = optionalNonce("ANonce", h.ANonce); err != nil {
		return p, err
	}
	if p.SNonce, err = optionalNonce("SNonce", h.SNonce); err != nil {
		return p, err
	}
	return p, nil
}

// checkPSK accepts a WPA2 passphrase or 64 hex digits.
func checkPSK(field, psk string) error {
	if len(psk) == 64 {
		if _, err := hex.DecodeString(psk); err == nil {
			return nil
		}
	}
	if vaultcrypto.ValidatePassphrase(psk) != nil {
		return &InputError{field, "must be 8 to 63 printable ASCII characters or 64 hex digits"}
	}
	return nil
}

func optionalMAC(field, s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	if !macRE.MatchString(s) {
		return nil, &InputError{field, "must be six hex pairs separated by ':' or '-'"}
	}
	return hex.DecodeString(strings.NewReplacer(":", "", "-", "").Replace(s))
}

func optionalNonce(field, s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	if !nonceRE.MatchString(s) {
		return nil, &InputError{field, "must be 64 hex digits"}
	}
	return hex.DecodeString(s)
}

// colonMAC renders a MAC as the seeds do: XX:XX:XX:XX:XX:XX.
func colonMAC(b [6]byte) string {
	parts := make([]string, 6)
	for i, c := range b {
		parts[i] = fmt.Sprintf("%02X", c)
	}
	return strings.Join(parts, ":")
}

func frameOf(g *eapol.Generated) Frame {
	return Frame{
		EAPOLFrame: hex.EncodeToString(g.Frame), ANonce: hex.EncodeToString(g.ANonce[:]), SNonce: hex.EncodeToString(g.SNonce[:]),
		BSSID: colonMAC(g.AA), MACAddress: colonMAC(g.SPA), PMK: hex.EncodeToString(g.PMK), KeyVersion: g.KeyDescriptor,
	}
}

// Standard builds an IEEE 802.11i WPA2-PSK message 2/4 (EAPOL version 2,
// key descriptor 2, HMAC-SHA1-128 MIC, key information 0x010a).
func Standard(h Handshake) (Frame, error) {
	p, err := h.params()
	if err != nil {
		return Frame{}, err
	}
	g, err := eapol.Standard(p)
	if err != nil {
		return Frame{}, err
	}
	return frameOf(g), nil
}

// Cambium builds the message 2/4 of Cambium ePSK equipment: the WPA2-PSK
// frame with EAPOL protocol version 1 (802.1X-2001).
func Cambium(h Handshake) (Frame, error) {
	p, err := h.params()
	if err != nil {
		return Frame{}, err
	}
	g, err := eapol.Cambium(p)
	if err != nil {
		return Frame{}, err
	}
	return frameOf(g), nil
}

// FTFrame is an FT-PSK message 2/4 with its key hierarchy and elements.
type FTFrame struct {
	Frame
	PMKR0, PMKR1, PMKR1Name string // hex
	FTIE, MDIE              string // hex, element id and length included
	R0KHID                  string // the NAS-Identifier
	R1KHID                  string // the BSSID, XX:XX:XX:XX:XX:XX
	MDID                    string // 4 hex digits
}

// FT builds an 802.11r FT-PSK (AKM 00-0F-AC:4) initial mobility domain
// association message 2/4 as IEEE 802.11-2020 defines it: the
// NAS-Identifier is the R0KH-ID, the BSSID the R1KH-ID, PMK-R0, PMK-R1 and
// the PTK come from the SHA-256 KDF, and the MIC is AES-128-CMAC (key
// descriptor 3). mdid is 4 hex digits; "" means a1b2.
func FT(h Handshake, mdid string) (FTFrame, error) {
	p, err := h.params()
	if err != nil {
		return FTFrame{}, err
	}
	if mdid == "" {
		mdid = "a1b2"
	}
	if !mdidRE.MatchString(mdid) {
		return FTFrame{}, &InputError{"MDID", "must be 4 hex digits"}
	}
	md, _ := hex.DecodeString(mdid)
	g, err := eapol.FT(eapol.FTParams{Params: p, MDID: md, R0KHID: h.NASIdentifier})
	if err != nil {
		return FTFrame{}, err
	}
	return FTFrame{
		Frame: frameOf(g),
		PMKR0: hex.EncodeToString(g.PMKR0), PMKR1: hex.EncodeToString(g.PMKR1), PMKR1Name: hex.EncodeToString(g.PMKR1Name),
		FTIE: hex.EncodeToString(g.FTE), MDIE: hex.EncodeToString(g.MDE),
		R0KHID: string(g.R0KHID), R1KHID: colonMAC(g.AA), MDID: strings.ToLower(mdid),
	}, nil
}
