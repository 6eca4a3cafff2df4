package policycache

import (
	"context"
	"slices"
	"testing"
)

// TestKeyNASWhitelistRoundTrips: a key's NAS whitelist comes back from every read path
// radiusd uses (by id, by bound device, as a candidate of its pool), next to the
// Calling-Station whitelist, and an update that empties it is seen.
func TestKeyNASWhitelistRoundTrips(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	k := Key{KeyID: "nk1", VenueID: "nv1", SSID: "Residents", Passphrase: "nas whitelist pass", Revision: 1,
		CallingStationWhitelist: []string{"AA-BB-CC-DD-EE-FF"}, NASWhitelist: []string{"AP-LOBBY", "10.0.0.7", "2001:db8::7"}}
	if _, err := s.PutKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := s.BindDevice(ctx, "nv1", "02:00:00:00:00:aa", "nk1"); err != nil {
		t.Fatal(err)
	}
	r := s.NewReader()
	reads := []struct {
		name string
		read func() (*Key, error)
	}{
		{"Key", func() (*Key, error) { return r.Key(ctx, "nk1") }},
		{"Device", func() (*Key, error) {
			l, err := r.DeviceFresh(ctx, "nv1", "0200000000aa", 0)
			if err != nil || l == nil {
				return nil, err
			}
			return l.Key, nil
		}},
		{"Candidates", func() (*Key, error) {
			ks, err := r.Candidates(ctx, "nv1", "Residents")
			if err != nil || len(ks) != 1 {
				return nil, err
			}
			return ks[0], nil
		}},
	}
	check := func(t *testing.T, read func() (*Key, error), want []string) {
		t.Helper()
		got, err := read()
		if err != nil || got == nil {
			t.Fatalf("read: %+v, %v", got, err)
		}
		if !slices.Equal(got.NASWhitelist, want) {
			t.Fatalf("NASWhitelist %q, want %q", got.NASWhitelist, want)
		}
		if !slices.Equal(got.CallingStationWhitelist, []string{"aabbccddeeff"}) {
			t.Fatalf("CallingStationWhitelist %q", got.CallingStationWhitelist)
		}
	}
	for _, rd := range reads {
		t.Run(rd.name, func(t *testing.T) { check(t, rd.read, k.NASWhitelist) })
	}
	k.NASWhitelist, k.Revision = nil, 2
	if _, err := s.PutKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	for _, rd := range reads {
		t.Run(rd.name+" after emptying", func(t *testing.T) { check(t, rd.read, nil) })
	}
	t.Run("empty entry refused", func(t *testing.T) {
		bad := k
		bad.KeyID, bad.NASWhitelist = "nk2", []string{"AP-LOBBY", ""}
		if _, err := s.PutKey(ctx, bad); err == nil {
			t.Fatal("PutKey accepted an empty NAS whitelist entry")
		}
	})
}
