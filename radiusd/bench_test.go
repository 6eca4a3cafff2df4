package radiusd

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/internal/gctune"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd/eapol"
)

// Benchmark sizes: 100,000 keys in all, 10,000 of them candidates of the
// unbound keypool.
const (
	benchBoundKeys   = 90_000
	benchUnboundKeys = 10_000
	benchBSSID       = "02aa00000001"
)

// BenchmarkRADIUS loads 100,000 keys into a real redis-server, starts
// radiusd on loopback and drives it with radload (radiusd/cmd/radload) in
// a separate process. Each sub-benchmark sends b.N requests and reports
// req/s and the p50/p99 latency radload measured.
//
//	go test ./radiusd -run '^$' -bench RADIUS -benchtime 200000x
func BenchmarkRADIUS(b *testing.B) {
	dir := b.TempDir()
	radload := filepath.Join(dir, "radload")
	if out, err := exec.Command("go", "build", "-o", radload, "./cmd/radload").CombinedOutput(); err != nil {
		b.Fatalf("building radload: %v\n%s", err, out)
	}
	e := newEnv(b, "", nil)
	ctx := context.Background()
	if _, err := e.store.PutVenue(ctx, policycache.Venue{VenueID: "bv", Secret: testSecret,
		Gateways: []policycache.Gateway{{NASIdentifier: "bench-ap", Profile: "hostapd"}}}); err != nil {
		b.Fatal(err)
	}
	// Bound keys share 1,000 passphrases so PBKDF2 runs 1,000 times, not 90,000;
	// unbound candidates all differ (a shared one could not be told apart).
	keys := make([]policycache.Key, 0, benchBoundKeys+benchUnboundKeys)
	bindings := map[string]string{}
	for i := 0; i < benchBoundKeys; i++ {
		id := fmt.Sprintf("bk%d", i)
		keys = append(keys, policycache.Key{KeyID: id, VenueID: "bv", SSID: "bound-ssid", UnitID: fmt.Sprintf("u%d", i%5000),
			VLAN: 100 + i%3000, UpKbps: 20000, DownKbps: 100000, Passphrase: fmt.Sprintf("bound passphrase %04d", i%1000), Revision: 1})
		bindings[fmt.Sprintf("02%010x", i)] = id
	}
	for i := 0; i < benchUnboundKeys; i++ {
		keys = append(keys, policycache.Key{KeyID: fmt.Sprintf("uk%d", i), VenueID: "bv", SSID: "dpsk-ssid", UnitID: "u",
			VLAN: 42, Passphrase: fmt.Sprintf("unbound passphrase %05d", i), Revision: 1})
	}
	if err := e.store.PutKeys(ctx, keys); err != nil {
		b.Fatal(err)
	}
	if err := e.store.BindDevices(ctx, "bv", bindings); err != nil {
		b.Fatal(err)
	}
	// The server runs with the collector settings of the wifivault binary,
	// and the set-up's garbage (PBKDF2, the key list) is collected before
	// the clock starts.
	gctune.Apply()
	e.start()

	// Unbound frames: unseen devices (fresh MACs) and known devices (bound
	// to the key whose PSK made the frame).
	const frames = 2000
	var unseen, known strings.Builder
	knownBind := map[string]string{}
	for i := 0; i < frames; i++ {
		k := keys[benchBoundKeys+(i*7919)%benchUnboundKeys]
		for _, w := range []struct {
			sb     *strings.Builder
			prefix byte
		}{{&unseen, 0x06}, {&known, 0x0a}} {
			spa := []byte{w.prefix, 0, 0, byte(i >> 16), byte(i >> 8), byte(i)}
			g, err := eapol.Standard(eapol.Params{SSID: k.SSID, PSK: hex.EncodeToString(mustPMK(b, k)), AA: mustHex(b, benchBSSID), SPA: spa})
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(w.sb, "%x %x %x\n", spa, g.ANonce, g.Frame)
			if w.prefix == 0x0a {
				knownBind[hex.EncodeToString(spa)] = k.KeyID
			}
		}
	}
	if err := e.store.BindDevices(ctx, "bv", knownBind); err != nil {
		b.Fatal(err)
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			b.Fatal(err)
		}
		return p
	}
	unseenFile, knownFile := write("unseen.txt", unseen.String()), write("known.txt", known.String())
	keys, bindings, knownBind = nil, nil, nil
	runtime.GC()

	run := func(b *testing.B, n int, args ...string) {
		args = append([]string{"-addr", e.srv.AuthAddr().String(), "-secret", testSecret, "-nas", "bench-ap",
			"-bssid", "02-AA-00-00-00-01", "-n", strconv.Itoa(n)}, args...)
		b.ResetTimer()
		cmd := exec.Command(radload, args...)
		out, err := cmd.CombinedOutput()
		b.StopTimer()
		if err != nil {
			b.Fatalf("radload: %v\n%s", err, out)
		}
		fields := map[string]float64{}
		for _, f := range strings.Fields(string(out)) {
			k, v, _ := strings.Cut(f, "=")
			fields[k], _ = strconv.ParseFloat(v, 64)
		}
		if fields["ok"] != float64(n) {
			b.Fatalf("only %v of %d accepted: %s", fields["ok"], n, out)
		}
		b.ReportMetric(fields["rps"], "req/s")
		b.ReportMetric(fields["p50_ms"], "p50-ms")
		b.ReportMetric(fields["p99_ms"], "p99-ms")
		b.ReportMetric(0, "ns/op")
		b.Logf("%s load_cpu_s=%.2f", strings.TrimSpace(string(out)),
			(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
	}
	b.Run("bound", func(b *testing.B) {
		run(b, max(b.N, 1000), "-ssid", "bound-ssid", "-macs", strconv.Itoa(benchBoundKeys), "-c", "32")
	})
	b.Run("unbound-known-device", func(b *testing.B) {
		run(b, max(b.N, 1000), "-ssid", "dpsk-ssid", "-frames", knownFile, "-c", "4")
	})
	b.Run("unbound-unseen-device", func(b *testing.B) {
		// Every request is a device never seen: it is matched against the
		// 10,000 candidates and then bound, so at most `frames` requests.
		e.rdb.Del(ctx, "wv:poolver:bv|dpsk-ssid") // first request also loads the pool
		run(b, min(max(b.N, 100), frames), "-ssid", "dpsk-ssid", "-frames", unseenFile, "-c", "1")
	})
}

func mustPMK(b *testing.B, k policycache.Key) []byte {
	pmk, err := eapol.PMKFromPSK(k.Passphrase, k.SSID)
	if err != nil {
		b.Fatal(err)
	}
	return pmk
}

func mustHex(b *testing.B, s string) []byte {
	v, err := hex.DecodeString(s)
	if err != nil {
		b.Fatal(err)
	}
	return v
}
