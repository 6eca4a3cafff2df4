package vaultcrypto

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestPMKKnownAnswers(t *testing.T) {
	raw, err := os.ReadFile("testdata/ieee80211i_pmk.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Source     string `json:"source"`
		Passphrase string `json:"passphrase"`
		SSID       string `json:"ssid"`
		PMK        string `json:"pmk"`
	}
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) == 0 {
		t.Fatal("no test vectors")
	}
	for _, v := range vectors {
		t.Run(v.Source, func(t *testing.T) {
			pmk, err := PMK(v.Passphrase, []byte(v.SSID))
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(pmk); got != v.PMK {
				t.Fatalf("PMK = %s, want %s", got, v.PMK)
			}
		})
	}
}

func TestPMKRejects(t *testing.T) {
	tests := []struct {
		name, passphrase, ssid string
	}{
		{"short passphrase", "short", "IEEE"},
		{"empty SSID", "password", ""},
		{"long SSID", "password", strings.Repeat("s", 33)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := PMK(tt.passphrase, []byte(tt.ssid)); err == nil {
				t.Fatal("PMK accepted bad input")
			}
		})
	}
}

func TestValidatePassphrase(t *testing.T) {
	tests := []struct {
		name       string
		passphrase string
		valid      bool
	}{
		{"8 characters", "abcdefgh", true},
		{"63 characters", strings.Repeat("a", 63), true},
		{"space and tilde", "a b~c d e", true},
		{"every printable", " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~", true},
		{"7 characters", "abcdefg", false},
		{"64 characters", strings.Repeat("a", 64), false},
		{"64 hex digits is a PSK, not a passphrase", strings.Repeat("0f", 32), false},
		{"empty", "", false},
		{"tab", "abcd\tefgh", false},
		{"DEL", "abcdefg\x7f", false},
		{"non-ASCII", "pässwörd", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassphrase(tt.passphrase)
			if (err == nil) != tt.valid {
				t.Fatalf("ValidatePassphrase = %v, want valid %v", err, tt.valid)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidPassphrase) {
					t.Fatalf("err %v does not wrap ErrInvalidPassphrase", err)
				}
				if len(tt.passphrase) >= 4 && strings.Contains(err.Error(), tt.passphrase) {
					t.Fatal("error message reveals the passphrase")
				}
			}
		})
	}
}

func TestGeneratePassphrase(t *testing.T) {
	tests := []struct {
		name    string
		length  int
		wantErr bool
	}{
		{"minimum", 8, false},
		{"typical", 12, false},
		{"maximum", 63, false},
		{"too short", 7, true},
		{"too long", 64, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := GeneratePassphrase(tt.length)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(p) != tt.length {
				t.Fatalf("length %d, want %d", len(p), tt.length)
			}
			if err := ValidatePassphrase(p); err != nil {
				t.Fatal(err)
			}
			for _, c := range p {
				if !strings.ContainsRune(PassphraseAlphabet, c) {
					t.Fatalf("character %q outside the alphabet", c)
				}
			}
		})
	}
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 200 {
		p, err := GeneratePassphrase(12)
		if err != nil {
			t.Fatal(err)
		}
		if seen[p] {
			t.Fatalf("passphrase %q generated twice", p)
		}
		seen[p] = true
		for _, c := range p {
			counts[c]++
		}
	}
	// 2400 draws over 55 symbols: every symbol is expected ~44 times; a
	// symbol never drawn means the generator does not cover the alphabet.
	for _, c := range PassphraseAlphabet {
		if counts[c] == 0 {
			t.Fatalf("symbol %q never generated in 2400 draws", c)
		}
	}
}

func BenchmarkPMK(b *testing.B) {
	for b.Loop() {
		if _, err := PMK("correct horse battery", []byte("Residents")); err != nil {
			b.Fatal(err)
		}
	}
}
