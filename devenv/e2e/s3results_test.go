package e2e

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// TestLargeResultsFromS3OnReplica reads a result larger than one page
// through the plugin binary twice, on athena-local over the replica's
// Trino: from the query's result file (the real S3 client, one GetObject)
// and page by page. The frames must be identical, nested values included.
func TestLargeResultsFromS3OnReplica(t *testing.T) {
	s := stack(t)
	from, to := s.Range()
	q := grafanahost.Query{RefID: "A", From: from, To: to, JSON: map[string]any{"format": "table", "rawSql": `SELECT time_dt, accountid, src_endpoint.ip AS "src", dst_endpoint.ip AS "dst", dst_endpoint.port AS "port",
  traffic.bytes AS "bytes", observables, unmapped
FROM $__table(vpc_flow@2) WHERE $__partitionFilter ORDER BY 1, 2, 3, 4, 5, 6 LIMIT 2500`}}
	frames := map[bool]*data.Frame{}
	for _, fromS3 := range []bool{true, false} {
		before := s.Athena.Count("GetObject")
		out, err := s.Host.QueryData(t.Context(), s.DS("us-east-1", "", map[string]any{"resultsFromS3": fromS3, "resultCacheSeconds": 0}), q)
		if err != nil {
			t.Fatal(err)
		}
		r := out["A"]
		if r.Error != "" || len(r.Frames) != 1 || r.Frames[0].Rows() != 2500 {
			t.Fatalf("S3 %v: error %q, %d frames", fromS3, r.Error, len(r.Frames))
		}
		if got, want := s.Athena.Count("GetObject")-before, map[bool]int{true: 1, false: 0}[fromS3]; got != want {
			t.Fatalf("S3 %v: %d GetObject calls, want %d", fromS3, got, want)
		}
		f := r.Frames[0]
		f.Meta = nil // query ids differ
		frames[fromS3] = f
	}
	a, err := json.Marshal(frames[true])
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(frames[false])
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Fatalf("frames differ:\n S3:    %.1500s\n pages: %.1500s", a, b)
	}
}
