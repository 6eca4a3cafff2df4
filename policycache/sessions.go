package policycache

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Accounting status types (RFC 2866 Acct-Status-Type) RecordAccounting takes.
const (
	AcctStart   = 1
	AcctStop    = 2
	AcctInterim = 3
)

// AccountingEvent is one Accounting-Request applied to a session.
// Octet counts are totals for the session with Gigawords already folded in.
type AccountingEvent struct {
	VenueID       string
	SessionID     string // Acct-Session-Id
	Status        int    // AcctStart, AcctStop or AcctInterim
	KeyID         string // "" for a device without a key
	UnitID        string
	MAC           string // normalised
	UserName      string
	NASAddress    string
	NASIdentifier string
	InputOctets   uint64
	OutputOctets  uint64
	SessionTime   int64
	Now           time.Time
}

// sessionLua updates one session; shared by the accounting and stop scripts.
// ARGV: 1 prefix, 2 ref, 3 status, 4 now ms, 5 in, 6 out, 7 session time,
// 8 key id, 9 unit, 10 mac, 11 user, 12 nas address, 13 nas id, 14 venue, 15 day.
// Every change is also recorded in the flush queue (changedLua): the session's
// ref and, when the unit's usage changed, its usage entry.
var sessionLua = notifyLua + changedLua + `
local function apply(a)
  local p, ref = a[1], a[2]
  local sess = p .. 'sess:' .. ref
  local status, now = tonumber(a[3]), tonumber(a[4])
  local cur = redis.call('HMGET', sess, 'in', 'out', 'active', 'started')
  if cur[3] == '0' then return 0 end
  local pin, pout = tonumber(cur[1] or '0'), tonumber(cur[2] or '0')
  local nin, nout = tonumber(a[5]), tonumber(a[6])
  local din, dout = math.max(0, nin - pin), math.max(0, nout - pout)
  local usage = p .. 'usage:' .. a[14] .. '|' .. a[9] .. '|' .. a[15]
  local usageChanged = a[9] ~= '' and (not cur[4] or din > 0 or dout > 0)
  if a[9] ~= '' then
    if not cur[4] then redis.call('HINCRBY', usage, 'sessions', 1) end
    if din > 0 then redis.call('HINCRBY', usage, 'in', din) end
    if dout > 0 then redis.call('HINCRBY', usage, 'out', dout) end
    redis.call('EXPIRE', usage, 34560000)
  end
  if not cur[4] then redis.call('HSET', sess, 'started', now) end
  redis.call('HSET', sess, 'in', math.max(pin, nin), 'out', math.max(pout, nout), 'updated', now,
    'time', a[7], 'key', a[8], 'unit', a[9], 'mac', a[10], 'user', a[11], 'nasaddr', a[12], 'nasid', a[13],
    'venue', a[14])
  local dev = p .. 'dev:' .. a[14] .. '|' .. a[10]
  local nsess = p .. 'nsess:' .. a[14] .. '|' .. a[13] .. '|' .. a[12]
  if status == 2 then
    redis.call('HSET', sess, 'active', '0')
    redis.call('EXPIRE', sess, ` + stoppedSessionTTL + `)
    redis.call('ZREM', p .. 'active', ref)
    redis.call('SREM', nsess, ref)
    if a[8] ~= '' then
      redis.call('SREM', p .. 'ksess:' .. a[8], ref)
      redis.call('ZREM', p .. 'online:' .. a[8], a[10])
    end
    redis.call('HSET', dev, 'online', '0', 'seen', now)
  else
    redis.call('HSET', sess, 'active', '1')
    redis.call('ZADD', p .. 'active', now, ref)
    redis.call('SADD', nsess, ref)
    if a[8] ~= '' then
      redis.call('SADD', p .. 'ksess:' .. a[8], ref)
      redis.call('ZADD', p .. 'online:' .. a[8], now, a[10])
    end
    redis.call('HSET', dev, 'online', '1', 'seen', now, 'key', a[8], 'nas', a[13])
  end
  changed(p, 's:' .. ref)
  if usageChanged then changed(p, 'u:' .. a[14] .. '|' .. a[9] .. '|' .. a[15]) end
  if a[8] ~= '' then notify(p, {'k:' .. a[8]}) end
  return 1
end
`

