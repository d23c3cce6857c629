package plugin

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

var regionTestCols = []athenaemu.Column{{Name: "time", Type: "timestamp"}, {Name: "src_endpoint.ip", Type: "varchar"}}

// failing is the set of Regions whose vpc_flow queries FAIL in regionLake.
var failing sync.Map

// regionLake starts the three Regions' emulators, each answering a
// vpc_flow query with its own rows (or FAILED while the Region is in
// failing), and a datasource over them.
func regionLake(t *testing.T, extra map[string]any) (map[string]*athenaemu.CannedServer, *Datasource) {
	t.Helper()
	servers := plugintest.NewRegionServers(t, plugintest.FixtureRegions...)
	rows := map[string][][]*string{
		"us-east-1":      {athenaemu.Row("2026-10-20 03:00:00.000", "10.0.0.1"), athenaemu.Row("2026-10-20 01:00:00.000", "10.0.0.2")},
		"eu-west-1":      {athenaemu.Row("2026-10-20 02:00:00.000", "10.1.0.1"), athenaemu.Row("2026-10-20 01:00:00.000", "10.1.0.2")},
		"ap-southeast-2": {athenaemu.Row("2026-10-20 04:00:00.000", "10.2.0.1")},
	}
	scanned := map[string]int64{"us-east-1": 1_000_000, "eu-west-1": 2_000_000, "ap-southeast-2": 3_000_000}
	for r, srv := range servers {
		srv.HandleFunc(athenaemu.Contains("vpc_flow_2_0"), func(string) athenaemu.Result {
			if _, fail := failing.Load(r); fail {
				return athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Category: 1, Type: 401, Reason: "HIVE_CANNOT_OPEN_SPLIT: " + r + " storage unavailable"}}
			}
			return athenaemu.Result{Columns: regionTestCols, Rows: rows[r], Steps: athenaemu.Steps("RUNNING"), Stats: athenaemu.Stats{DataScannedBytes: scanned[r]}}
		})
	}
	return servers, newRegionDatasource(t, plugintest.RegionJSONData(servers, plugintest.FixtureRegions, extra))
}

