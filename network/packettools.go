package network

import (
	"context"
	"errors"

	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/packettools"
)

// packetToolsGroup is the operator console's packet generators (the seeds'
// four "Generate ... Packets" sections, which give no path). They compute
// and return; nothing is stored, so they write no audit entry.
func packetToolsGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return packetToolCommands(), []Route{
		{"/networkoperatorconsole/tools/generateStandardWPA2PSKPacket", "Tools.generateStandardWPA2PSKPacket"},
		{"/networkoperatorconsole/tools/generateCambiumEPSKPacket", "Tools.generateCambiumEPSKPacket"},
		{"/networkoperatorconsole/tools/generateRuckusDPSKAttribute153", "Tools.generateRuckusDPSKAttribute153"},
		{"/networkoperatorconsole/tools/generateFTPSKPacket", "Tools.generateFTPSKPacket"},
	}
}

// handshakeParams are the inputs every frame generator takes.
func handshakeParams(nasDoc string) []gremlinconsole.Param {
	return []gremlinconsole.Param{
		{Name: "NAS-Identifier", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 48, Doc: nasDoc},
		{Name: "SSID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 32, Doc: "the PBKDF2 salt"},
		{Name: "PSK", Kind: gremlinconsole.String, Required: true, MinLen: 8, MaxLen: 64, Secret: true,
			Doc: "8 to 63 printable ASCII characters, or 64 hex digits taken as the PMK"},
		{Name: "BSSID", Kind: gremlinconsole.String, Pattern: packettools.MACPattern, Doc: "authenticator MAC; random when absent"},
		{Name: "MACAddress", Kind: gremlinconsole.String, Pattern: packettools.MACPattern, Doc: "client MAC; random when absent"},
		{Name: "ANonce", Kind: gremlinconsole.String, Pattern: packettools.NoncePattern, Doc: "64 hex digits; random when absent"},
		{Name: "SNonce", Kind: gremlinconsole.String, Pattern: packettools.NoncePattern, Doc: "64 hex digits; random when absent"},
	}
}

func handshakeOf(p gremlinconsole.Params) packettools.Handshake {
	return packettools.Handshake{
		SSID: p.String("SSID"), PSK: p.String("PSK"), NASIdentifier: p.String("NAS-Identifier"),
		BSSID: p.String("BSSID"), MACAddress: p.String("MACAddress"), ANonce: p.String("ANonce"), SNonce: p.String("SNonce"),
	}
}

// toolError turns an input error into the named-field validation error.
func toolError(err error) error {
	var ie *packettools.InputError
	if errors.As(err, &ie) {
		return &gremlinconsole.ValidationError{Field: ie.Field, Message: ie.Message}
	}
	return err
}

func frameResult(f packettools.Frame, message string) gremlinconsole.Result {
	return gremlinconsole.Result{
		"EAPOLFrame": f.EAPOLFrame, "ANonce": f.ANonce, "SNonce": f.SNonce, "BSSID": f.BSSID,
		"MACAddress": f.MACAddress, "PMK": f.PMK, "KeyVersion": f.KeyVersion, "message": message,
	}
}

// packetToolCommands declares the four generators.
func packetToolCommands() []*gremlinconsole.Command {
	return []*gremlinconsole.Command{
		{
			Name:    "Tools.generateStandardWPA2PSKPacket",
			Summary: "Builds an IEEE 802.11i WPA2-PSK EAPOL-Key message 2/4 (HMAC-SHA1 MIC) with its key material.",
			Roles:   operatorRoles,
			Params:  handshakeParams("NAS id (venue or AP name)"),
			Run: func(_ context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
				f, err := packettools.Standard(handshakeOf(c.Params))
				if err != nil {
					return nil, toolError(err)
				}
				return frameResult(f, "Standard WPA2-PSK packet generated successfully"), nil
			},
		},
		{
			Name:    "Tools.generateCambiumEPSKPacket",
			Summary: "Builds the WPA2-PSK EAPOL-Key message 2/4 of Cambium ePSK equipment (EAPOL version 1).",
			Roles:   operatorRoles,
			Params:  handshakeParams("NAS id (venue or AP name)"),
			Run: func(_ context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
				f, err := packettools.Cambium(handshakeOf(c.Params))
				if err != nil {
					return nil, toolError(err)
				}
				return frameResult(f, "Cambium ePSK packet generated successfully"), nil
			},
		},
		{
			Name:    "Tools.generateRuckusDPSKAttribute153",
			Summary: "Builds a Ruckus DPSK and the Ruckus-DPSK-Params (vendor 25053, attribute 153) value a controller sends for it.",
			Roles:   operatorRoles,
			Params: []gremlinconsole.Param{
				{Name: "SSID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 32},
				{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 48, Doc: "DPSK scope (echoed; nothing is stored)"},
				{Name: "Passphrase", Kind: gremlinconsole.String, MinLen: 8, MaxLen: 63, Secret: true, Doc: "generated when absent"},
				{Name: "PMK", Kind: gremlinconsole.String, Pattern: packettools.PMKPattern, Secret: true,
					Doc: "64 hex digits; with Passphrase it must be the passphrase's PMK"},
				{Name: "ExpirationDays", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(0), Max: gremlinconsole.Bound(365), Doc: "0 = never expires"},
				{Name: "BSSID", Kind: gremlinconsole.String, Pattern: packettools.MACPattern},
				{Name: "MACAddress", Kind: gremlinconsole.String, Pattern: packettools.MACPattern},
				{Name: "ANonce", Kind: gremlinconsole.String, Pattern: packettools.NoncePattern},
				{Name: "SNonce", Kind: gremlinconsole.String, Pattern: packettools.NoncePattern},
			},
			Run: func(_ context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
				p := c.Params
				d, err := packettools.Ruckus(packettools.RuckusRequest{
					SSID: p.String("SSID"), VenueID: p.String("VenueID"), Passphrase: p.String("Passphrase"), PMK: p.String("PMK"),
					ExpirationDays: int(p.Int("ExpirationDays")), BSSID: p.String("BSSID"), MACAddress: p.String("MACAddress"),
					ANonce: p.String("ANonce"), SNonce: p.String("SNonce"),
				}, c.Now)
				if err != nil {
					return nil, toolError(err)
				}
				var expires any
				if d.ExpirationDate != "" {
					expires = d.ExpirationDate
				}
				return gremlinconsole.Result{
					"Attribute153": d.Attribute153, "DPSKPassphrase": d.DPSKPassphrase, "PMK": d.PMK,
					"ExpirationDate": expires, "SSID": p.String("SSID"), "VenueID": p.String("VenueID"),
					"ANonce": d.Frame.ANonce, "EAPOLFrame": d.Frame.EAPOLFrame, "BSSID": d.Frame.BSSID, "MACAddress": d.Frame.MACAddress,
					"message": "Ruckus DPSK Attribute 153 generated successfully",
				}, nil
			},
		},
		{
			Name:    "Tools.generateFTPSKPacket",
			Summary: "Builds an 802.11r FT-PSK EAPOL-Key message 2/4 with PMK-R0, PMK-R1, MDE and FTE (AES-128-CMAC MIC).",
			Roles:   operatorRoles,
			Params: append(handshakeParams("becomes the R0KH-ID"),
				gremlinconsole.Param{Name: "MDID", Kind: gremlinconsole.String, Pattern: packettools.MDIDPattern, Doc: "mobility domain, 4 hex digits; default a1b2"}),
			Run: func(_ context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
				f, err := packettools.FT(handshakeOf(c.Params), c.Params.String("MDID"))
				if err != nil {
					return nil, toolError(err)
				}
				r := frameResult(f.Frame, "FT-PSK (802.11r) packet generated successfully with full key hierarchy")
				r["PMK_R0"], r["PMK_R1"], r["PMKR1Name"] = f.PMKR0, f.PMKR1, f.PMKR1Name
				r["FTIE"], r["MDIE"], r["R0KH_ID"], r["R1KH_ID"], r["MDID"] = f.FTIE, f.MDIE, f.R0KHID, f.R1KHID, f.MDID
				return r, nil
			},
		},
	}
}
