package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// logOut receives progress lines; the table goes to stdout.
var logOut = os.Stderr

// markdownTable renders results as one Markdown table, rows grouped by workload in mix
// order, with each backend's throughput and p99 relative to the reference backend's on the
// same row ("-" when the reference is missing or measured nothing).
func markdownTable(results []result, reference string) string {
	ref := map[string]result{}
	var rows []string
	for _, r := range results {
		if _, seen := ref[r.row]; !seen {
			rows = append(rows, r.row)
		}
		if r.backend == reference {
			ref[r.row] = r
		} else if _, ok := ref[r.row]; !ok {
			ref[r.row] = result{}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| row | backend | req/s | p50 ms | p99 ms | errors | req/s ÷ %s | p99 ÷ %s |\n", reference, reference)
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, row := range rows {
		for _, r := range results {
			if r.row != row {
				continue
			}
			base := ref[row]
			fmt.Fprintf(&b, "| %s | %s | %.0f | %s | %s | %d | %s | %s |\n",
				row, r.backend, r.throughput(), millis(r.p50), millis(r.p99), r.errors,
				ratio(r.throughput(), base.throughput()), ratio(r.p99.Seconds(), base.p99.Seconds()))
		}
	}
	return b.String()
}

func millis(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

// ratio formats a/b with two decimals, or "-" when b is zero.
func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}
