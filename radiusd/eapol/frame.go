package eapol

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Offsets into an EAPOL-Key frame, counted from the 4-byte EAPOL header.
const (
	offDescriptorType = 4
	offKeyInfo        = 5
	offReplayCounter  = 9
	offNonce          = 17
	offMIC            = 81
	offKeyDataLen     = 97
	offKeyData        = 99
	micLen            = 16
	// MinFrameLen is the length of an EAPOL-Key frame without key data.
	MinFrameLen = offKeyData
	// MaxFrameLen bounds the frames Parse accepts.
	MaxFrameLen = 1024
)

// Key-descriptor versions (IEEE 802.11-2020 12.7.2, Key Information bits 0-2).
const (
	DescriptorHMACMD5  = 1 // HMAC-MD5 MIC, ARC4 key wrap (WPA/TKIP)
	DescriptorHMACSHA1 = 2 // HMAC-SHA1-128 MIC, AES key wrap (WPA2-PSK)
	DescriptorAESCMAC  = 3 // AES-128-CMAC MIC (PSK-SHA256, FT-PSK)
)

// AKM suite numbers under OUI 00-0F-AC.
const (
	AKMPSK       = 2
	AKMFTPSK     = 4
	AKMPSKSHA256 = 6
)

// Element IDs found in the key data of message 2/4.
const (
	elemRSN = 48
	elemMD  = 54
	elemFT  = 55
)

// ErrMalformed reports a frame or attribute that cannot be a message 2/4.
var ErrMalformed = errors.New("eapol: malformed EAPOL-Key frame")

// Frame is a parsed EAPOL-Key message 2/4.
type Frame struct {
	Raw        []byte // the whole EAPOL frame, header included
	Descriptor int    // key-descriptor version (Key Information bits 0-2)
	SNonce     [32]byte
	MIC        [16]byte
	AKM        int    // first AKM suite of the RSNE (00-0F-AC:n), 0 when absent
	MDID       []byte // from the MDE, FT only
	R0KHID     []byte // from the FTE, FT only
	R1KHID     []byte // from the FTE, FT only
}

// ParseFrame reads an EAPOL-Key message 2/4: EAPOL type 3, MIC bit set,
// descriptor version 1 to 3, and a body length that fits the buffer. Bytes
// after the EAPOL body are ignored.
func ParseFrame(b []byte) (*Frame, error) {
	if len(b) < MinFrameLen || len(b) > MaxFrameLen {
		return nil, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	if b[1] != 3 {
		return nil, fmt.Errorf("%w: EAPOL packet type %d is not Key", ErrMalformed, b[1])
	}
	bodyLen := int(binary.BigEndian.Uint16(b[2:4]))
	if 4+bodyLen > len(b) || 4+bodyLen < MinFrameLen {
		return nil, fmt.Errorf("%w: body length %d", ErrMalformed, bodyLen)
	}
	b = b[:4+bodyLen]
	info := binary.BigEndian.Uint16(b[offKeyInfo:])
	if info&0x0100 == 0 {
		return nil, fmt.Errorf("%w: MIC bit not set", ErrMalformed)
	}
	f := &Frame{Raw: b, Descriptor: int(info & 7)}
	if f.Descriptor < DescriptorHMACMD5 || f.Descriptor > DescriptorAESCMAC {
		return nil, fmt.Errorf("%w: key descriptor version %d", ErrMalformed, f.Descriptor)
	}
	copy(f.SNonce[:], b[offNonce:])
	copy(f.MIC[:], b[offMIC:])
	dataLen := int(binary.BigEndian.Uint16(b[offKeyDataLen:]))
	if offKeyData+dataLen > len(b) {
		return nil, fmt.Errorf("%w: key data length %d", ErrMalformed, dataLen)
	}
	if err := f.parseKeyData(b[offKeyData : offKeyData+dataLen]); err != nil {
		return nil, err
	}
	if f.AKM == AKMFTPSK && (len(f.MDID) != 2 || len(f.R0KHID) == 0 || len(f.R1KHID) != 6) {
		return nil, fmt.Errorf("%w: FT-PSK frame without MDE/FTE key holder ids", ErrMalformed)
	}
	return f, nil
}

func (f *Frame) parseKeyData(d []byte) error {
	for len(d) >= 2 {
		id, n := d[0], int(d[1])
		if 2+n > len(d) {
			break // padding (0xdd 00...) or truncated trailer; nothing more to read
		}
		body := d[2 : 2+n]
		switch id {
		case elemRSN:
			f.AKM = rsnAKM(body)
		case elemMD:
			if n >= 2 {
				f.MDID = append([]byte(nil), body[:2]...)
			}
		case elemFT:
			if err := f.parseFTE(body); err != nil {
				return err
			}
		}
		d = d[2+n:]
	}
	return nil
}

// rsnAKM returns the first AKM suite type under OUI 00-0F-AC, or 0.
func rsnAKM(b []byte) int {
	// version 2, group cipher 4, pairwise count 2 + 4n, AKM count 2 + 4m
	if len(b) < 8 {
		return 0
	}
	n := int(binary.LittleEndian.Uint16(b[6:8]))
	p := 8 + 4*n
	if len(b) < p+2+4 || binary.LittleEndian.Uint16(b[p:]) == 0 {
		return 0
	}
	s := b[p+2 : p+6]
	if s[0] != 0x00 || s[1] != 0x0f || s[2] != 0xac {
		return 0
	}
	return int(s[3])
}

func (f *Frame) parseFTE(b []byte) error {
	// MIC control 2, MIC 16, ANonce 32, SNonce 32, then subelements.
	const fixed = 2 + 16 + 32 + 32
	if len(b) < fixed {
		return fmt.Errorf("%w: FTE of %d bytes", ErrMalformed, len(b))
	}
	s := b[fixed:]
	for len(s) >= 2 {
		id, n := s[0], int(s[1])
		if 2+n > len(s) {
			return fmt.Errorf("%w: FTE subelement %d truncated", ErrMalformed, id)
		}
		switch id {
		case 1:
			f.R1KHID = append([]byte(nil), s[2:2+n]...)
		case 3:
			f.R0KHID = append([]byte(nil), s[2:2+n]...)
		}
		s = s[2+n:]
	}
	return nil
}
