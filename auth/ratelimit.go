package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Limit allows Max attempts per fixed Window, the window starting at the
// first attempt.
type Limit struct {
	Max    int
	Window time.Duration
}

// Default login limits: 5 attempts per account and 20 per source address
// in 15 minutes.
var (
	DefaultAccountLimit = Limit{Max: 5, Window: 15 * time.Minute}
	DefaultAddressLimit = Limit{Max: 20, Window: 15 * time.Minute}
)

// ErrRateLimited reports an attempt refused by an AttemptLimiter.
var ErrRateLimited = errors.New("auth: too many attempts")

// Decision is the outcome of AttemptLimiter.Attempt.
type Decision struct {
	// Allowed says whether the attempt may proceed.
	Allowed bool
	// RetryAfter is, for a refused attempt, how long until the blocking
	// window ends.
	RetryAfter time.Duration
}

// RetryAfterSeconds is RetryAfter rounded up to whole seconds, the value of
// an HTTP Retry-After header; at least 1 for a refused attempt.
func (d Decision) RetryAfterSeconds() int {
	if d.Allowed {
		return 0
	}
	return max(1, int(math.Ceil(d.RetryAfter.Seconds())))
}

// Err returns nil for an allowed attempt and an error wrapping
// ErrRateLimited otherwise.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	return fmt.Errorf("%w: retry after %ds", ErrRateLimited, d.RetryAfterSeconds())
}

// AttemptLimiterConfig configures an AttemptLimiter.
type AttemptLimiterConfig struct {
	// Name separates limiters in Redis, for example "login" or "otp".
	Name string
	// Prefix starts every Redis key; empty means "wv:auth:".
	Prefix string
	// PerAccount and PerAddress are the limits; zero values take
	// DefaultAccountLimit and DefaultAddressLimit.
	PerAccount Limit
	PerAddress Limit
}

// AttemptLimiter limits guessing (passwords, one-time codes) per account
// and per source address with fixed-window counters in Redis. Every attempt
// is counted before the secret is checked, so parallel guesses cannot slip
// past the limit; a successful attempt clears the account's counter and
// gives the address its attempt back. IPv6 sources are counted per /64.
// Each counter is updated by one Lua script (INCR and PEXPIRE together), so
// a counter never lives without its window.
type AttemptLimiter struct {
	rdb        redis.UniversalClient
	prefix     string
	perAccount Limit
	perAddress Limit
}

// NewAttemptLimiter returns a limiter over rdb.
func NewAttemptLimiter(rdb redis.UniversalClient, cfg AttemptLimiterConfig) (*AttemptLimiter, error) {
	if cfg.Name == "" {
		return nil, errors.New("auth: an attempt limiter needs a name")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "wv:auth:"
	}
	if cfg.PerAccount == (Limit{}) {
		cfg.PerAccount = DefaultAccountLimit
	}
	if cfg.PerAddress == (Limit{}) {
		cfg.PerAddress = DefaultAddressLimit
	}
	for _, l := range []Limit{cfg.PerAccount, cfg.PerAddress} {
		if l.Max < 1 || l.Window < time.Millisecond {
			return nil, fmt.Errorf("auth: limit %+v needs Max >= 1 and a window of at least 1ms", l)
		}
	}
	return &AttemptLimiter{
		rdb:        rdb,
		prefix:     cfg.Prefix + "rl:" + cfg.Name + ":",
		perAccount: cfg.PerAccount,
		perAddress: cfg.PerAddress,
	}, nil
}

// NewLoginLimiter returns the login limiter with the default limits.
func NewLoginLimiter(rdb redis.UniversalClient) *AttemptLimiter {
	l, _ := NewAttemptLimiter(rdb, AttemptLimiterConfig{Name: "login"})
	return l
}

// countScript counts one attempt on KEYS[1] with window ARGV[1] ms and
// returns {count, remaining window in ms}.
var countScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`)

// releaseScript gives back one attempt on KEYS[1] without touching its
// window.
var releaseScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 1 then return redis.call('DECR', KEYS[1]) end
redis.call('DEL', KEYS[1])
return 0
`)

// Attempt counts one attempt for account from address and says whether it
// may proceed: refused when either counter is over its limit, with
// RetryAfter the longest remaining window among the exceeded ones. account
// is compared case-insensitively; either argument may be empty to count
// only the other.
func (l *AttemptLimiter) Attempt(ctx context.Context, account, address string) (Decision, error) {
	d := Decision{Allowed: true}
	for _, c := range l.counters(account, address) {
		res, err := countScript.Run(ctx, l.rdb, []string{c.key}, c.limit.Window.Milliseconds()).Int64Slice()
		if err != nil {
			return Decision{}, fmt.Errorf("auth: counting attempt: %w", err)
		}
		if len(res) != 2 {
			return Decision{}, fmt.Errorf("auth: counting attempt: unexpected reply %v", res)
		}
		if res[0] > int64(c.limit.Max) {
			d.Allowed = false
			d.RetryAfter = max(d.RetryAfter, time.Duration(res[1])*time.Millisecond)
		}
	}
	return d, nil
}

// Succeeded records that an allowed attempt succeeded: the account's
// counter is cleared and the address's attempt given back, so users behind
// one address who sign in correctly do not lock each other out.
func (l *AttemptLimiter) Succeeded(ctx context.Context, account, address string) error {
	if account != "" {
		if err := l.rdb.Del(ctx, l.accountKey(account)).Err(); err != nil {
			return fmt.Errorf("auth: clearing attempts: %w", err)
		}
	}
	if address != "" {
		if err := releaseScript.Run(ctx, l.rdb, []string{l.addressKey(address)}).Err(); err != nil {
			return fmt.Errorf("auth: clearing attempts: %w", err)
		}
	}
	return nil
}

type counter struct {
	key   string
	limit Limit
}

func (l *AttemptLimiter) counters(account, address string) []counter {
	var cs []counter
	if account != "" {
		cs = append(cs, counter{l.accountKey(account), l.perAccount})
	}
	if address != "" {
		cs = append(cs, counter{l.addressKey(address), l.perAddress})
	}
	return cs
}

// accountKey hashes the normalised account so that e-mail addresses do
// not appear in Redis key names.
func (l *AttemptLimiter) accountKey(account string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(account))))
	return l.prefix + "acct:" + hex.EncodeToString(sum[:16])
}

func (l *AttemptLimiter) addressKey(address string) string {
	return l.prefix + "addr:" + NormalizeAddress(address)
}

// NormalizeAddress returns the rate-limiting identity of a source address:
// an IPv4 address (also IPv4-mapped IPv6) as itself, an IPv6 address as its
// /64 prefix, with any zone or port dropped; a string that is not an IP
// address is returned trimmed.
func NormalizeAddress(address string) string {
	s := strings.TrimSpace(address)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		s = ap.Addr().String()
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return s
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String()
	}
	prefix, _ := ip.Prefix(64)
	return prefix.String()
}
