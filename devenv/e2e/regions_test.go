package e2e

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

// regionPanel is one panel's queries: events per Region (SQL with the
// Region filter) and a daily series of CloudTrail events (builder),
// the three Regions selected (as the dashboards' region variable does).
func regionPanel(s *Stack) []grafanahost.Query {
	_, to := s.Range()
	from := to.AddDate(0, 0, -replica.ProfileDays)
	return []grafanahost.Query{
		{RefID: "N", From: from, To: to, JSON: map[string]any{"mode": "sql", "format": "table", "regions": replica.ProfileRegions,
			"rawSql": `SELECT "region", count(*) AS "events" FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter AND $__regionFilter GROUP BY 1`}},
		{RefID: "TS", From: from, To: to, JSON: map[string]any{"source": "cloud_trail_mgmt", "format": "time_series", "timeBucket": "1d", "regions": replica.ProfileRegions}},
	}
}

// regionCounts runs the panel and returns the events per Region of N,
// after checking the series TS: one series per Region summing to its count
// when the query ran per Region (fanOut), else one series of the total
// (a rollup Region's table answers the builder's series as one).
func regionCounts(t *testing.T, s *Stack, ds grafanahost.DS, fanOut bool) map[string]int64 {
	t.Helper()
	out, err := s.Host.QueryData(t.Context(), ds, regionPanel(s)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"N", "TS"} {
		if out[id].Error != "" || len(out[id].Frames) != 1 {
			t.Fatalf("%s: %+v", id, out[id])
		}
	}
	n := out["N"].Frames[0]
	counts := map[string]int64{}
	for i := 0; i < n.Rows(); i++ {
		r, _ := n.Fields[0].ConcreteAt(i)
		v, _ := n.Fields[1].ConcreteAt(i)
		counts[r.(string)] += v.(int64)
	}
	if len(counts) != len(replica.ProfileRegions) || n.Rows() != len(replica.ProfileRegions) {
		t.Fatalf("events by Region %v (%d rows), want one row for each of %v", counts, n.Rows(), replica.ProfileRegions)
	}
	ts := out["TS"].Frames[0]
	series := 1
	if fanOut {
		series = len(replica.ProfileRegions)
	}
	if ts.Meta == nil || ts.Meta.Type != data.FrameTypeTimeSeriesWide || len(ts.Fields) != 1+series {
		t.Fatalf("series: %d fields, want time + %d", len(ts.Fields), series)
	}
	var total int64
	for _, c := range counts {
		total += c
	}
	for _, f := range ts.Fields[1:] {
		var sum int64
		for i := 0; i < f.Len(); i++ {
			if v, ok := f.ConcreteAt(i); ok {
				sum += v.(int64)
			}
		}
		want := total
		if fanOut {
			want = counts[f.Labels["region"]]
		}
		if sum == 0 || sum != want {
			t.Fatalf("series %v sums to %d, want %d", f.Labels, sum, want)
		}
	}
	return counts
}

// TestRegionsFanOutOnTheRegionsProfile queries the regions profile (three
// Regions, each its own Glue catalog behind its own endpoint) through a
// datasource with lakeRegions and regionEndpoints: the panel returns the
// merged rows of the three, and each endpoint's call log holds only its
// own Region's queries on its own database.
func TestRegionsFanOutOnTheRegionsProfile(t *testing.T) {
	s := stack(t)
	ps := &ProfileStack{}
	ps.Endpoints, ps.Servers, ps.Profile = ServeProfile(t, "regions")
	ds := ps.DS("us-east-1", map[string]any{"lakeRegions": replica.ProfileRegions, "regionEndpoints": ps.Endpoints})
	counts := regionCounts(t, s, ds, true)
	// Save & test names each Region's database and the Region its data is from.
	res, err := s.Host.CheckHealth(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Connected to Security Lake in us-east-1", "Regions with data: us-east-1.",
		"eu-west-1 (5 tables in amazon_security_lake_glue_db_eu_west_1, data from eu-west-1)",
		"ap-southeast-2 (5 tables in amazon_security_lake_glue_db_ap_southeast_2, data from ap-southeast-2)"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("health %q lacks %q", res.Message, want)
		}
	}
	for _, r := range replica.ProfileRegions {
		db := "amazon_security_lake_glue_db_" + strings.ReplaceAll(r, "-", "_")
		calls := ps.Servers[r].CallsTo("StartQueryExecution")
		if len(calls) < 2 {
			t.Fatalf("%s's endpoint ran %d queries, want the count and the series", r, len(calls))
		}
		for _, c := range calls {
			if !strings.Contains(c.SQL, db) {
				t.Fatalf("%s's endpoint ran SQL outside %s: %s", r, db, c.SQL)
			}
			for _, other := range replica.ProfileRegions {
				if other != r && strings.Contains(c.SQL, strings.ReplaceAll(other, "-", "_")) {
					t.Fatalf("%s's endpoint ran SQL on %s's tables: %s", r, other, c.SQL)
				}
			}
		}
		t.Logf("%s: %d CloudTrail events, %d queries on its own endpoint", r, counts[r], len(calls))
	}
}

// TestRollupOnTheRollupProfile queries the rollup profile (us-east-1 holds
// the three Regions' rows) with rollupRegion: the same panel runs each
// query once, in the rollup Region, with a Region predicate.
func TestRollupOnTheRollupProfile(t *testing.T) {
	s := stack(t)
	ps := &ProfileStack{}
	ps.Endpoints, ps.Servers, ps.Profile = ServeProfile(t, "rollup")
	rollup := replica.ProfileRegions[0]
	ds := ps.DS(rollup, map[string]any{"lakeRegions": replica.ProfileRegions, "rollupRegion": rollup})
	counts := regionCounts(t, s, ds, false)
	calls := ps.Servers[rollup].CallsTo("StartQueryExecution")
	if len(calls) != 2 {
		t.Fatalf("the rollup endpoint ran %d queries, want one per query (2)", len(calls))
	}
	for _, c := range calls {
		if !strings.Contains(c.SQL, "amazon_security_lake_glue_db_us_east_1") || !strings.Contains(c.SQL, `"region" IN ('us-east-1', 'eu-west-1', 'ap-southeast-2')`) {
			t.Fatalf("rollup SQL without the rollup database or the Region predicate: %s", c.SQL)
		}
	}
	t.Logf("rollup: events by Region %v from %d queries on one endpoint", counts, len(calls))
}
