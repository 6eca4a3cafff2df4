package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoginLimiterAccountLimit(t *testing.T) {
	ctx := context.Background()
	l := NewLoginLimiter(testRedis(t))
	for i := 1; i <= DefaultAccountLimit.Max; i++ {
		d, err := l.Attempt(ctx, "Admin@Example.com", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if !d.Allowed {
			t.Fatalf("attempt %d refused", i)
		}
	}
	tests := []struct {
		name        string
		account     string
		address     string
		wantAllowed bool
	}{
		{"sixth attempt on the account", "Admin@Example.com", "192.0.2.1", false},
		{"same account, other case, other address", "  admin@example.COM", "198.51.100.7", false},
		{"other account, same address", "someone@example.com", "192.0.2.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := l.Attempt(ctx, tt.account, tt.address)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tt.wantAllowed {
				t.Fatalf("Allowed = %v, want %v", d.Allowed, tt.wantAllowed)
			}
			if tt.wantAllowed {
				if d.RetryAfter != 0 || d.Err() != nil {
					t.Fatalf("allowed attempt carries RetryAfter %v, Err %v", d.RetryAfter, d.Err())
				}
				return
			}
			window := DefaultAccountLimit.Window
			if d.RetryAfter <= window-10*time.Second || d.RetryAfter > window {
				t.Fatalf("RetryAfter = %v, want just under %v", d.RetryAfter, window)
			}
			if s := d.RetryAfterSeconds(); s < 890 || s > 900 {
				t.Fatalf("RetryAfterSeconds = %d, want about 900", s)
			}
			if !errors.Is(d.Err(), ErrRateLimited) {
				t.Fatalf("Err() = %v, want ErrRateLimited", d.Err())
			}
		})
	}
}

func TestLoginLimiterSuccessResetsAccount(t *testing.T) {
	ctx := context.Background()
	l := NewLoginLimiter(testRedis(t))
	attempt := func(n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			d, err := l.Attempt(ctx, "a@example.com", "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			if !d.Allowed {
				t.Fatalf("attempt %d of %d refused", i+1, n)
			}
		}
	}
	attempt(DefaultAccountLimit.Max - 1)
	if err := l.Succeeded(ctx, "a@example.com", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	attempt(DefaultAccountLimit.Max)
	d, err := l.Attempt(ctx, "a@example.com", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed {
		t.Fatal("limit not enforced after the reset")
	}
}

func TestLoginLimiterAddressLimit(t *testing.T) {
	ctx := context.Background()
	l := NewLoginLimiter(testRedis(t))
	for i := 0; i < DefaultAddressLimit.Max; i++ {
		// One address per IPv6 /64: these differ only in the interface id.
		addr := fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1)
		d, err := l.Attempt(ctx, fmt.Sprintf("user%d@example.com", i), addr)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Allowed {
			t.Fatalf("attempt %d from the /64 refused", i+1)
		}
	}
	tests := []struct {
		name        string
		address     string
		wantAllowed bool
	}{
		{"21st attempt from the same /64", "2001:db8:1:2:ffff::1", false},
		{"another /64", "2001:db8:1:3::1", true},
		{"an IPv4 address", "192.0.2.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := l.Attempt(ctx, "fresh@example.com", tt.address)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tt.wantAllowed {
				t.Fatalf("Allowed = %v, want %v", d.Allowed, tt.wantAllowed)
			}
		})
	}
}

func TestLoginLimiterSuccessesDoNotBlockSharedAddress(t *testing.T) {
	ctx := context.Background()
	l := NewLoginLimiter(testRedis(t))
	for i := 0; i < 2*DefaultAddressLimit.Max; i++ {
		account := fmt.Sprintf("staff%d@example.com", i)
		d, err := l.Attempt(ctx, account, "203.0.113.9")
		if err != nil {
			t.Fatal(err)
		}
		if !d.Allowed {
			t.Fatalf("successful sign-in %d from a shared address refused", i+1)
		}
		if err := l.Succeeded(ctx, account, "203.0.113.9"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAttemptLimiterWindowEnds(t *testing.T) {
	ctx := context.Background()
	window := 300 * time.Millisecond
	l, err := NewAttemptLimiter(testRedis(t), AttemptLimiterConfig{
		Name: "otp", PerAccount: Limit{Max: 1, Window: window}, PerAddress: Limit{Max: 100, Window: window},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := l.Attempt(ctx, "sub-1", "192.0.2.1"); err != nil || !d.Allowed {
		t.Fatalf("first attempt: %+v, %v", d, err)
	}
	d, err := l.Attempt(ctx, "sub-1", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed || d.RetryAfter <= 0 || d.RetryAfter > window {
		t.Fatalf("second attempt: %+v; want refused with RetryAfter in (0, %v]", d, window)
	}
	if d.RetryAfterSeconds() != 1 {
		t.Fatalf("RetryAfterSeconds = %d, want 1 (rounded up)", d.RetryAfterSeconds())
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		time.Sleep(d.RetryAfter + 10*time.Millisecond)
		d, err = l.Attempt(ctx, "sub-1", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the window never ended")
		}
	}
}

func TestLoginLimiterConcurrentAttempts(t *testing.T) {
	ctx := context.Background()
	l := NewLoginLimiter(testRedis(t))
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			d, err := l.Attempt(ctx, "target@example.com", "192.0.2.50")
			if err != nil {
				t.Error(err)
				return
			}
			if d.Allowed {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != int32(DefaultAccountLimit.Max) {
		t.Fatalf("%d of 20 parallel guesses allowed, want exactly %d", got, DefaultAccountLimit.Max)
	}
}

func TestNewAttemptLimiterRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  AttemptLimiterConfig
	}{
		{"no name", AttemptLimiterConfig{}},
		{"zero max", AttemptLimiterConfig{Name: "x", PerAccount: Limit{Max: 0, Window: time.Minute}}},
		{"zero window", AttemptLimiterConfig{Name: "x", PerAddress: Limit{Max: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewAttemptLimiter(nil, tt.cfg); err == nil {
				t.Fatal("accepted a bad configuration")
			}
		})
	}
}

func TestDecisionRetryAfterSeconds(t *testing.T) {
	tests := []struct {
		d    Decision
		want int
	}{
		{Decision{Allowed: true}, 0},
		{Decision{RetryAfter: 0}, 1},
		{Decision{RetryAfter: 10 * time.Millisecond}, 1},
		{Decision{RetryAfter: time.Second}, 1},
		{Decision{RetryAfter: 1001 * time.Millisecond}, 2},
		{Decision{RetryAfter: 15 * time.Minute}, 900},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.d), func(t *testing.T) {
			if got := tt.d.RetryAfterSeconds(); got != tt.want {
				t.Fatalf("RetryAfterSeconds = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestNormalizeAddress(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"192.0.2.1:5555", "192.0.2.1"},
		{" 192.0.2.1 ", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2::9]:443", "2001:db8:1:2::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"unix-socket", "unix-socket"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeAddress(tt.in); got != tt.want {
				t.Fatalf("NormalizeAddress(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
