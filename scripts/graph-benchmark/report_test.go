package main

import (
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{"empty", nil, 0.99, 0},
		{"single", ms(7), 0.99, 7 * time.Millisecond},
		{"median of four is the second", ms(1, 2, 3, 4), 0.5, 2 * time.Millisecond},
		{"p99 of 1..100 is 99", ms(hundred...), 0.99, 99 * time.Millisecond},
		{"p100 is the maximum", ms(hundred...), 1, 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.q); got != tc.want {
				t.Errorf("percentile(%v) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestMarkdownTable(t *testing.T) {
	rs := []result{
		{backend: "embedded", row: "read", ops: 3000, elapsed: time.Second, p99: time.Millisecond},
		{backend: "tinkergraph", row: "read", ops: 1000, elapsed: time.Second, p99: 4 * time.Millisecond},
		{backend: "embedded", row: "write", ops: 500, elapsed: time.Second, p99: time.Millisecond},
	}
	got := markdownTable(rs, "tinkergraph")
	for _, tc := range []struct {
		name string
		line string
	}{
		{"ratio to the reference", "| read | embedded | 3000 | 0.00 | 1.00 | 0 | 3.00 | 0.25 |"},
		{"reference is 1", "| read | tinkergraph | 1000 | 0.00 | 4.00 | 0 | 1.00 | 1.00 |"},
		{"no reference row gives no ratio", "| write | embedded | 500 | 0.00 | 1.00 | 0 | - | - |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(got, tc.line+"\n") {
				t.Errorf("table lacks %q:\n%s", tc.line, got)
			}
		})
	}
}