func newRegionDatasource(t *testing.T, jsonData map[string]any) *Datasource {
	t.Helper()
	raw, err := json.Marshal(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := NewDatasource(t.Context(), backend.DataSourceInstanceSettings{UID: "regions", JSONData: raw, DecryptedSecureJSONData: plugintest.FixtureSecure()})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}

// started returns the StartQueryExecution inputs a server saw.
func started(srv *athenaemu.CannedServer) []*athenasdk.StartQueryExecutionInput {
	var out []*athenasdk.StartQueryExecutionInput
	for _, c := range srv.CallsTo("StartQueryExecution") {
		if in, ok := c.Input.(*athenasdk.StartQueryExecutionInput); ok {
			out = append(out, in)
		}
	}
	return out
}

// column returns a frame field's values as text.
func column(t *testing.T, f *data.Frame, name string) []string {
	t.Helper()
	idx := -1
	for i, fl := range f.Fields {
		if fl.Name == name {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("no field %q in %v", name, fieldNames(f))
	}
	out := make([]string, f.Fields[idx].Len())
	for i := range out {
		v, _ := f.Fields[idx].ConcreteAt(i)
		switch x := v.(type) {
		case time.Time:
			out[i] = x.UTC().Format("15:04")
		default:
			out[i] = strings.TrimSpace(strings.Trim(jsonText(v), `"`))
		}
	}
	return out
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

func fieldNames(f *data.Frame) []string {
	out := make([]string, len(f.Fields))
	for i, fl := range f.Fields {
		out[i] = fl.Name
	}
	return out
}

func noticeTexts(f *data.Frame) string {
	var b strings.Builder
	if f.Meta != nil {
		for _, n := range f.Meta.Notices {
			b.WriteString(n.Severity.String() + ": " + n.Text + "\n")
		}
	}
	return b.String()
}

func TestRegionsFanOutEachToItsOwnAthenaAndMerge(t *testing.T) {
	servers, ds := regionLake(t, map[string]any{"regionOutputLocations": map[string]string{"eu-west-1": "s3://results-eu/grafana/"}})
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","format":"table"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	// Each Region's query ran once, on its own endpoint, against its own
	// database and table, with its own result location.
	for _, r := range plugintest.FixtureRegions {
		in := started(servers[r])
		if len(in) != 1 {
			t.Fatalf("%s: %d StartQueryExecution calls, want 1", r, len(in))
		}
		db := lake.DatabaseName(r)
		table := "amazon_security_lake_table_" + strings.ReplaceAll(r, "-", "_") + "_vpc_flow_2_0"
		if in[0].QueryExecutionContext == nil || *in[0].QueryExecutionContext.Database != db || !strings.Contains(*in[0].QueryString, table) {
			t.Fatalf("%s: query context %+v sql %s; want database %s, table %s", r, in[0].QueryExecutionContext, *in[0].QueryString, db, table)
		}
		out := ""
		if in[0].ResultConfiguration != nil && in[0].ResultConfiguration.OutputLocation != nil {
			out = *in[0].ResultConfiguration.OutputLocation
		}
		if want := map[string]string{"eu-west-1": "s3://results-eu/grafana/"}[r]; out != want {
			t.Fatalf("%s: output location %q, want %q (a bucket of another Region is refused by Athena)", r, out, want)
		}
		if servers[r].Count("ListTableMetadata") == 0 {
			t.Fatalf("%s: the Region's own lake was not discovered on its endpoint", r)
		}
	}
	if len(res.Frames) != 1 {
		t.Fatalf("%d frames, want one merged frame", len(res.Frames))
	}
	f := res.Frames[0]
	// Newest first, ties in lakeRegions order.
	if got, want := strings.Join(column(t, f, "time"), " "), "04:00 03:00 02:00 01:00 01:00"; got != want {
		t.Fatalf("times %s, want %s", got, want)
	}
	if got, want := strings.Join(column(t, f, "region"), " "), "ap-southeast-2 us-east-1 eu-west-1 us-east-1 eu-west-1"; got != want {
		t.Fatalf("regions %s, want %s", got, want)
	}
	if got, want := strings.Join(column(t, f, "src_endpoint.ip"), " "), "10.2.0.1 10.0.0.1 10.1.0.1 10.0.0.2 10.1.0.2"; got != want {
		t.Fatalf("ips %s, want %s", got, want)
	}
	notes := noticeTexts(f)
	for _, want := range []string{"Merged from 3 Regions", "us-east-1 (1.0 MB scanned)", "eu-west-1 (2.0 MB scanned)", "ap-southeast-2 (3.0 MB scanned)", "6.0 MB scanned in all"} {
		if !strings.Contains(notes, want) {
			t.Fatalf("notices lack %q:\n%s", want, notes)
		}
	}
	custom := jsonText(f.Meta.Custom)
	if !strings.Contains(custom, `"dataScannedBytes":6000000`) {
		t.Fatalf("custom meta %s: want the sum of the Regions' data scanned", custom)
	}
	for _, r := range plugintest.FixtureRegions {
		if !strings.Contains(f.Meta.ExecutedQueryString, "-- Region "+r+"\n") {
			t.Fatalf("executed SQL lacks %s's statement:\n%s", r, f.Meta.ExecutedQueryString)
		}
	}
}

func TestRegionsTimeSeriesGetARegionLabel(t *testing.T) {
	servers := plugintest.NewRegionServers(t, plugintest.FixtureRegions...)
	for r, srv := range servers {
		n := map[string]int{"us-east-1": 1, "eu-west-1": 2, "ap-southeast-2": 3}[r]
		srv.Handle(athenaemu.Contains("vpc_flow_2_0"), athenaemu.Result{
			Columns: []athenaemu.Column{{Name: "time", Type: "timestamp"}, {Name: "count", Type: "bigint"}},
			Rows:    [][]*string{athenaemu.Row("2026-10-20 00:00:00.000", n), athenaemu.Row("2026-10-20 01:00:00.000", n*10)},
		})
	}
	ds := newRegionDatasource(t, plugintest.RegionJSONData(servers, plugintest.FixtureRegions, nil))
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","format":"time_series","aggregations":[{"func":"count"}],"timeBucket":"1h"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	f := res.Frames[0]
	if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesWide || len(f.Fields) != 4 {
		t.Fatalf("want a wide frame of time + one series per Region, got %v (%+v)", fieldNames(f), f.Meta)
	}
	got := map[string]string{}
	for _, fl := range f.Fields[1:] {
		got[fl.Labels["region"]] = jsonText([]any{fl.At(0), fl.At(1)})
	}
	want := map[string]string{"us-east-1": "[1,10]", "eu-west-1": "[2,20]", "ap-southeast-2": "[3,30]"}
	if jsonText(got) != jsonText(want) {
		t.Fatalf("series by region label = %v, want %v", got, want)
	}
}

func TestRegionsFailureGivesPartialResultWithNotice(t *testing.T) {
	_, ds := regionLake(t, nil)
	failing.Store("eu-west-1", true)
	t.Cleanup(func() { failing.Clear() })
	before := testutilCount(t, "eu-west-1", "error")
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","format":"table"}`))["A"]
	if res.Error != nil {
		t.Fatalf("a failing Region must not fail the query: %v", res.Error)
	}
	f := res.Frames[0]
	if got := strings.Join(column(t, f, "region"), " "); got != "ap-southeast-2 us-east-1 us-east-1" {
		t.Fatalf("regions %s: want the two answering Regions' rows only", got)
	}
	notes := noticeTexts(f)
	if !strings.Contains(notes, "warning: Partial result: the query failed in eu-west-1, so its rows are missing (the rows shown come from us-east-1, ap-southeast-2). eu-west-1: ") ||
		!strings.Contains(notes, "storage unavailable") || !strings.Contains(notes, "Merged from 2 Regions") {
		t.Fatalf("notices:\n%s", notes)
	}
	if got := testutilCount(t, "eu-west-1", "error") - before; got != 1 {
		t.Fatalf("region_queries_total{eu-west-1,error} grew by %v, want 1", got)
	}

	// Every Region failing is an error naming each.
	for _, r := range plugintest.FixtureRegions {
		failing.Store(r, true)
	}
	res = runQueries(t, ds, dataQuery("B", `{"source":"vpc_flow","format":"table","limit":7}`))["B"]
	if res.Error == nil || !strings.Contains(res.Error.Error(), "the query failed in every Region: us-east-1: ") ||
		!strings.Contains(res.Error.Error(), "; ap-southeast-2: ") || res.ErrorSource != backend.ErrorSourceDownstream {
		t.Fatalf("all Regions failed: %v (%s)", res.Error, res.ErrorSource)
	}
}

// An alert evaluation (Grafana's FromAlert header) never gets a partial
// result: one failed Region fails the query, so the rule goes to its
// execution error state rather than evaluating too few rows.
func TestRegionsFailureFailsAlertEvaluation(t *testing.T) {
	_, ds := regionLake(t, nil)
	q := dataQuery("A", `{"source":"vpc_flow","format":"table"}`)
	alert := func() backend.DataResponse {
		t.Helper()
		resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q},
			Headers: map[string]string{backend.FromAlertHeaderName: "true"}})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Responses["A"]
	}
	failing.Store("eu-west-1", true)
	t.Cleanup(func() { failing.Clear() })
	res := alert()
	if res.Error == nil || len(res.Frames) != 0 {
		t.Fatalf("a failed Region in an alert evaluation: error %v, %d frames; want an error and no rows", res.Error, len(res.Frames))
	}
	if msg := res.Error.Error(); !strings.Contains(msg, "alert evaluation failed: the query failed in eu-west-1 ") ||
		!strings.Contains(msg, "storage unavailable") || strings.Contains(msg, "us-east-1") || res.ErrorSource != backend.ErrorSourceDownstream {
		t.Fatalf("error %q (%s)", msg, res.ErrorSource)
	}
	// The same query from a dashboard still gets the partial result.
	partial := runQueries(t, ds, q)["A"]
	if partial.Error != nil || strings.Contains(strings.Join(column(t, partial.Frames[0], "region"), " "), "eu-west-1") {
		t.Fatalf("dashboard query: %v", partial.Error)
	}
	failing.Clear()
	// Control: with every Region up again the alert evaluation has every row,
	// more than the partial result.
	all := alert()
	if all.Error != nil || len(all.Frames) != 1 || !strings.Contains(strings.Join(column(t, all.Frames[0], "region"), " "), "eu-west-1") {
		t.Fatalf("all Regions up: %v, %d frames", all.Error, len(all.Frames))
	}
	if all.Frames[0].Rows() <= partial.Frames[0].Rows() {
		t.Fatalf("all Regions %d rows, partial %d", all.Frames[0].Rows(), partial.Frames[0].Rows())
	}
}

