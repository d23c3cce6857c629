package e2e

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// TestRegionsFanOutOnTheReplica queries the replica's two Regions through a
// multi-Region datasource, each Region through its own athena-local
// endpoint, and checks the merged answer against each Region queried
// alone: the same counts, one row (or series) per Region, and each
// endpoint's call log holding only its own Region's database.
func TestRegionsFanOutOnTheReplica(t *testing.T) {
	s := stack(t)
	regions := s.Replica.Regions
	endpoints, servers := map[string]string{}, map[string]*athenaemu.Server{}
	for _, r := range regions {
		al, err := athenalocal.New(athenalocal.Options{TrinoURL: TrinoURL(t), WorkGroups: []string{"grafana"}})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(al)
		t.Cleanup(func() { srv.Close(); al.Close() })
		endpoints[r], servers[r] = srv.URL, al
	}
	multi := s.DS(regions[0], "", map[string]any{"lakeRegions": regions, "regionEndpoints": endpoints})
	from, to := s.Range()
	count := grafanahost.Query{RefID: "N", From: from, To: to, JSON: map[string]any{"mode": "sql", "format": "table",
		"rawSql": `SELECT count(*) AS "events" FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter`}}
	series := grafanahost.Query{RefID: "TS", From: from, To: to, JSON: map[string]any{"source": "cloud_trail_mgmt", "format": "time_series", "timeBucket": "1d"}}
	out, err := s.Host.QueryData(t.Context(), multi, count, series)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"N", "TS"} {
		if out[id].Error != "" || len(out[id].Frames) != 1 {
			t.Fatalf("%s: %+v", id, out[id])
		}
	}
	merged := map[string]int64{}
	n := out["N"].Frames[0]
	if len(n.Fields) != 2 || n.Fields[1].Name != "region" || n.Rows() != len(regions) {
		t.Fatalf("merged count frame: %d rows, fields %v", n.Rows(), n.Fields)
	}
	for i := 0; i < n.Rows(); i++ {
		v, _ := n.Fields[0].ConcreteAt(i)
		r, _ := n.Fields[1].ConcreteAt(i)
		merged[r.(string)] = v.(int64)
	}
	// Each Region alone, through the shared stack's endpoint.
	for _, r := range regions {
		alone, err := s.Host.QueryData(t.Context(), s.DS(r, "", nil), count)
		if err != nil || alone["N"].Error != "" {
			t.Fatalf("%s alone: %v %s", r, err, alone["N"].Error)
		}
		v, _ := alone["N"].Frames[0].Fields[0].ConcreteAt(0)
		if merged[r] == 0 || merged[r] != v.(int64) {
			t.Fatalf("%s: merged count %d, alone %v", r, merged[r], v)
		}
		t.Logf("%s: %d CloudTrail events, the same merged and alone", r, merged[r])
		// Its endpoint saw only its own Region's database.
		db := "amazon_security_lake_glue_db_" + strings.ReplaceAll(r, "-", "_")
		calls := servers[r].CallsTo("StartQueryExecution")
		if len(calls) < 2 {
			t.Fatalf("%s's endpoint ran %d queries, want the count and the series", r, len(calls))
		}
		for _, c := range calls {
			for _, other := range regions {
				if other != r && strings.Contains(c.SQL, strings.ReplaceAll(other, "-", "_")) {
					t.Fatalf("%s's endpoint ran SQL on %s's tables: %s", r, other, c.SQL)
				}
			}
			if !strings.Contains(c.SQL, db) {
				t.Fatalf("%s's endpoint ran SQL outside %s: %s", r, db, c.SQL)
			}
		}
	}
	ts := out["TS"].Frames[0]
	if ts.Meta == nil || ts.Meta.Type != data.FrameTypeTimeSeriesWide || len(ts.Fields) != 1+len(regions) {
		t.Fatalf("merged series: %d fields, want time + one per Region", len(ts.Fields))
	}
	for _, f := range ts.Fields[1:] {
		var sum int64
		for i := 0; i < f.Len(); i++ {
			if v, ok := f.ConcreteAt(i); ok {
				sum += v.(int64)
			}
		}
		if r := f.Labels["region"]; sum != merged[r] {
			t.Fatalf("series of %q sums to %d, the Region's count is %d", r, sum, merged[r])
		}
	}
}
