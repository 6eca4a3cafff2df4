package schema

import (
	"strings"
	"time"
)

// ISO8601Suffix is the suffix the API adds to a stored time key to name the
// JSON field that renders it (dateAddedUTC → dateAddedUTC.ISO8601).
const ISO8601Suffix = ".ISO8601"

// APIField returns the JSON field name under which the API renders k: for a
// time key (an epoch-ms int64 in the graph) the key plus ".ISO8601", for
// every other key the key itself.
func (k PropertyKey) APIField() string {
	if d, ok := LookupProperty(k); ok && d.Time {
		return string(k) + ISO8601Suffix
	}
	return string(k)
}

// StoredKeyForAPIField returns the stored key behind a JSON field name: the
// time key for "<key>.ISO8601", the key itself for a declared non-time
// field. ok is false for a field that names no declared key.
func StoredKeyForAPIField(field string) (PropertyKey, bool) {
	if base, found := strings.CutSuffix(field, ISO8601Suffix); found {
		d, ok := LookupProperty(PropertyKey(base))
		return d.Key, ok && d.Time
	}
	d, ok := LookupProperty(PropertyKey(field))
	return d.Key, ok && !d.Time
}

// FormatISO8601 renders an epoch-ms time the way the seeds show every
// *.ISO8601 field: UTC, millisecond precision, "Z" suffix
// (2025-09-11T20:15:30.123Z).
func FormatISO8601(epochMS int64) string {
	return time.UnixMilli(epochMS).UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// ParseISO8601 reads an RFC 3339 time (any offset, optional fraction) and
// returns it as epoch milliseconds, truncating sub-millisecond digits. The
// error names field.
func ParseISO8601(field, v string) (int64, error) {
	tm, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return 0, fieldErrorf(field, "%q is not an ISO 8601 time such as 2025-09-11T20:15:30.123Z", v)
	}
	return tm.UnixMilli(), nil
}
