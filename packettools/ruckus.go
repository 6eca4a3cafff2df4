package packettools

import (
	"bytes"
	"encoding/hex"
	"time"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/radiusd/eapol"
	"github.com/wifivault/wifivault/radiusd/vendor"
)

// RuckusRequest are the inputs of the Ruckus DPSK tool.
type RuckusRequest struct {
	SSID    string
	VenueID string
	// Passphrase is generated (12 characters) when empty. PMK, 64 hex
	// digits, may accompany it and must then be the passphrase's PMK on
	// SSID; alone it is used as is.
	Passphrase     string
	PMK            string
	ExpirationDays int // 0 = never expires
	BSSID          string
	MACAddress     string
	ANonce         string
	SNonce         string
}

// RuckusDPSK is a DPSK with the Ruckus-DPSK-Params (vendor 25053,
// attribute 153) value a Ruckus controller sends radiusd for an unbound
// device using it: sub-attributes .2 cipher (4, CCMP), .3 ANonce and .4
// the EAPOL-Key message 2/4.
type RuckusDPSK struct {
	Attribute153   string // hex value of Ruckus-DPSK-Params
	DPSKPassphrase string // "" when only a PMK was given
	PMK            string
	Frame          Frame
	ExpirationDate string // ISO 8601 UTC midnight; "" when it never expires
}

// Ruckus builds a DPSK and its attribute 153 value at time now.
func Ruckus(r RuckusRequest, now time.Time) (RuckusDPSK, error) {
	if len(r.SSID) < 1 || len(r.SSID) > vaultcrypto.MaxSSIDLen {
		return RuckusDPSK{}, &InputError{"SSID", "must be 1 to 32 bytes"}
	}
	if r.ExpirationDays < 0 || r.ExpirationDays > 365 {
		return RuckusDPSK{}, &InputError{"ExpirationDays", "must be 0 to 365"}
	}
	psk := r.Passphrase
	switch {
	case psk != "":
		if vaultcrypto.ValidatePassphrase(psk) != nil {
			return RuckusDPSK{}, &InputError{"Passphrase", "must be 8 to 63 printable ASCII characters"}
		}
		if r.PMK != "" {
			given, err := hex.DecodeString(r.PMK)
			if err != nil || len(given) != vaultcrypto.PMKLen {
				return RuckusDPSK{}, &InputError{"PMK", "must be 64 hex digits"}
			}
			derived, err := eapol.PMKFromPSK(psk, r.SSID)
			if err != nil {
				return RuckusDPSK{}, err
			}
			if !bytes.Equal(given, derived) {
				return RuckusDPSK{}, &InputError{"PMK", "is not the PMK of Passphrase on SSID"}
			}
		}
	case r.PMK != "":
		if b, err := hex.DecodeString(r.PMK); err != nil || len(b) != vaultcrypto.PMKLen {
			return RuckusDPSK{}, &InputError{"PMK", "must be 64 hex digits"}
		}
		psk = r.PMK
	default:
		var err error
		if psk, err = vaultcrypto.GeneratePassphrase(12); err != nil {
			return RuckusDPSK{}, err
		}
	}
	f, err := Standard(Handshake{SSID: r.SSID, PSK: psk, NASIdentifier: r.VenueID,
		BSSID: r.BSSID, MACAddress: r.MACAddress, ANonce: r.ANonce, SNonce: r.SNonce})
	if err != nil {
		if ie, ok := err.(*InputError); ok && ie.Field == "NAS-Identifier" {
			return RuckusDPSK{}, &InputError{"VenueID", ie.Message}
		}
		return RuckusDPSK{}, err
	}
	anonce, _ := hex.DecodeString(f.ANonce)
	frame, _ := hex.DecodeString(f.EAPOLFrame)
	attr, err := vendor.RuckusDPSKParamsValue(anonce, frame)
	if err != nil {
		return RuckusDPSK{}, err
	}
	out := RuckusDPSK{Attribute153: hex.EncodeToString(attr), PMK: f.PMK, Frame: f}
	if psk != r.PMK {
		out.DPSKPassphrase = psk
	}
	if r.ExpirationDays > 0 {
		day := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, r.ExpirationDays)
		out.ExpirationDate = day.Format("2006-01-02T15:04:05.000Z")
	}
	return out, nil
}
