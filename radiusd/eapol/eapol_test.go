package eapol

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

type vector struct {
	Name, SSID, PSK, AA, SPA, ANonce, Frame, PMK, KCK string
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadVectors(t *testing.T) []vector {
	raw, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestKnownAnswerVectors checks the FreeRADIUS rlm_dpsk vectors: PMK, KCK
// and MIC, and that a wrong PSK, SSID or station address fails.
func TestKnownAnswerVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			pmk, err := PMKFromPSK(v.PSK, v.SSID)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pmk, unhex(t, v.PMK)) {
				t.Fatalf("PMK %x, want %s", pmk, v.PMK)
			}
			h, err := NewHandshake(unhex(t, v.AA), unhex(t, v.SPA), unhex(t, v.ANonce), unhex(t, v.Frame), nil)
			if err != nil {
				t.Fatal(err)
			}
			if kck := h.KCK(pmk); !bytes.Equal(kck, unhex(t, v.KCK)) {
				t.Fatalf("KCK %x, want %s", kck, v.KCK)
			}
			if !h.Verify(pmk) {
				t.Fatal("MIC does not verify with the right PMK")
			}
			wrongPSK, _ := PMKFromPSK("Pancakes1125", v.SSID)
			if h.Verify(wrongPSK) {
				t.Fatal("MIC verifies with a wrong PMK")
			}
			spa := unhex(t, v.SPA)
			spa[5] ^= 1
			h2, _ := NewHandshake(unhex(t, v.AA), spa, unhex(t, v.ANonce), unhex(t, v.Frame), nil)
			if h2.Verify(pmk) {
				t.Fatal("MIC verifies with a wrong station address")
			}
		})
	}
}

func TestGeneratorsVerify(t *testing.T) {
	base := Params{SSID: "Venue WiFi", PSK: "correct horse battery", ReplayCounter: 1}
	tests := []struct {
		name       string
		gen        func() (*Generated, error)
		descriptor int
		akm        int
		version    byte
	}{
		{"standard WPA2-PSK", func() (*Generated, error) { return Standard(base) }, DescriptorHMACSHA1, AKMPSK, 2},
		{"Cambium ePSK", func() (*Generated, error) { return Cambium(base) }, DescriptorHMACSHA1, AKMPSK, 1},
		{"PSK-SHA256", func() (*Generated, error) { return PSKSHA256(base) }, DescriptorAESCMAC, AKMPSKSHA256, 2},
		{"FT-PSK", func() (*Generated, error) { return FT(FTParams{Params: base, R0KHID: "venue-ap-1"}) }, DescriptorAESCMAC, AKMFTPSK, 2},
	}
	other, _ := PMKFromPSK("another passphrase", base.SSID)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := tt.gen()
			if err != nil {
				t.Fatal(err)
			}
			if g.Frame[0] != tt.version {
				t.Fatalf("EAPOL version %d, want %d", g.Frame[0], tt.version)
			}
			h, err := g.Handshake(base.SSID)
			if err != nil {
				t.Fatal(err)
			}
			if h.Frame.Descriptor != tt.descriptor || h.Frame.AKM != tt.akm {
				t.Fatalf("descriptor %d AKM %d, want %d %d", h.Frame.Descriptor, h.Frame.AKM, tt.descriptor, tt.akm)
			}
			if !h.Verify(g.PMK) {
				t.Fatal("generated frame does not verify")
			}
			if h.Verify(other) {
				t.Fatal("generated frame verifies with another PMK")
			}
			g.Frame[len(g.Frame)-1] ^= 1
			if h2, err := g.Handshake(base.SSID); err == nil && h2.Verify(g.PMK) {
				t.Fatal("tampered frame verifies")
			}
		})
	}
}

// TestCMAC checks AES-CMAC against RFC 4493 section 4 examples.
func TestCMAC(t *testing.T) {
	key := unhex(t, "2b7e151628aed2a6abf7158809cf4f3c")
	msg := unhex(t, "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
	tests := []struct {
		name string
		n    int
		want string
	}{
		{"empty", 0, "bb1d6929e95937287fa37d129b756746"},
		{"16 bytes", 16, "070a16b46b4d4144f79bdd9dd04a287c"},
		{"40 bytes", 40, "dfa66747de9ae63030ca32611497c827"},
		{"64 bytes", 64, "51f0bebf7e3b9d92fc49741779363cfe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cmacAES128(key, msg[:tt.n])
			if hex.EncodeToString(got[:]) != tt.want {
				t.Fatalf("CMAC %x, want %s", got, tt.want)
			}
		})
	}
}

func TestParseFrameRejects(t *testing.T) {
	good := unhex(t, loadVectors(t)[0].Frame)
	tests := []struct {
		name   string
		mutate func([]byte) []byte
	}{
		{"too short", func(b []byte) []byte { return b[:60] }},
		{"not a key frame", func(b []byte) []byte { b[1] = 0; return b }},
		{"MIC bit clear", func(b []byte) []byte { b[5] &^= 1; return b }},
		{"descriptor 0", func(b []byte) []byte { b[6] &^= 7; return b }},
		{"body longer than buffer", func(b []byte) []byte { b[3] = 0xff; return b }},
		{"key data past end", func(b []byte) []byte { b[98] = 0xff; return b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseFrame(tt.mutate(append([]byte(nil), good...))); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func BenchmarkVerifyWPA2(b *testing.B) {
	g, err := Standard(Params{SSID: "bench", PSK: "benchmark passphrase"})
	if err != nil {
		b.Fatal(err)
	}
	h, _ := g.Handshake("bench")
	for b.Loop() {
		if !h.Verify(g.PMK) {
			b.Fatal("no verify")
		}
	}
}
