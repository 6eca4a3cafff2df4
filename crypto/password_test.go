package vaultcrypto

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// fastParams keeps unit tests quick; the benchmark measures the defaults.
var fastParams = PasswordParams{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPasswordFormatAndVerify(t *testing.T) {
	encoded, err := HashPassword("correct horse battery staple", fastParams)
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(encoded) {
		t.Fatalf("hash %q is not a PHC argon2id string", encoded)
	}
	again, err := HashPassword("correct horse battery staple", fastParams)
	if err != nil {
		t.Fatal(err)
	}
	if again == encoded {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	tests := []struct {
		name     string
		password string
		want     bool
	}{
		{"right password", "correct horse battery staple", true},
		{"wrong password", "correct horse battery stapler", false},
		{"empty password", "", false},
		{"case differs", "Correct horse battery staple", false},
		{"too long", strings.Repeat("x", maxPasswordLen+1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VerifyPassword(tt.password, encoded)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("VerifyPassword = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestVerifyPasswordKnownHash checks interoperability with a PHC string made
// by the reference argon2 CLI (echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32).
func TestVerifyPasswordKnownHash(t *testing.T) {
	const ref = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"
	ok, err := VerifyPassword("password", ref)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatal("reference hash does not verify")
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	good, err := HashPassword("pw", fastParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"argon2i", strings.Replace(good, "$argon2id$", "$argon2i$", 1)},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"version 16", strings.Replace(good, "v=19", "v=16", 1)},
		{"version padded", strings.Replace(good, "v=19", "v=019", 1)},
		{"parameters reordered", strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1)},
		{"zero lanes", strings.Replace(good, "p=1", "p=0", 1)},
		{"lanes overflow", strings.Replace(good, "p=1", "p=256", 1)},
		{"memory huge", strings.Replace(good, "m=64", "m=4294967295", 1)},
		{"iterations zero", strings.Replace(good, "t=1", "t=0", 1)},
		{"salt not base64", fmt.Sprintf("$%s$%s$%s$%s$%s", parts[1], parts[2], parts[3], "!!!!", parts[5])},
		{"salt too short", fmt.Sprintf("$%s$%s$%s$%s$%s", parts[1], parts[2], parts[3], "c2FsdA", parts[5])},
		{"hash padded", good + "="},
		{"extra field", good + "$x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword("pw", tt.encoded)
			if ok {
				t.Fatal("malformed hash verified")
			}
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("err = %v, want ErrMalformedHash", err)
			}
			if !NeedsRehash(tt.encoded, fastParams) {
				t.Fatal("NeedsRehash = false for a malformed hash")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	encoded, err := HashPassword("pw", fastParams)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*PasswordParams)
		want   bool
	}{
		{"same parameters", func(*PasswordParams) {}, false},
		{"more memory", func(p *PasswordParams) { p.MemoryKiB *= 2 }, true},
		{"more iterations", func(p *PasswordParams) { p.Iterations++ }, true},
		{"more lanes", func(p *PasswordParams) { p.Parallelism++ }, true},
		{"longer salt", func(p *PasswordParams) { p.SaltLen = 32 }, true},
		{"longer key", func(p *PasswordParams) { p.KeyLen = 64 }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fastParams
			tt.change(&p)
			if got := NeedsRehash(encoded, p); got != tt.want {
				t.Fatalf("NeedsRehash = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPasswordParamsValidate(t *testing.T) {
	tests := []struct {
		name    string
		params  PasswordParams
		wantErr bool
	}{
		{"defaults", DefaultPasswordParams, false},
		{"test parameters", fastParams, false},
		{"no memory", PasswordParams{MemoryKiB: 0, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, true},
		{"no iterations", PasswordParams{MemoryKiB: 64, Iterations: 0, Parallelism: 1, SaltLen: 16, KeyLen: 32}, true},
		{"no lanes", PasswordParams{MemoryKiB: 64, Iterations: 1, Parallelism: 0, SaltLen: 16, KeyLen: 32}, true},
		{"short salt", PasswordParams{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 4, KeyLen: 32}, true},
		{"short key", PasswordParams{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 8}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.params.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate() = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if _, err := HashPassword("pw", tt.params); err == nil {
					t.Fatal("HashPassword accepted invalid parameters")
				}
			}
		})
	}
}

// BenchmarkHashPassword measures one argon2id hash under
// DefaultPasswordParams, the cost of a login.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple", DefaultPasswordParams); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyPassword measures one verification under
// DefaultPasswordParams.
func BenchmarkVerifyPassword(b *testing.B) {
	encoded, err := HashPassword("correct horse battery staple", DefaultPasswordParams)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := VerifyPassword("correct horse battery staple", encoded); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
