package plugin

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// opsOf lists the operations of the server's call log, in arrival order.
func opsOf(srv *athenaemu.CannedServer) []string {
	var ops []string
	for _, c := range srv.Calls() {
		ops = append(ops, c.Operation)
	}
	return ops
}

// listedBeforeStart reports whether a catalog listing arrived before the
// first StartQueryExecution.
func listedBeforeStart(ops []string) bool {
	for _, op := range ops {
		switch op {
		case "StartQueryExecution":
			return false
		case "ListDatabases", "ListTableMetadata":
			return true
		}
	}
	return false
}

var queryCalls = []string{"StartQueryExecution", "GetQueryExecution", "GetQueryResults"}

// TestSmallQueryMakesThreeCalls: on a cold instance a query the naming
// template settles goes straight to Athena (Start, one status call,
// results) and discovery follows in the background, once; a warm instance
// makes the same three calls and no listing.
func TestSmallQueryMakesThreeCalls(t *testing.T) {
	for name, c := range map[string]struct {
		extra map[string]any
		query string
	}{
		"builder, version 2": {map[string]any{"lakeVersion": "2"}, smallQuery},
		"raw SQL, auto":      {nil, `{"rawSql":"SELECT 1 AS n"}`},
		"builder, pinned":    {map[string]any{"tables": map[string]string{"vpc_flow": "my_vpc_flow_link"}}, `{"source":"vpc_flow","format":"table","limit":1}`},
	} {
		t.Run(name, func(t *testing.T) {
			srv := plugintest.NewLakeServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
			// The cache off: the warm query must reach Athena.
			extra := map[string]any{"resultCacheSeconds": 0}
			maps.Copy(extra, c.extra)
			ds := newTestDatasource(t, srv, extra)
			if r := runQueries(t, ds, dataQuery("A", c.query))["A"]; r.Error != nil {
				t.Fatalf("cold query: %v", r.Error)
			}
			ops := opsOf(srv)
			if len(ops) < 3 || !isQueryCalls(ops[:3]) {
				t.Fatalf("cold calls = %v, want %v first (no listing in front)", ops, queryCalls)
			}
			if sqls := startedSQL(srv); strings.Contains(c.query, "vpc_flow") && !strings.Contains(sqls[0], `"my_vpc_flow_link"`) {
				t.Errorf("the pin was not applied: %s", sqls[0])
			}
			// The background refresh is the one discovery: joining it
			// must not start another.
			if _, err := ds.discovered(t.Context()); err != nil {
				t.Fatal(err)
			}
			if n := srv.Count("ListDatabases"); n != 1 {
				t.Errorf("ListDatabases calls = %d, want 1 (one background refresh)", n)
			}
			srv.ResetCalls()
			if r := runQueries(t, ds, dataQuery("A", c.query))["A"]; r.Error != nil {
				t.Fatalf("warm query: %v", r.Error)
			}
			if ops := opsOf(srv); !isQueryCalls(ops) {
				t.Errorf("warm calls = %v, want exactly %v", ops, queryCalls)
			}
		})
	}
}

// TestColdQueryWaitsForDiscoveryOnlyWhenNeeded: sources only discovery can
// settle (a custom source, a source without a version under "auto", a
// resource-link database without pins) still answer on a cold instance,
// after the discovery.
func TestColdQueryWaitsForDiscoveryOnlyWhenNeeded(t *testing.T) {
	custom := "amazon_security_lake_table_us_east_1_" + plugintest.CustomTable
	for name, c := range map[string]struct {
		extra     map[string]any
		query     string
		wantTable string
	}{
		"custom source":         {map[string]any{"lakeVersion": "2"}, `{"source":"` + plugintest.CustomTable + `","format":"table","limit":1}`, custom},
		"custom table, raw SQL": {map[string]any{"lakeVersion": "2"}, fmt.Sprintf(`{"rawSql":"SELECT 1 AS n FROM %s WHERE $__partitionFilter"}`, custom), custom},
		"auto version":          {nil, smallQuery, "cloud_trail_mgmt_"},
		"resource link":         {map[string]any{"lakeVersion": "2", "database": "rl_lake"}, smallQuery, "rl_cloud_trail_mgmt_2_0"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := plugintest.NewLakeServer(t)
			srv.AddDatabase("", "rl_lake", athenaemu.Table{Name: "rl_cloud_trail_mgmt_2_0", Parameters: map[string]string{"table_type": "ICEBERG"},
				Columns: []athenaemu.TableColumn{{Name: "time_dt", Type: "timestamp"}, {Name: "class_uid", Type: "int"}, {Name: "accountid", Type: "string"},
					{Name: "region", Type: "string"}, {Name: "metadata", Type: "struct<product:struct<name:string>>"}, {Name: "api", Type: "struct<operation:string>"}}})
			srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
			ds := newTestDatasource(t, srv, c.extra)
			r := runQueries(t, ds, dataQuery("A", c.query))["A"]
			if r.Error != nil {
				t.Fatalf("cold query: %v (calls %v)", r.Error, opsOf(srv))
			}
			if ops := opsOf(srv); !listedBeforeStart(ops) {
				t.Errorf("calls = %v, want the discovery before the start", ops)
			}
			if sqls := startedSQL(srv); len(sqls) != 1 || !strings.Contains(sqls[0], c.wantTable) {
				t.Errorf("started %q, want one query on %s", sqls, c.wantTable)
			}
			if n := srv.Count("ListDatabases"); n != 1 {
				t.Errorf("ListDatabases calls = %d, want 1", n)
			}
		})
	}
}

// TestDiscoveryFailureKeepsItsStatus: when a builder query must wait for
// discovery and the discovery is throttled, the answer is 429 from
// downstream, not a bad query.
func TestDiscoveryFailureKeepsItsStatus(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	if err := srv.Inject(athenaemu.Fault{Op: "ListDatabases", Action: athenaemu.ActThrottle}); err != nil {
		t.Fatal(err)
	}
	ds, _ := faultDatasource(t, srv, map[string]any{"lakeVersion": "2"})
	r := runQueries(t, ds, dataQuery("A", `{"source":"`+plugintest.CustomTable+`","format":"table","limit":1}`))["A"]
	if r.Error == nil || r.Status != backend.StatusTooManyRequests || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Fatalf("status %d source %q err %v, want 429 downstream", r.Status, r.ErrorSource, r.Error)
	}
	if n := srv.Count("StartQueryExecution"); n != 0 {
		t.Errorf("started %d queries, want none", n)
	}
}

// isQueryCalls reports whether ops are one query's three calls: the start,
// then the first status and the first results page, which go out together
// (Options.EarlyFirstPage) and so arrive in either order.
func isQueryCalls(ops []string) bool {
	if len(ops) != len(queryCalls) || ops[0] != queryCalls[0] {
		return false
	}
	rest := slices.Clone(ops[1:])
	want := slices.Clone(queryCalls[1:])
	slices.Sort(rest)
	slices.Sort(want)
	return slices.Equal(rest, want)
}
