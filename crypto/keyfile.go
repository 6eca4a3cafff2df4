package vaultcrypto

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MasterKeyEnv is the environment variable holding the master keys (base64,
// current first, comma separated). When set it takes precedence over the
// key file.
const MasterKeyEnv = "WIFIVAULT_MASTER_KEY"

// KeyFileName is the name of the master key file inside the data directory.
const KeyFileName = "master.key"

// GenerateMasterKey returns a new random master key in standard base64.
func GenerateMasterKey() (string, error) {
	k, err := RandomBytes(MasterKeySize)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(k), nil
}

// LoadKeyRing returns the service's key ring. When envValue (the value of
// WIFIVAULT_MASTER_KEY) is not empty the ring is parsed from it. Otherwise it
// is read from <dataDir>/master.key, which is created with mode 0600 (and
// dataDir with 0700) holding one new random key when it does not exist. A
// key file readable or writable by group or others is refused.
func LoadKeyRing(envValue, dataDir string) (*KeyRing, error) {
	if strings.TrimSpace(envValue) != "" {
		kr, err := ParseKeyRing(envValue)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", MasterKeyEnv, err)
		}
		return kr, nil
	}
	if dataDir == "" {
		return nil, fmt.Errorf("vaultcrypto: neither %s nor a data directory is set", MasterKeyEnv)
	}
	path := filepath.Join(dataDir, KeyFileName)
	if err := createKeyFile(dataDir, path); err != nil {
		return nil, err
	}
	return ReadKeyFile(path)
}

// ReadKeyFile parses the key ring in the key file at path, refusing a file
// whose permissions give group or others any access.
func ReadKeyFile(path string) (*KeyRing, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("vaultcrypto: key file: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("vaultcrypto: key file %s has mode %v; want 0600", path, info.Mode().Perm())
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vaultcrypto: key file: %w", err)
	}
	kr, err := ParseKeyRing(string(text))
	if err != nil {
		return nil, fmt.Errorf("vaultcrypto: key file %s: %w", path, err)
	}
	return kr, nil
}

// createKeyFile writes a new one-key file at path unless one exists. O_EXCL
// makes two processes starting at once agree on a single key.
func createKeyFile(dataDir, path string) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("vaultcrypto: data directory: %w", err)
	}
	key, err := GenerateMasterKey()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("vaultcrypto: creating key file: %w", err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("vaultcrypto: writing key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("vaultcrypto: writing key file: %w", err)
	}
	return f.Close()
}

// RotateKeyFile puts a new random master key first in the key file at path,
// keeping the older keys after it so existing ciphertexts still open, and
// returns the resulting ring. The file is replaced atomically (write to a
// temporary file, then rename) with mode 0600.
func RotateKeyFile(path string) (*KeyRing, error) {
	old, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vaultcrypto: key file: %w", err)
	}
	if _, err := ReadKeyFile(path); err != nil {
		return nil, err
	}
	key, err := GenerateMasterKey()
	if err != nil {
		return nil, err
	}
	text := key + "\n" + strings.TrimRight(string(old), "\n") + "\n"
	kr, err := ParseKeyRing(text)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".master.key-*")
	if err != nil {
		return nil, fmt.Errorf("vaultcrypto: rotating key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("vaultcrypto: rotating key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("vaultcrypto: rotating key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("vaultcrypto: rotating key file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("vaultcrypto: rotating key file: %w", err)
	}
	return kr, nil
}
