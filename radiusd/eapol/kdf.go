package eapol

import (
	"bytes"
	"crypto/aes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
)

const ptkLabel = "Pairwise key expansion"

// pairwiseData returns min(AA,SPA) || max(AA,SPA) || min(ANonce,SNonce) ||
// max(ANonce,SNonce), the context of the non-FT PTK derivation.
func pairwiseData(aa, spa, anonce, snonce []byte) []byte {
	out := make([]byte, 0, 76)
	if bytes.Compare(aa, spa) <= 0 {
		out = append(append(out, aa...), spa...)
	} else {
		out = append(append(out, spa...), aa...)
	}
	if bytes.Compare(anonce, snonce) <= 0 {
		out = append(append(out, anonce...), snonce...)
	} else {
		out = append(append(out, snonce...), anonce...)
	}
	return out
}

// kdfSHA256 is KDF-SHA-256-Length(key, label, context) of IEEE 802.11-2020
// 12.7.1.7.2: HMAC-SHA256(key, i || label || context || Length), i and
// Length as 16-bit little-endian, concatenated and truncated to bits/8 bytes.
func kdfSHA256(key []byte, label string, context []byte, bits int) []byte {
	out := make([]byte, 0, (bits/8+31)/32*32)
	var le [2]byte
	for i := 1; len(out) < bits/8; i++ {
		m := hmac.New(sha256.New, key)
		binary.LittleEndian.PutUint16(le[:], uint16(i))
		m.Write(le[:])
		m.Write([]byte(label))
		m.Write(context)
		binary.LittleEndian.PutUint16(le[:], uint16(bits))
		m.Write(le[:])
		out = m.Sum(out)
	}
	return out[:bits/8]
}

// ftKeys is the FT-PSK key hierarchy for one STA (IEEE 802.11-2020 12.7.1.7).
type ftKeys struct {
	PMKR0, PMKR0Name, PMKR1, PMKR1Name []byte
}

// deriveFT derives PMK-R0 and PMK-R1 from XXKey = PMK for AKM 4.
func deriveFT(pmk, ssid, mdid, r0khID, r1khID, sta []byte) ftKeys {
	ctx := make([]byte, 0, 1+len(ssid)+2+1+len(r0khID)+6)
	ctx = append(ctx, byte(len(ssid)))
	ctx = append(ctx, ssid...)
	ctx = append(ctx, mdid...)
	ctx = append(ctx, byte(len(r0khID)))
	ctx = append(ctx, r0khID...)
	ctx = append(ctx, sta...)
	r0 := kdfSHA256(pmk, "FT-R0", ctx, 384)
	h := sha256.New()
	h.Write([]byte("FT-R0N"))
	h.Write(r0[32:48])
	r0Name := h.Sum(nil)[:16]
	r1 := kdfSHA256(r0[:32], "FT-R1", append(append([]byte(nil), r1khID...), sta...), 256)
	h.Reset()
	h.Write([]byte("FT-R1N"))
	h.Write(r0Name)
	h.Write(r1khID)
	h.Write(sta)
	return ftKeys{PMKR0: r0[:32], PMKR0Name: r0Name, PMKR1: r1, PMKR1Name: h.Sum(nil)[:16]}
}

// cmacAES128 is AES-CMAC (RFC 4493) with a 16-byte key.
func cmacAES128(key, msg []byte) [16]byte {
	block, _ := aes.NewCipher(key) // key is always 16 bytes here
	var l, k1, k2 [16]byte
	block.Encrypt(l[:], l[:])
	shiftXor := func(dst, src *[16]byte) {
		var carry byte
		for i := 15; i >= 0; i-- {
			b := src[i]
			dst[i] = b<<1 | carry
			carry = b >> 7
		}
		if src[0]&0x80 != 0 {
			dst[15] ^= 0x87
		}
	}
	shiftXor(&k1, &l)
	shiftXor(&k2, &k1)
	n := (len(msg) + 15) / 16
	complete := n > 0 && len(msg)%16 == 0
	if n == 0 {
		n = 1
	}
	var x, last [16]byte
	for i := 0; i < n-1; i++ {
		for j := 0; j < 16; j++ {
			x[j] ^= msg[i*16+j]
		}
		block.Encrypt(x[:], x[:])
	}
	tail := msg[(n-1)*16:]
	if complete {
		for j := 0; j < 16; j++ {
			last[j] = tail[j] ^ k1[j]
		}
	} else {
		copy(last[:], tail)
		last[len(tail)] = 0x80
		for j := 0; j < 16; j++ {
			last[j] ^= k2[j]
		}
	}
	for j := 0; j < 16; j++ {
		x[j] ^= last[j]
	}
	block.Encrypt(x[:], x[:])
	return x
}

// computeMIC returns the 16-byte MIC of frame (MIC field zeroed) under kck
// for the given key-descriptor version.
func computeMIC(descriptor int, kck, zeroed []byte) [16]byte {
	var mic [16]byte
	switch descriptor {
	case DescriptorHMACMD5:
		m := hmac.New(md5.New, kck)
		m.Write(zeroed)
		copy(mic[:], m.Sum(nil))
	case DescriptorHMACSHA1:
		m := hmac.New(sha1.New, kck)
		m.Write(zeroed)
		copy(mic[:], m.Sum(nil))
	case DescriptorAESCMAC:
		mic = cmacAES128(kck, zeroed)
	}
	return mic
}
