// Package gctune sets the Go garbage collector for wifivault's processes: the API, the
// embedded graph and its gremlin-go client share one process, where the client allocates
// a result channel per request; collecting less often (GOGC=400) trades memory for a tail
// latency several times shorter, and a soft memory limit keeps the trade bounded.
package gctune

import (
	"os"
	"runtime/debug"
)

// DefaultPercent is the GOGC the binaries run with unless GOGC is set.
const DefaultPercent = 400

// DefaultMemoryLimit bounds the heap the larger GOGC may grow to, unless GOMEMLIMIT is
// set: past it the collector runs as often as needed.
const DefaultMemoryLimit = 2 << 30

// Apply sets the defaults unless the environment chose otherwise (GOGC, GOMEMLIMIT).
func Apply() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(DefaultPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}
