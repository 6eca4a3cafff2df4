package vaultcrypto

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func newTestKey(t *testing.T, fill byte) []byte {
	t.Helper()
	return bytes.Repeat([]byte{fill}, MasterKeySize)
}

func mustRing(t *testing.T, keys ...[]byte) *KeyRing {
	t.Helper()
	kr, err := NewKeyRing(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func TestKeyRingRoundTrip(t *testing.T) {
	kr := mustRing(t, newTestKey(t, 1))
	tests := []struct {
		name      string
		plaintext string
		context   string
	}{
		{"psk", "correct horse battery", "psk:P1"},
		{"empty secret", "", "gateway:G1"},
		{"binary and unicode", "\x00\xffé秘密", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, err := kr.EncryptString(tt.plaintext, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ct, "v1:"+kr.CurrentKeyID()+":") {
				t.Fatalf("ciphertext %q lacks the version and key id prefix", ct)
			}
			if tt.plaintext != "" && strings.Contains(ct, tt.plaintext) {
				t.Fatal("ciphertext contains the plaintext")
			}
			got, err := kr.DecryptString(ct, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.plaintext {
				t.Fatalf("round trip = %q, want %q", got, tt.plaintext)
			}
			again, err := kr.EncryptString(tt.plaintext, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if again == ct {
				t.Fatal("two encryptions are equal: nonce is reused")
			}
		})
	}
}

func TestKeyRingRotation(t *testing.T) {
	oldKey, newKey := newTestKey(t, 1), newTestKey(t, 2)
	before := mustRing(t, oldKey)
	sealedBefore, err := before.EncryptString("s3cret-psk", "psk:P1")
	if err != nil {
		t.Fatal(err)
	}
	after := mustRing(t, newKey, oldKey)
	if after.CurrentKeyID() == before.CurrentKeyID() {
		t.Fatal("rotation did not change the current key")
	}
	got, err := after.DecryptString(sealedBefore, "psk:P1")
	if err != nil || got != "s3cret-psk" {
		t.Fatalf("rotated ring opens old ciphertext = %q, %v", got, err)
	}
	if !after.NeedsReencrypt(sealedBefore) {
		t.Fatal("NeedsReencrypt = false for a ciphertext under the old key")
	}
	sealedAfter, err := after.EncryptString("s3cret-psk", "psk:P1")
	if err != nil {
		t.Fatal(err)
	}
	if after.NeedsReencrypt(sealedAfter) {
		t.Fatal("NeedsReencrypt = true for a ciphertext under the current key")
	}
	if _, err := before.Decrypt(sealedAfter, "psk:P1"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("old ring opening new ciphertext: err = %v, want ErrUnknownKey", err)
	}
	retired := mustRing(t, newKey)
	if _, err := retired.Decrypt(sealedBefore, "psk:P1"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("ring without the old key: err = %v, want ErrUnknownKey", err)
	}
}

func TestKeyRingDecryptRejects(t *testing.T) {
	kr := mustRing(t, newTestKey(t, 1))
	ct, err := kr.EncryptString("s3cret", "psk:P1")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(ct, ":", 3)
	body, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(body)
	flipped[len(flipped)-1] ^= 1
	other := mustRing(t, newTestKey(t, 9))
	otherCT, err := other.EncryptString("s3cret", "psk:P1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		ciphertext string
		context    string
		want       error
	}{
		{"wrong context", ct, "psk:P2", ErrDecrypt},
		{"bit flipped", parts[0] + ":" + parts[1] + ":" + base64.RawURLEncoding.EncodeToString(flipped), "psk:P1", ErrDecrypt},
		{"truncated", parts[0] + ":" + parts[1] + ":" + base64.RawURLEncoding.EncodeToString(body[:20]), "psk:P1", ErrMalformedCiphertext},
		{"key id swapped", parts[0] + ":" + other.CurrentKeyID() + ":" + parts[2], "psk:P1", ErrUnknownKey},
		{"other installation", otherCT, "psk:P1", ErrUnknownKey},
		{"unknown version", "v2:" + parts[1] + ":" + parts[2], "psk:P1", ErrMalformedCiphertext},
		{"clear text", "s3cret", "psk:P1", ErrMalformedCiphertext},
		{"empty", "", "psk:P1", ErrMalformedCiphertext},
		{"not base64", parts[0] + ":" + parts[1] + ":***", "psk:P1", ErrMalformedCiphertext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := kr.Decrypt(tt.ciphertext, tt.context)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Fatalf("Decrypt returned %q with an error", got)
			}
		})
	}
}

func TestNewKeyRingRejects(t *testing.T) {
	tests := []struct {
		name string
		keys [][]byte
	}{
		{"no keys", nil},
		{"short key", [][]byte{make([]byte, 16)}},
		{"long key", [][]byte{make([]byte, 33)}},
		{"duplicate key", [][]byte{newTestKey(t, 1), newTestKey(t, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewKeyRing(tt.keys...); err == nil {
				t.Fatal("NewKeyRing accepted bad keys")
			}
		})
	}
}

func TestParseKeyRing(t *testing.T) {
	k1 := base64.StdEncoding.EncodeToString(newTestKey(t, 1))
	k2 := base64.RawURLEncoding.EncodeToString(newTestKey(t, 2))
	want := mustRing(t, newTestKey(t, 1), newTestKey(t, 2))
	tests := []struct {
		name    string
		text    string
		wantErr bool
	}{
		{"comma separated", k1 + "," + k2, false},
		{"newline separated with trailing newline", k1 + "\n" + k2 + "\n", false},
		{"spaces", "  " + k1 + " , " + k2 + " ", false},
		{"empty", "", true},
		{"not base64", "!!!", true},
		{"16-byte key", base64.StdEncoding.EncodeToString(make([]byte, 16)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr, err := ParseKeyRing(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && (kr.CurrentKeyID() != want.CurrentKeyID() || len(kr.KeyIDs()) != 2) {
				t.Fatalf("parsed ring current %s with %d keys, want %s with 2", kr.CurrentKeyID(), len(kr.KeyIDs()), want.CurrentKeyID())
			}
		})
	}
}

func TestBlindIndex(t *testing.T) {
	founding, newer := newTestKey(t, 1), newTestKey(t, 2)
	kr := mustRing(t, founding)
	rotated := mustRing(t, newer, founding)
	stranger := mustRing(t, newTestKey(t, 3))
	base := kr.BlindIndex("ssid:Residents", "passphrase1")
	tests := []struct {
		name      string
		got       string
		wantEqual bool
	}{
		{"same scope and secret", kr.BlindIndex("ssid:Residents", "passphrase1"), true},
		{"after rotation", rotated.BlindIndex("ssid:Residents", "passphrase1"), true},
		{"other secret", kr.BlindIndex("ssid:Residents", "passphrase2"), false},
		{"other scope", kr.BlindIndex("ssid:Guests", "passphrase1"), false},
		{"boundary moved", kr.BlindIndex("ssid:Residentsp", "assphrase1"), false},
		{"other installation", stranger.BlindIndex("ssid:Residents", "passphrase1"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.got == base) != tt.wantEqual {
				t.Fatalf("index %s vs %s: equal = %v, want %v", tt.got, base, tt.got == base, tt.wantEqual)
			}
		})
	}
	if strings.Contains(base, "passphrase1") || len(base) != 43 {
		t.Fatalf("index %q is not a 256-bit digest", base)
	}
}

func BenchmarkEncryptDecrypt(b *testing.B) {
	kr, err := NewKeyRing(bytes.Repeat([]byte{1}, MasterKeySize))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ct, err := kr.EncryptString("correct horse battery", "psk:P1")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := kr.Decrypt(ct, "psk:P1"); err != nil {
			b.Fatal(err)
		}
	}
}
