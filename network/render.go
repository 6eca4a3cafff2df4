package network

import (
	"time"
)

// isoMillis renders stored epoch milliseconds as the seeds' ISO 8601 UTC strings.
func isoMillis(v any) string {
	var ms int64
	switch n := v.(type) {
	case int64:
		ms = n
	case int32:
		ms = int64(n)
	case int:
		ms = int64(n)
	default:
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}
