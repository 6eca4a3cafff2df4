package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileKeyStore is a KeyStore in one JSON file, written with mode 0600 by
// replacing it atomically (temporary file, fsync, rename).
type FileKeyStore struct {
	// Path is the file; its directory must exist.
	Path string
}

type keyFile struct {
	Keys []StoredKey `json:"keys"`
}

// Load reads the key set; a missing file is an empty set.
func (s FileKeyStore) Load(ctx context.Context) ([]StoredKey, error) {
	raw, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth: reading signing keys: %w", err)
	}
	var f keyFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("auth: signing key file %s: %w", s.Path, err)
	}
	return f.Keys, nil
}

// Save replaces the key set.
func (s FileKeyStore) Save(ctx context.Context, keys []StoredKey) error {
	raw, err := json.MarshalIndent(keyFile{Keys: keys}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), ".signing-keys-*")
	if err != nil {
		return fmt.Errorf("auth: saving signing keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("auth: saving signing keys: %w", err)
	}
	if _, err := tmp.Write(append(raw, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("auth: saving signing keys: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("auth: saving signing keys: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("auth: saving signing keys: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		return fmt.Errorf("auth: saving signing keys: %w", err)
	}
	return nil
}
