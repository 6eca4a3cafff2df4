package policycache

import (
	"bytes"
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/internal/redistest"
)

func TestNormalizeMAC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aabbccddeeff", "aabbccddeeff"},
		{"AA-BB-CC-DD-EE-FF", "aabbccddeeff"},
		{"aa:bb:cc:dd:ee:ff", "aabbccddeeff"},
		{"aabb.ccdd.eeff", "aabbccddeeff"},
		{"aabbccddee", ""},
		{"aabbccddeeffaa", ""},
		{"gg-bb-cc-dd-ee-ff", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeMAC(tt.in)
			if got != tt.want || (err != nil) != (tt.want == "") {
				t.Fatalf("NormalizeMAC(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestSplitCalledStationID(t *testing.T) {
	tests := []struct{ in, bssid, ssid string }{
		{"34-EF-B6-AF-48-9E:Andrena_39_Lincoln", "34efb6af489e", "Andrena_39_Lincoln"},
		{"34:ef:b6:af:48:9e:Andrena_39_Lincoln", "34efb6af489e", "Andrena_39_Lincoln"},
		{"5c:df:89:11L3bL3c:SSID", "5cdf89113b3c", "SSID"},
		{"5cdf89113b3c", "5cdf89113b3c", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b, s, ok := SplitCalledStationID(tt.in)
			if !ok || b != tt.bssid || s != tt.ssid {
				t.Fatalf("got %q %q %v", b, s, ok)
			}
		})
	}
}

func newStore(t *testing.T) *Store {
	rdb := redis.NewClient(&redis.Options{Addr: redistest.Start(t)})
	t.Cleanup(func() { rdb.Close() })
	ring, err := vaultcrypto.NewKeyRing(bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return NewStore(rdb, ring, "")
}

// TestKeyEventsAreIdempotentAndOrdered replays, reorders and deletes key
// events and checks what the reader sees.
func TestKeyEventsAreIdempotentAndOrdered(t *testing.T) {
	s := newStore(t)
	r := s.NewReader()
	ctx := context.Background()
	k := Key{KeyID: "k", VenueID: "v", SSID: "ssid", VLAN: 10, Passphrase: "first passphrase", Revision: 1}
	steps := []struct {
		name      string
		do        func() (bool, error)
		applied   bool
		wantVLAN  int // 0: key absent
		wantCands int
	}{
		{"put", func() (bool, error) { return s.PutKey(ctx, k) }, true, 10, 1},
		{"same put again", func() (bool, error) { return s.PutKey(ctx, k) }, true, 10, 1},
		{"newer put", func() (bool, error) { k2 := k; k2.VLAN, k2.Revision = 20, 3; return s.PutKey(ctx, k2) }, true, 20, 1},
		{"late older put ignored", func() (bool, error) { k2 := k; k2.VLAN, k2.Revision = 15, 2; return s.PutKey(ctx, k2) }, false, 20, 1},
		{"older delete ignored", func() (bool, error) { return s.DeleteKey(ctx, "k", 2) }, false, 20, 1},
		{"delete", func() (bool, error) { return s.DeleteKey(ctx, "k", 4) }, true, 0, 0},
		{"put older than the delete ignored", func() (bool, error) { k2 := k; k2.Revision = 3; return s.PutKey(ctx, k2) }, false, 0, 0},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			applied, err := st.do()
			if err != nil || applied != st.applied {
				t.Fatalf("applied %v, %v; want %v", applied, err, st.applied)
			}
			got, err := r.Key(ctx, "k")
			if err != nil {
				t.Fatal(err)
			}
			if (got == nil) != (st.wantVLAN == 0) || (got != nil && got.VLAN != st.wantVLAN) {
				t.Fatalf("key %+v, want VLAN %d", got, st.wantVLAN)
			}
			if got != nil && (got.Passphrase != "first passphrase" || len(got.PMK) != 32) {
				t.Fatal("PSK or PMK not restored")
			}
			cands, err := r.Candidates(ctx, "v", "ssid")
			if err != nil || len(cands) != st.wantCands {
				t.Fatalf("%d candidates, %v; want %d", len(cands), err, st.wantCands)
			}
		})
	}
	raw, _ := s.Redis().Get(ctx, "wv:k:k").Result()
	if bytes.Contains([]byte(raw), []byte("first passphrase")) {
		t.Fatal("passphrase stored in clear")
	}
}