var accountingScript = redis.NewScript(sessionLua + `return apply(ARGV)`)

// stopScript stops the sessions whose refs follow in ARGV[3..], using the
// stored fields, at time ARGV[2]. ARGV[1] prefix.
var stopScript = redis.NewScript(sessionLua + `
local n = 0
local ms, d = string.match(ARGV[2], '(%d+) (%d+)')
for i = 3, #ARGV do
  local s = redis.call('HMGET', ARGV[1] .. 'sess:' .. ARGV[i], 'in', 'out', 'time', 'key', 'unit', 'mac', 'user', 'nasaddr', 'nasid', 'venue', 'active')
  if s[11] == '1' then
    n = n + apply({ARGV[1], ARGV[i], 2, ms, s[1] or '0', s[2] or '0', s[3] or '0',
      s[4] or '', s[5] or '', s[6] or '', s[7] or '', s[8] or '', s[9] or '', s[10] or '', d})
  end
end
return n`)

// StoppedSessionRetention is how long a stopped session stays in Redis; the
// graph keeps it after that (it is flushed there within seconds).
const StoppedSessionRetention = 7 * 24 * time.Hour

var stoppedSessionTTL = strconv.Itoa(int(StoppedSessionRetention / time.Second))

func day(t time.Time) string { return t.UTC().Format("20060102") }

// RecordAccounting applies an Accounting Start, Interim-Update or Stop to
// its session atomically: counters only move forward (a late interim never
// lowers them), the usage of the unit for the day grows by the increase,
// the device's online state and the key's online devices follow, and a
// stopped session ignores later updates. Replaying an event is harmless.
// The session and the unit's usage entry are queued for the graph in the
// same step (see ChangedSince); a stopped session expires from Redis after
// StoppedSessionRetention.
func (s *Store) RecordAccounting(ctx context.Context, ev AccountingEvent) error {
	if ev.VenueID == "" || ev.SessionID == "" {
		return errors.New("policycache: accounting needs VenueID and SessionID")
	}
	if ev.Now.IsZero() {
		ev.Now = time.Now()
	}
	_, err := accountingScript.Run(ctx, s.rdb, []string{s.prefix + "sess:" + ev.VenueID + "|" + ev.SessionID},
		s.prefix, ev.VenueID+"|"+ev.SessionID, ev.Status, ev.Now.UnixMilli(),
		strconv.FormatUint(ev.InputOctets, 10), strconv.FormatUint(ev.OutputOctets, 10), ev.SessionTime,
		ev.KeyID, ev.UnitID, ev.MAC, ev.UserName, ev.NASAddress, ev.NASIdentifier, ev.VenueID, day(ev.Now)).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	return err
}

