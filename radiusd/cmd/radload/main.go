// Command radload is a RADIUS Access-Request load generator for
// benchmarking radiusd (and FreeRADIUS, for comparison) from a separate
// process on loopback. Each of -c workers owns a UDP socket and keeps one
// request outstanding; it reports throughput and latency percentiles.
//
// Bound mode (-macs N) sends MAC-authentication requests for devices
// 02:00:00:00:00:00 + i (i < N). Unbound mode (-frames file) sends one
// request per line "mac anonce-hex frame-hex" with the EAPOL attributes
// hostapd adds for wpa_psk_radius=3.
//
//	radload -addr 127.0.0.1:1812 -secret s -nas ap1 -ssid S -macs 90000 -n 200000 -c 64
//
// Output (one line): requests=… ok=… timeouts=… seconds=… rps=… p50_ms=… p99_ms=… max_ms=…
package main

import (
	"bufio"
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wifivault/wifivault/radiusd/vendor"
	"layeh.com/radius"
)

type request struct {
	mac    string
	anonce []byte
	frame  []byte
}

func main() {
	addr := flag.String("addr", "127.0.0.1:1812", "server address")
	secret := flag.String("secret", "testing123", "shared secret")
	nas := flag.String("nas", "ap1", "NAS-Identifier")
	ssid := flag.String("ssid", "bench", "SSID in Called-Station-Id")
	bssid := flag.String("bssid", "02-AA-00-00-00-01", "BSSID in Called-Station-Id")
	macs := flag.Int("macs", 1000, "bound mode: number of distinct devices")
	frames := flag.String("frames", "", "unbound mode: file of 'mac anonce frame' lines")
	n := flag.Int("n", 10000, "requests to send")
	c := flag.Int("c", 32, "concurrent workers (outstanding requests)")
	timeout := flag.Duration("timeout", time.Second, "per-request timeout")
	flag.Parse()

	var reqs []request
	if *frames != "" {
		f, err := os.Open(*frames)
		if err != nil {
			fail(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<16), 1<<16)
		for sc.Scan() {
			p := strings.Fields(sc.Text())
			if len(p) != 3 {
				continue
			}
			a, _ := hex.DecodeString(p[1])
			fr, _ := hex.DecodeString(p[2])
			reqs = append(reqs, request{mac: p[0], anonce: a, frame: fr})
		}
		f.Close()
	} else {
		for i := 0; i < *macs; i++ {
			reqs = append(reqs, request{mac: fmt.Sprintf("02%010x", i)})
		}
	}
	if len(reqs) == 0 {
		fail(fmt.Errorf("no requests"))
	}

	var next, okCount, timeouts atomic.Int64
	lat := make([][]time.Duration, *c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *c; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			conn, err := net.Dial("udp", *addr)
			if err != nil {
				fail(err)
			}
			defer conn.Close()
			buf := make([]byte, 4096)
			var id byte
			for {
				i := next.Add(1) - 1
				if i >= int64(*n) {
					return
				}
				r := reqs[int(i)%len(reqs)]
				id++
				wire := encode(r, id, *secret, *nas, *ssid, *bssid)
				t0 := time.Now()
				conn.Write(wire)
				conn.SetReadDeadline(t0.Add(*timeout))
				for {
					m, err := conn.Read(buf)
					if err != nil {
						timeouts.Add(1)
						break
					}
					if m >= 20 && buf[1] == id {
						lat[w] = append(lat[w], time.Since(t0))
						if radius.Code(buf[0]) == radius.CodeAccessAccept {
							okCount.Add(1)
						}
						break
					}
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[min(len(all)-1, int(float64(len(all))*p))].Microseconds()) / 1000
	}
	fmt.Printf("requests=%d ok=%d timeouts=%d seconds=%.3f rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
		*n, okCount.Load(), timeouts.Load(), elapsed.Seconds(), float64(len(all))/elapsed.Seconds(), pct(0.50), pct(0.99), pct(1))
}

func encode(r request, id byte, secret, nas, ssid, bssid string) []byte {
	p := radius.New(radius.CodeAccessRequest, []byte(secret))
	p.Identifier = id
	p.Add(80, make(radius.Attribute, 16))
	p.Add(1, radius.Attribute(r.mac))
	pw, _ := radius.NewUserPassword([]byte(r.mac), p.Secret, p.Authenticator[:])
	p.Add(2, pw)
	p.Add(31, radius.Attribute(dashed(r.mac)))
	p.Add(30, radius.Attribute(bssid+":"+ssid))
	p.Add(32, radius.Attribute(nas))
	p.Add(61, radius.NewInteger(19))
	if r.frame != nil {
		vendor.AddHostapdHandshake(p, r.anonce, r.frame)
	}
	b, err := p.MarshalBinary()
	if err != nil {
		fail(err)
	}
	m := hmac.New(md5.New, p.Secret)
	m.Write(b)
	copy(b[22:38], m.Sum(nil))
	return b
}

func dashed(m string) string {
	var sb strings.Builder
	for i := 0; i+1 < len(m); i += 2 {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(strings.ToUpper(m[i : i+2]))
	}
	return sb.String()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "radload:", err)
	os.Exit(1)
}
