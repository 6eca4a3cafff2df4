package vaultcrypto

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadKeyRingCreatesKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LoadKeyRing("", dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("key file mode = %v, want 0600", perm)
	}
	ct, err := first.EncryptString("secret", "ctx")
	if err != nil {
		t.Fatal(err)
	}
	second, err := LoadKeyRing("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.CurrentKeyID() != first.CurrentKeyID() {
		t.Fatal("second start made a new key instead of reading the file")
	}
	if got, err := second.DecryptString(ct, "ctx"); err != nil || got != "secret" {
		t.Fatalf("reloaded ring decrypt = %q, %v", got, err)
	}

	rotated, err := RotateKeyFile(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	reloaded, err := LoadKeyRing("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if reloaded.CurrentKeyID() != rotated.CurrentKeyID() || rotated.CurrentKeyID() == first.CurrentKeyID() {
		t.Fatal("rotation did not put a new key first in the file")
	}
	if got, err := reloaded.DecryptString(ct, "ctx"); err != nil || got != "secret" {
		t.Fatalf("rotated ring decrypt of old ciphertext = %q, %v", got, err)
	}
	if reloaded.BlindIndex("s", "x") != first.BlindIndex("s", "x") {
		t.Fatal("blind index changed across key file rotation")
	}
	if info, err := os.Stat(filepath.Join(dir, KeyFileName)); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("rotated key file mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
}

func TestLoadKeyRingSources(t *testing.T) {
	envKey, err := GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	envRing, err := ParseKeyRing(envKey)
	if err != nil {
		t.Fatal(err)
	}
	looseDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(looseDir, KeyFileName), []byte(envKey+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     string
		dir     string
		wantID  string
		wantErr bool
	}{
		{"environment wins over data dir", envKey, t.TempDir(), envRing.CurrentKeyID(), false},
		{"environment without data dir", envKey, "", envRing.CurrentKeyID(), false},
		{"bad environment value", "not-a-key", t.TempDir(), "", true},
		{"neither source", "", "", "", true},
		{"world-readable key file", "", looseDir, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr, err := LoadKeyRing(tt.env, tt.dir)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && kr.CurrentKeyID() != tt.wantID {
				t.Fatalf("current key %s, want %s", kr.CurrentKeyID(), tt.wantID)
			}
			if tt.env != "" && tt.dir != "" {
				if _, err := os.Stat(filepath.Join(tt.dir, KeyFileName)); !os.IsNotExist(err) {
					t.Fatal("a key file was created although the environment supplied the key")
				}
			}
		})
	}
}
