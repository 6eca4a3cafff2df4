package vaultcrypto

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id cost parameters of a password hash.
type PasswordParams struct {
	// MemoryKiB is the memory cost in KiB (argon2 "m").
	MemoryKiB uint32
	// Iterations is the time cost (argon2 "t").
	Iterations uint32
	// Parallelism is the number of lanes (argon2 "p").
	Parallelism uint8
	// SaltLen is the length of the random salt in bytes.
	SaltLen uint32
	// KeyLen is the length of the derived hash in bytes.
	KeyLen uint32
}

// DefaultPasswordParams costs about 33 ms per hash on the 2-core machine
// wifivault is developed on (BenchmarkHashPassword measures it): 24 MiB,
// 2 passes, 1 lane, above the OWASP argon2id floor (m >= 19 MiB with
// t >= 2). One lane keeps a login from occupying both cores of a small
// machine.
var DefaultPasswordParams = PasswordParams{
	MemoryKiB:   24 * 1024,
	Iterations:  2,
	Parallelism: 1,
	SaltLen:     16,
	KeyLen:      32,
}

// Limits on parameters accepted from a stored hash, so that a corrupted or
// hostile hash cannot make verification allocate without bound.
const (
	maxMemoryKiB   = 1 << 20 // 1 GiB
	maxIterations  = 64
	minSaltLen     = 8
	maxSaltLen     = 64
	minKeyLen      = 16
	maxKeyLen      = 64
	maxPasswordLen = 4096
)

// ErrMalformedHash reports a password hash that is not an argon2id PHC
// string this package can verify.
var ErrMalformedHash = errors.New("vaultcrypto: malformed argon2id hash")

// ErrPasswordTooLong reports a password longer than 4096 bytes.
var ErrPasswordTooLong = errors.New("vaultcrypto: password too long")

// Validate reports whether p describes a usable argon2id configuration.
func (p PasswordParams) Validate() error {
	switch {
	case p.MemoryKiB < 8*uint32(p.Parallelism) || p.MemoryKiB > maxMemoryKiB:
		return fmt.Errorf("vaultcrypto: argon2id memory %d KiB out of range", p.MemoryKiB)
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("vaultcrypto: argon2id iterations %d out of range", p.Iterations)
	case p.Parallelism < 1:
		return errors.New("vaultcrypto: argon2id parallelism must be at least 1")
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("vaultcrypto: argon2id salt length %d out of range", p.SaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("vaultcrypto: argon2id key length %d out of range", p.KeyLen)
	}
	return nil
}

// HashPassword hashes password with argon2id under p and a fresh random salt
// and returns the PHC string
// "$argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>" with salt
// and hash in unpadded standard base64.
func HashPassword(password string, p PasswordParams) (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	if len(password) > maxPasswordLen {
		return "", ErrPasswordTooLong
	}
	salt, err := RandomBytes(int(p.SaltLen))
	if err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLen)
	return formatPHC(p, salt, key), nil
}

// VerifyPassword reports whether password matches the PHC string encoded.
// The comparison of derived hashes is constant-time. A malformed hash gives
// false and an error wrapping ErrMalformedHash; a wrong password gives false
// and nil.
func VerifyPassword(password, encoded string) (bool, error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	if len(password) > maxPasswordLen {
		return false, nil
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLen)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// EqualizeMissingPassword spends the time of one VerifyPassword under p
// without a stored hash. A login for an unknown account calls it so that the
// response time does not reveal whether the account exists.
func EqualizeMissingPassword(password string, p PasswordParams) {
	if p.Validate() != nil {
		p = DefaultPasswordParams
	}
	if len(password) > maxPasswordLen {
		password = password[:maxPasswordLen]
	}
	salt := make([]byte, p.SaltLen)
	_ = argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLen)
}

// NeedsRehash reports whether encoded should be replaced by a hash made
// with p: true when it is malformed or when any of its parameters (memory,
// iterations, lanes, salt or key length) differ from p. Callers rehash after
// a successful VerifyPassword, when they hold the clear password.
func NeedsRehash(encoded string, p PasswordParams) bool {
	got, salt, key, err := parsePHC(encoded)
	if err != nil {
		return true
	}
	got.SaltLen = uint32(len(salt))
	got.KeyLen = uint32(len(key))
	return got != p
}

func formatPHC(p PasswordParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Iterations, p.Parallelism,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(key))
}

// parsePHC splits an argon2id PHC string into its parameters, salt and hash.
// It accepts only version 19 and the exact parameter order m,t,p.
func parsePHC(encoded string) (PasswordParams, []byte, []byte, error) {
	var p PasswordParams
	fields := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
	if len(fields) != 6 || fields[0] != "" || fields[1] != "argon2id" {
		return p, nil, nil, ErrMalformedHash
	}
	var version int
	if n, err := fmt.Sscanf(fields[2], "v=%d", &version); n != 1 || err != nil || fields[2] != fmt.Sprintf("v=%d", version) {
		return p, nil, nil, ErrMalformedHash
	}
	if version != argon2.Version {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %d", ErrMalformedHash, version)
	}
	var lanes uint32
	if n, err := fmt.Sscanf(fields[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &lanes); n != 3 || err != nil ||
		fields[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.MemoryKiB, p.Iterations, lanes) {
		return p, nil, nil, ErrMalformedHash
	}
	if lanes < 1 || lanes > 255 {
		return p, nil, nil, fmt.Errorf("%w: parallelism %d", ErrMalformedHash, lanes)
	}
	p.Parallelism = uint8(lanes)
	salt, err := base64.RawStdEncoding.Strict().DecodeString(fields[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt: %v", ErrMalformedHash, err)
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(fields[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: hash: %v", ErrMalformedHash, err)
	}
	p.SaltLen = uint32(len(salt))
	p.KeyLen = uint32(len(key))
	if err := p.Validate(); err != nil {
		return p, nil, nil, fmt.Errorf("%w: %v", ErrMalformedHash, err)
	}
	return p, salt, key, nil
}