func TestRegionsSelectionRunsOnlySelectedRegions(t *testing.T) {
	servers, ds := regionLake(t, nil)
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","format":"table","regions":["eu-west-1","us-west-2"]}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	if n := len(started(servers["eu-west-1"])); n != 1 {
		t.Fatalf("eu-west-1 ran %d queries, want 1", n)
	}
	for _, r := range []string{"us-east-1", "ap-southeast-2"} {
		if n := len(started(servers[r])); n != 0 {
			t.Fatalf("%s is not selected but ran %d queries", r, n)
		}
	}
	sql := *started(servers["eu-west-1"])[0].QueryString
	if !strings.Contains(sql, `"region" IN ('eu-west-1', 'us-west-2')`) {
		t.Fatalf("the Region predicate stays in each Region's SQL: %s", sql)
	}
	f := res.Frames[0]
	if got := strings.Join(column(t, f, "region"), " "); got != "eu-west-1 eu-west-1" {
		t.Fatalf("regions %s", got)
	}
	if notes := noticeTexts(f); !strings.Contains(notes, "warning: Not queried: us-west-2 is not among this datasource's lake Regions (us-east-1, eu-west-1, ap-southeast-2).") {
		t.Fatalf("notices:\n%s", notes)
	}
	res = runQueries(t, ds, dataQuery("B", `{"source":"vpc_flow","format":"table","regions":["us-west-2"]}`))["B"]
	if res.Error == nil || res.Status != backend.StatusBadRequest || !strings.Contains(res.Error.Error(), "none of the selected Regions (us-west-2)") {
		t.Fatalf("no lake Region selected: %v %d", res.Error, res.Status)
	}
}

