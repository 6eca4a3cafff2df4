package network_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestGatewayAddressRace: venues racing for the same gateway addresses through
// concurrent configureVenue calls: in every round exactly one wins, holds the claims and
// lists the addresses; every other gets 409 naming the field and lists none of them.
func TestGatewayAddressRace(t *testing.T) {
	f := newVenueFixture(t)
	racers := []string{f.venueA, f.venueB, f.venueY,
		f.addVenue(t, f.nsp, f.opX, "Venue C"), f.addVenue(t, f.nsp, f.opY, "Venue D")}
	// race runs one configureVenue per racer at once, racer i asking for lists[i].
	race := func(lists [][]any) []servicetest.Response {
		out := make([]servicetest.Response, len(racers))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, v := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				out[i] = f.configureRadius(v, map[string]any{"GatewayAddresses": lists[i]})
			}()
		}
		close(start)
		wg.Wait()
		return out
	}
	b := newAddrBlock()
	rounds := []struct {
		name  string
		lists func(round int) [][]any // per racer
		addrs func(round int) []string
	}{
		{"one address", func(r int) [][]any {
			l := make([][]any, len(racers))
			for i := range l {
				l[i] = []any{b.v4(100 + r)}
			}
			return l
		}, func(r int) []string { return []string{b.v4(100 + r)} }},
		{"two addresses in opposite orders", func(r int) [][]any {
			p, q := b.v6(0x100+r), b.v6(0x200+r)
			l := make([][]any, len(racers))
			for i := range l {
				if i%2 == 0 {
					l[i] = []any{p, q}
				} else {
					l[i] = []any{q, p}
				}
			}
			return l
		}, func(r int) []string { return []string{b.v6(0x100 + r), b.v6(0x200 + r)} }},
	}
	for _, rc := range rounds {
		t.Run(rc.name, func(t *testing.T) {
			for round := 0; round < 10; round++ {
				res := race(rc.lists(round))
				winner := ""
				for i, r := range res {
					switch r.Status {
					case http.StatusOK:
						if winner != "" {
							t.Fatalf("round %d: %s and %s both won", round, winner, racers[i])
						}
						winner = racers[i]
					case http.StatusConflict:
						if !strings.Contains(r.Raw, "RADIUS.GatewayAddresses") {
							t.Fatalf("round %d: the conflict does not name the field: %s", round, r.Raw)
						}
					default:
						t.Fatalf("round %d: status %d: %s\n%s", round, r.Status, r.Raw, lastLines(f.env.Logs.String(), "level=ERROR", 3))
					}
				}
				if winner == "" {
					t.Fatalf("round %d: nobody won", round)
				}
				for _, addr := range rc.addrs(round) {
					if got := holders(f.gatewayHolders(t, addr)...); got != winner {
						t.Fatalf("round %d: %s held by %q, want %q", round, addr, got, winner)
					}
					for _, v := range racers {
						listed, _ := f.venueProps(t, v)[projection.PropVenueGatewayAddresses].(string)
						if strings.Contains(listed, `"`+addr+`"`) != (v == winner) {
							t.Fatalf("round %d: venue %s lists %s (winner %s)", round, v, listed, winner)
						}
					}
				}
			}
		})
	}
}
