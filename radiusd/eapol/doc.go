// Package eapol verifies and builds message 2 of the IEEE 802.11 4-way
// handshake (an EAPOL-Key frame) for per-subscriber PSK identification.
//
// Given a candidate PMK, the authenticator and supplicant addresses and the
// ANonce, Verify derives the KCK the way the frame's key descriptor and AKM
// demand and checks the frame's MIC:
//
//   - descriptor version 1: HMAC-MD5 MIC, SHA-1 PRF (WPA/TKIP);
//   - descriptor version 2: HMAC-SHA1-128 MIC, SHA-1 PRF (WPA2-PSK, AKM 2);
//   - descriptor version 3: AES-128-CMAC MIC, SHA-256 KDF (PSK-SHA256,
//     AKM 6), or the FT key hierarchy PMK-R0 → PMK-R1 → PTK when the
//     frame's RSNE names AKM 4 (FT-PSK), with MDID, R0KH-ID and R1KH-ID read
//     from the MDE and FTE in the frame's key data.
//
// The generators (Standard, Cambium, FT, RuckusDPSKParams) build frames
// that Verify accepts; they serve as test tools for operators and tests.
package eapol