func TestRollupRegionRunsOneQueryWithRegionPredicate(t *testing.T) {
	servers, ds := regionLake(t, map[string]any{"rollupRegion": "eu-west-1"})
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","format":"table","regions":["us-east-1","ap-southeast-2"]}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	in := started(servers["eu-west-1"])
	if len(in) != 1 {
		t.Fatalf("the rollup Region ran %d queries, want 1", len(in))
	}
	sql := *in[0].QueryString
	if !strings.Contains(sql, "amazon_security_lake_table_eu_west_1_vpc_flow_2_0") || !strings.Contains(sql, `"region" IN ('us-east-1', 'ap-southeast-2')`) ||
		*in[0].QueryExecutionContext.Database != "amazon_security_lake_glue_db_eu_west_1" {
		t.Fatalf("rollup SQL %s in %s", sql, *in[0].QueryExecutionContext.Database)
	}
	for _, r := range []string{"us-east-1", "ap-southeast-2"} {
		if n := len(servers[r].Calls()); n != 0 {
			t.Fatalf("%s's endpoint got %d calls; a rollup reads one Region", r, n)
		}
	}
	// One query, one frame, no Region column added: the rollup rows carry
	// their own region column.
	if names := fieldNames(res.Frames[0]); strings.Join(names, ",") != "time,src_endpoint.ip" {
		t.Fatalf("fields %v", names)
	}
}

func TestRegionsCacheKeyedByRegion(t *testing.T) {
	servers, ds := regionLake(t, nil)
	for _, srv := range servers {
		srv.Handle(athenaemu.Contains("SELECT 1 AS n"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
	}
	if ds.shareKey(guardedSQL{sql: "SELECT 1", region: "eu-west-1"}) == ds.shareKey(guardedSQL{sql: "SELECT 1", region: "us-east-1"}) {
		t.Fatal("the same SQL in two Regions must not share a cache key")
	}
	if ds.shareKey(guardedSQL{sql: "SELECT 1"}) != ds.shareKey(guardedSQL{sql: "SELECT 1", region: "us-east-1"}) {
		t.Fatal(`"" is the home Region`)
	}
	// The same SQL text in every Region: three runs, then three cache hits.
	q := `{"mode":"sql","rawSql":"SELECT 1 AS n"}`
	for i, fromCache := range []bool{false, true} {
		res := runQueries(t, ds, dataQuery("A", q))["A"]
		if res.Error != nil {
			t.Fatal(res.Error)
		}
		if got := strings.Join(column(t, res.Frames[0], "region"), " "); got != "us-east-1 eu-west-1 ap-southeast-2" {
			t.Fatalf("run %d: regions %s: each Region answers from its own entry", i, got)
		}
		notes := noticeTexts(res.Frames[0])
		if fromCache && strings.Count(notes, "from the plugin's cache") != 3 {
			t.Fatalf("second run: want each Region from the cache:\n%s", notes)
		}
	}
	for r, srv := range servers {
		if n := len(started(srv)); n != 1 {
			t.Fatalf("%s ran %d queries over two identical requests, want 1", r, n)
		}
	}
}

// testutilCount reads region_queries_total for a Region and status.
func testutilCount(t *testing.T, region, status string) float64 {
	t.Helper()
	return testutil.ToFloat64(defaultMetrics.regionQueries.WithLabelValues(region, status))
}
