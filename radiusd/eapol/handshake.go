package eapol

import (
	"crypto/sha1"
	"crypto/subtle"
	"fmt"
	"hash"
	"sync"
)

// Handshake is what an authenticator forwards about one message 2/4: its
// own address (AA, the BSSID), the supplicant's address (SPA), the ANonce it
// sent in message 1/4 and the supplicant's message 2/4. It precomputes
// everything that does not depend on the PMK, so that checking a candidate
// PMK costs two HMACs (descriptor 2). A Handshake is safe for concurrent
// Verify calls.
type Handshake struct {
	AA, SPA [6]byte
	ANonce  [32]byte
	Frame   *Frame
	SSID    []byte // needed only for FT-PSK (PMK-R0 context)

	prfMsg []byte // "Pairwise key expansion" 0x00 pairwise data 0x00
	zeroed []byte // frame with the MIC field zeroed
}

// NewHandshake parses frame and prepares verification. ssid may be nil
// unless the frame is FT-PSK.
func NewHandshake(aa, spa, anonce, frame, ssid []byte) (*Handshake, error) {
	if len(aa) != 6 || len(spa) != 6 {
		return nil, fmt.Errorf("%w: addresses must be 6 bytes", ErrMalformed)
	}
	if len(anonce) != 32 {
		return nil, fmt.Errorf("%w: ANonce of %d bytes", ErrMalformed, len(anonce))
	}
	f, err := ParseFrame(frame)
	if err != nil {
		return nil, err
	}
	if f.AKM == AKMFTPSK && len(ssid) == 0 {
		return nil, fmt.Errorf("%w: FT-PSK needs the SSID", ErrMalformed)
	}
	h := &Handshake{Frame: f, SSID: append([]byte(nil), ssid...)}
	copy(h.AA[:], aa)
	copy(h.SPA[:], spa)
	copy(h.ANonce[:], anonce)
	h.zeroed = append([]byte(nil), f.Raw...)
	clear(h.zeroed[offMIC : offMIC+micLen])
	h.prfMsg = append([]byte(ptkLabel), 0)
	h.prfMsg = append(h.prfMsg, pairwiseData(h.AA[:], h.SPA[:], h.ANonce[:], f.SNonce[:])...)
	h.prfMsg = append(h.prfMsg, 0)
	return h, nil
}

// KCK derives the key-confirmation key for pmk according to the frame's
// descriptor version and AKM.
func (h *Handshake) KCK(pmk []byte) []byte {
	switch {
	case h.Frame.AKM == AKMFTPSK:
		ft := deriveFT(pmk, h.SSID, h.Frame.MDID, h.Frame.R0KHID, h.Frame.R1KHID, h.SPA[:])
		ctx := make([]byte, 0, 76)
		ctx = append(ctx, h.Frame.SNonce[:]...)
		ctx = append(ctx, h.ANonce[:]...)
		ctx = append(ctx, h.AA[:]...)
		ctx = append(ctx, h.SPA[:]...)
		return kdfSHA256(ft.PMKR1, "FT-PTK", ctx, 384)[:16]
	case h.Frame.Descriptor == DescriptorAESCMAC:
		return kdfSHA256(pmk, ptkLabel, pairwiseData(h.AA[:], h.SPA[:], h.ANonce[:], h.Frame.SNonce[:]), 384)[:16]
	default:
		s := sha1Pool.Get().(*sha1Scratch)
		defer sha1Pool.Put(s)
		sum := s.hmac(pmk, h.prfMsg)
		return append([]byte(nil), sum[:16]...)
	}
}

// Verify reports whether pmk produced the frame's MIC. It runs in
// constant time with respect to the MIC comparison.
func (h *Handshake) Verify(pmk []byte) bool {
	if len(pmk) != 32 {
		return false
	}
	if h.Frame.Descriptor == DescriptorHMACSHA1 && h.Frame.AKM != AKMFTPSK {
		// Fast path: no allocation, reused SHA-1 states.
		s := sha1Pool.Get().(*sha1Scratch)
		kck := s.hmac(pmk, h.prfMsg)
		mic := s.hmac(kck[:16], h.zeroed)
		sha1Pool.Put(s)
		return subtle.ConstantTimeCompare(mic[:16], h.Frame.MIC[:]) == 1
	}
	mic := computeMIC(h.Frame.Descriptor, h.KCK(pmk), h.zeroed)
	return subtle.ConstantTimeCompare(mic[:], h.Frame.MIC[:]) == 1
}

// sha1Scratch computes HMAC-SHA1 with keys of at most 64 bytes without
// allocating.
type sha1Scratch struct {
	inner, outer hash.Hash
	pad          [64]byte
	sum          [sha1.Size]byte
}

var sha1Pool = sync.Pool{New: func() any {
	return &sha1Scratch{inner: sha1.New(), outer: sha1.New()}
}}

func (s *sha1Scratch) hmac(key, msg []byte) [sha1.Size]byte {
	for i := range s.pad {
		var k byte
		if i < len(key) {
			k = key[i]
		}
		s.pad[i] = k ^ 0x36
	}
	s.inner.Reset()
	s.inner.Write(s.pad[:])
	s.inner.Write(msg)
	innerSum := s.inner.Sum(s.sum[:0])
	for i := range s.pad {
		s.pad[i] ^= 0x36 ^ 0x5c
	}
	s.outer.Reset()
	s.outer.Write(s.pad[:])
	s.outer.Write(innerSum)
	var out [sha1.Size]byte
	s.outer.Sum(out[:0])
	return out
}
