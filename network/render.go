package network

import (
	"time"
)

// flattenValueMap turns a valueMap() result (key → list of values) into key → value.
func flattenValueMap(v any) map[string]any {
	m, _ := v.(map[any]any)
	out := make(map[string]any, len(m))
	for k, val := range m {
		ks, ok := k.(string)
		if !ok {
			continue
		}
		if l, isList := val.([]any); isList {
			if len(l) == 1 {
				out[ks] = l[0]
				continue
			}
			out[ks] = l
			continue
		}
		out[ks] = val
	}
	return out
}

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
