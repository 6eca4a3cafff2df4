package policycache

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// The flush queue lists what accounting changed since it was last copied to
// the graph:
//
//	changes    zset    "s:{venue}|{sessID}" (a session) or "u:{venue}|{unit}|{yyyymmdd}"
//	                   (a unit's usage for a day) → version of its latest change
//	changeseq  string  the last version handed out
//
// The accounting scripts add to it in the same script as the change, with a
// fresh version each time, so nothing changes without being queued. A
// flusher reads a batch (ChangedSince), writes it to the graph, and
// acknowledges it (MarkFlushed), which removes an entry only while its
// version is still the one that was read: a change that arrives between the
// read and the acknowledgement keeps its entry, and the next pass flushes it.
const (
	changesKey      = "changes"
	changeSeqKey    = "changeseq"
	changedSession  = "s:"
	changedUsage    = "u:"
	changeListLimit = 10000
)

// changedLua defines changed(prefix, member): queue member with a new version.
const changedLua = `
local function changed(p, member)
  local v = redis.call('INCR', p .. 'changeseq')
  redis.call('ZADD', p .. 'changes', v, member)
end
`

// markFlushedScript removes each (member, version) pair of ARGV whose
// stored version is still that version. KEYS: changes.
var markFlushedScript = redis.NewScript(`
local n = 0
for i = 1, #ARGV, 2 do
  local v = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if v and tonumber(v) == tonumber(ARGV[i + 1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n`)

// Change is one queued entry: a session or a unit's usage of a day, as
// stored when ChangedSince read it. Exactly one of Session and Usage is set,
// or neither when the data is gone from Redis (expired or flushed): such an
// entry has nothing to write and is acknowledged like the others.
type Change struct {
	// Member is the queue entry ("s:{ref}" or "u:{venue}|{unit}|{day}").
	Member string
	// Version is the entry's version when it was read.
	Version int64
	Session *Session
	Usage   *Usage
}

// ChangeVersion returns the version of the latest queued change (0 when
// nothing was ever queued). Changes queued later have higher versions.
func (s *Store) ChangeVersion(ctx context.Context) (int64, error) {
	v, err := s.rdb.Get(ctx, s.prefix+changeSeqKey).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return v, err
}

// ChangedSince returns up to limit (at most 10000) queued changes with a
// version above after, oldest first, each with its data as stored now.
// Passing the last version returned as after pages through the queue; an
// entry changed again meanwhile comes back with its new version.
func (s *Store) ChangedSince(ctx context.Context, after int64, limit int) ([]Change, error) {
	if limit <= 0 || limit > changeListLimit {
		limit = changeListLimit
	}
	zs, err := s.rdb.ZRangeByScoreWithScores(ctx, s.prefix+changesKey, &redis.ZRangeBy{
		Min: "(" + strconv.FormatInt(after, 10), Max: "+inf", Count: int64(limit),
	}).Result()
	if err != nil || len(zs) == 0 {
		return nil, err
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(zs))
	out := make([]Change, len(zs))
	for i, z := range zs {
		member, _ := z.Member.(string)
		out[i] = Change{Member: member, Version: int64(z.Score)}
		switch {
		case strings.HasPrefix(member, changedSession):
			cmds[i] = pipe.HGetAll(ctx, s.prefix+"sess:"+member[len(changedSession):])
		case strings.HasPrefix(member, changedUsage):
			cmds[i] = pipe.HGetAll(ctx, s.prefix+"usage:"+member[len(changedUsage):])
		}
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	for i, c := range cmds {
		if c == nil || len(c.Val()) == 0 {
			continue
		}
		member := out[i].Member
		if strings.HasPrefix(member, changedSession) {
			x := parseSession(member[len(changedSession):], c.Val())
			out[i].Session = &x
			continue
		}
		parts := strings.Split(member[len(changedUsage):], "|")
		if len(parts) != 3 {
			continue
		}
		u := parseUsage(parts[0], parts[1], parts[2], c.Val())
		out[i].Usage = &u
	}
	return out, nil
}

// MarkFlushed acknowledges changes that were written to the graph: each
// entry leaves the queue unless it changed again after ChangedSince read it
// (its version moved on), in which case it stays for the next pass. It
// returns how many entries it removed.
func (s *Store) MarkFlushed(ctx context.Context, changes []Change) (int, error) {
	if len(changes) == 0 {
		return 0, nil
	}
	args := make([]any, 0, 2*len(changes))
	for _, c := range changes {
		args = append(args, c.Member, c.Version)
	}
	return markFlushedScript.Run(ctx, s.rdb, []string{s.prefix + changesKey}, args...).Int()
}
