package redistest

import (
	"testing"
)

func TestStartAndCleanup(t *testing.T) {
	var addr string
	t.Run("server answers PING", func(t *testing.T) {
		addr = Start(t)
		if err := ping(addr); err != nil {
			t.Fatalf("PING %s: %v", addr, err)
		}
	})
	t.Run("server stopped after its test", func(t *testing.T) {
		if addr == "" {
			t.Fatal("no server was started")
		}
		if err := ping(addr); err == nil {
			t.Fatalf("redis-server on %s still answers after cleanup", addr)
		}
	})
}