func (s *Store) stop(ctx context.Context, refs []string, now time.Time) (int, error) {
	if len(refs) == 0 {
		return 0, nil
	}
	// ARGV[2] packs "<ms> <yyyymmdd>"; the refs follow.
	stamp := strconv.FormatInt(now.UnixMilli(), 10) + " " + day(now)
	args := append([]any{s.prefix, stamp}, toAny(refs)...)
	return stopScript.Run(ctx, s.rdb, []string{s.prefix + "active"}, args...).Int()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// CloseNASSessions stops every active session a NAS reported
// (Accounting-On / Accounting-Off). nasIdentifier and nasAddress must be
// given as the NAS reports them in its accounting.
func (s *Store) CloseNASSessions(ctx context.Context, venueID, nasIdentifier, nasAddress string, now time.Time) (int, error) {
	refs, err := s.rdb.SMembers(ctx, s.prefix+"nsess:"+venueID+"|"+nasIdentifier+"|"+nasAddress).Result()
	if err != nil {
		return 0, err
	}
	return s.stop(ctx, refs, now)
}

// AgeOutSessions stops sessions with no accounting since before cutoff
// (lost Stops) and returns how many it stopped.
func (s *Store) AgeOutSessions(ctx context.Context, cutoff, now time.Time) (int, error) {
	refs, err := s.rdb.ZRangeByScore(ctx, s.prefix+"active", &redis.ZRangeBy{Min: "-inf", Max: strconv.FormatInt(cutoff.UnixMilli()-1, 10)}).Result()
	if err != nil {
		return 0, err
	}
	return s.stop(ctx, refs, now)
}

// SessionsOfKey returns the active sessions of a key.
func (s *Store) SessionsOfKey(ctx context.Context, keyID string) ([]Session, error) {
	refs, err := s.rdb.SMembers(ctx, s.prefix+"ksess:"+keyID).Result()
	if err != nil {
		return nil, err
	}
	return s.Sessions(ctx, refs)
}

// Sessions reads sessions by ref (venue|Acct-Session-Id); missing ones are
// left out.
func (s *Store) Sessions(ctx context.Context, refs []string) ([]Session, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(refs))
	for i, ref := range refs {
		cmds[i] = pipe.HGetAll(ctx, s.prefix+"sess:"+ref)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var out []Session
	for i, c := range cmds {
		if m := c.Val(); len(m) > 0 {
			out = append(out, parseSession(refs[i], m))
		}
	}
	return out, nil
}

// parseSession decodes a stored session hash.
func parseSession(ref string, m map[string]string) Session {
	venue, sid, _ := strings.Cut(ref, "|")
	num := func(f string) int64 { n, _ := strconv.ParseInt(m[f], 10, 64); return n }
	unum := func(f string) uint64 { n, _ := strconv.ParseUint(m[f], 10, 64); return n }
	return Session{
		Ref: ref, VenueID: venue, SessionID: sid, KeyID: m["key"], UnitID: m["unit"], MAC: m["mac"],
		UserName: m["user"], NASAddress: m["nasaddr"], NASIdentifier: m["nasid"],
		Started: num("started"), Updated: num("updated"), InputOctets: unum("in"), OutputOctets: unum("out"),
		SessionTime: num("time"), Active: m["active"] == "1",
	}
}

// UnitUsage returns a unit's usage on a day (UTC).
func (s *Store) UnitUsage(ctx context.Context, venueID, unitID string, t time.Time) (Usage, error) {
	us, err := s.UnitUsages(ctx, venueID, []string{unitID}, []time.Time{t})
	if err != nil {
		return Usage{}, err
	}
	return us[0], nil
}

// UnitUsages returns the usage of each unit on each day (UTC), in one round
// trip: len(unitIDs)*len(days) entries, unit by unit, each unit's days in
// the order given. Nothing counted reads as zeros.
func (s *Store) UnitUsages(ctx context.Context, venueID string, unitIDs []string, days []time.Time) ([]Usage, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, 0, len(unitIDs)*len(days))
	for _, unit := range unitIDs {
		for _, d := range days {
			cmds = append(cmds, pipe.HGetAll(ctx, s.usageKey(venueID, unit, day(d))))
		}
	}
	if len(cmds) == 0 {
		return nil, nil
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	out := make([]Usage, 0, len(cmds))
	i := 0
	for _, unit := range unitIDs {
		for _, d := range days {
			out = append(out, parseUsage(venueID, unit, day(d), cmds[i].Val()))
			i++
		}
	}
	return out, nil
}

func (s *Store) usageKey(venueID, unitID, day string) string {
	return s.prefix + "usage:" + venueID + "|" + unitID + "|" + day
}

// parseUsage decodes a stored usage hash (empty: zeros).
func parseUsage(venueID, unitID, day string, m map[string]string) Usage {
	in, _ := strconv.ParseUint(m["in"], 10, 64)
	out, _ := strconv.ParseUint(m["out"], 10, 64)
	n, _ := strconv.ParseInt(m["sessions"], 10, 64)
	return Usage{VenueID: venueID, UnitID: unitID, Day: day, InputOctets: in, OutputOctets: out, Sessions: n}
}

// DeviceOnline reports a device's online state as accounting left it.
func (s *Store) DeviceOnline(ctx context.Context, venueID, mac string) (bool, error) {
	v, err := s.rdb.HGet(ctx, s.prefix+"dev:"+venueID+"|"+mac, "online").Result()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	return v == "1", err
}
