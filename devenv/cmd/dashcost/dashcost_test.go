package main

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestBilledHonoursTheMinimumAndRoundsUp(t *testing.T) {
	for _, c := range []struct{ scanned, want int64 }{
		{0, 10_000_000}, {9_999_999, 10_000_000}, {10_000_001, 11_000_000}, {2_500_000_000, 2_500_000_000},
	} {
		if got := billed(c.scanned); got != c.want {
			t.Errorf("billed(%d) = %d, want %d", c.scanned, got, c.want)
		}
	}
	if got := usd(1_000_000_000_000); got != 5 {
		t.Errorf("1 TB costs %v, want 5", got)
	}
}

func TestTotalsBillEachQuery(t *testing.T) {
	c := dashboardCost{Items: []item{
		{Queries: 2, Scanned: 30_000_000, PerQuery: []int64{5_000_000, 25_000_000}},
		{Queries: 0},
	}}
	q, scanned, bill := c.totals()
	if q != 2 || scanned != 30_000_000 || bill != 35_000_000 {
		t.Fatalf("totals %d %d %d, want 2 queries, 30 MB scanned, 35 MB billed", q, scanned, bill)
	}
}

func TestRelativeFrom(t *testing.T) {
	now := time.Date(2026, 11, 1, 23, 59, 59, 0, time.UTC)
	for expr, want := range map[string]time.Duration{"now-24h": 24 * time.Hour, "now-7d": 7 * 24 * time.Hour, "now-30m": 30 * time.Minute, "now-2w": 14 * 24 * time.Hour} {
		got, err := relativeFrom(expr, now)
		if err != nil || now.Sub(got) != want {
			t.Errorf("%s: %v %v", expr, got, err)
		}
	}
	for _, bad := range []string{"now", "now-7x", "2026-01-01", "now-d"} {
		if _, err := relativeFrom(bad, now); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestFrameQueryReadsIDAndScannedBytes(t *testing.T) {
	f := data.NewFrame("x")
	f.Meta = &data.FrameMeta{Custom: map[string]any{"queryId": "q-1"},
		Stats: []data.QueryStat{{FieldConfig: data.FieldConfig{DisplayName: "Data scanned"}, Value: 1234}}}
	if id, n := frameQuery(f); id != "q-1" || n != 1234 {
		t.Fatalf("frameQuery = %q, %d", id, n)
	}
	if id, n := frameQuery(data.NewFrame("y")); id != "" || n != 0 {
		t.Fatalf("frame without meta: %q, %d", id, n)
	}
	var b strings.Builder
	printCosts(&b, []dashboardCost{{UID: "d", Title: "D", Range: "now-24h", Items: []item{{Kind: "panel", Title: "P", Queries: 1, Scanned: 1234, PerQuery: []int64{1234}}}}})
	if !strings.Contains(b.String(), "| D (`d`) | now-24h | 1 | 1.2 kB | 10.00 MB | 0.00005 |") {
		t.Fatalf("table:\n%s", b.String())
	}
}
