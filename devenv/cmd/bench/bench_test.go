package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestTinyBenchmark runs the benchmark in its tiny mode so it cannot rot:
// every case must answer with the right rows, and the API calls (not the
// times, which depend on the machine) must be what each path promises.
func TestTinyBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the plugin binary 14 times")
	}
	var log bytes.Buffer
	results, err := run(t.Context(), tinyConfig, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(results) != 14 {
		t.Fatalf("%d results, want 7 cases × 2 paths", len(results))
	}
	for _, r := range results {
		if r.Wall <= 0 || r.PeakRSS <= 0 || r.Calls["StartQueryExecution"] == 0 {
			t.Errorf("%s (%s): wall %v, peak RSS %d, calls %v", r.Case, r.Path, r.Wall, r.PeakRSS, r.Calls)
		}
	}
	big := strings.Replace(caseBig, "big", "3000", 1)
	s3, _ := find(results, big, pathS3)
	pages, _ := find(results, big, pathPages)
	// SELECT * of a result with array and map columns: the statement's
	// shape probe (LIMIT 0: one empty page) runs first, then the statement.
	if s3.Calls["StartQueryExecution"] != 2 || s3.Calls["GetObject"] != 1 || s3.Calls["GetQueryResults"] != 2 {
		t.Errorf("S3 path of %s: calls %v, want a probe, one page and one GetObject", big, s3.Calls)
	}
	if pages.Calls["StartQueryExecution"] != 2 || pages.Calls["GetObject"] != 0 || pages.Calls["GetQueryResults"] != 5 {
		t.Errorf("pages path of %s: calls %v, want a probe, 4 pages and no GetObject", big, pages.Calls)
	}
	for _, path := range []string{pathS3, pathPages} {
		if d, _ := find(results, caseDashboard, path); !strings.Contains(d.Note, "1st refresh 8, 2nd refresh 0") {
			t.Errorf("dashboard (%s): %q, want 8 Athena queries then none", path, d.Note)
		}
	}
	var out bytes.Buffer
	printTable(&out, results)
	printTargets(&out, tinyConfig, results)
	if !strings.Contains(out.String(), "| 6-query panel, 100 ms/call | s3 |") || !strings.Contains(out.String(), "faster than pages only") {
		t.Errorf("table:\n%s", out.String())
	}
}
