package main

import (
	"path/filepath"
	"testing"
)

func TestRadiusdRefusesBadConfiguration(t *testing.T) {
	t.Setenv("WIFIVAULT_MASTER_KEY", "")
	t.Setenv("WIFIVAULT_REDIS_URL", "")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no Redis URL", []string{"radiusd"}, 2},
		{"bad flag", []string{"radiusd", "--no-such-flag"}, 2},
		{"no key ring in the data directory (never created)", []string{"radiusd", "--redis-url", "redis://127.0.0.1:1/0",
			"--data", filepath.Join(t.TempDir(), "none")}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := run(tc.args); got != tc.want {
				t.Fatalf("run(%q) = %d, want %d", tc.args, got, tc.want)
			}
		})
	}
}
