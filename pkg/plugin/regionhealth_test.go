package plugin

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

func TestHealthChecksEveryLakeRegionOnItsEndpoint(t *testing.T) {
	servers := plugintest.NewRegionServers(t, plugintest.FixtureRegions...)
	servers["us-east-1"].Handle(athenaemu.Contains("LIMIT 0"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	for r, srv := range servers {
		// Each Region's partition metadata holds its own Region only.
		srv.Handle(athenaemu.Contains("$partitions"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "region", Type: "varchar"}}, Rows: [][]*string{athenaemu.Row(r)}})
	}
	ds := newRegionDatasource(t, plugintest.RegionJSONData(servers, plugintest.FixtureRegions, nil))
	res := checkHealth(t, ds)
	if res.Status != backend.HealthStatusOk {
		t.Fatalf("status %v: %s", res.Status, res.Message)
	}
	for _, want := range []string{"Connected to Security Lake in us-east-1", "Regions with data: us-east-1.",
		"Other lake Regions, each through its own Athena: eu-west-1 (15 tables in amazon_security_lake_glue_db_eu_west_1, data from eu-west-1), ap-southeast-2 (15 tables in amazon_security_lake_glue_db_ap_southeast_2, data from ap-southeast-2)."} {
		if !strings.Contains(res.Message, want) {
			t.Fatalf("message %q lacks %q", res.Message, want)
		}
	}
	// The home Region probes its tables; the others are checked by their
	// workgroup and discovery on their own endpoints, and one partition
	// metadata read, without probing tables.
	for _, r := range []string{"eu-west-1", "ap-southeast-2"} {
		if servers[r].Count("GetWorkGroup") != 1 || servers[r].Count("ListTableMetadata") == 0 || servers[r].Count("StartQueryExecution") != 1 ||
			!strings.Contains(startedSQL(servers[r])[0], "$partitions") {
			t.Fatalf("%s: GetWorkGroup %d, ListTableMetadata %d, StartQueryExecution %d", r,
				servers[r].Count("GetWorkGroup"), servers[r].Count("ListTableMetadata"), servers[r].Count("StartQueryExecution"))
		}
	}

	// A Region whose endpoint refuses the credentials fails the check, named.
	ds = newRegionDatasource(t, plugintest.RegionJSONData(servers, plugintest.FixtureRegions, nil))
	if err := servers["ap-southeast-2"].Inject(athenaemu.Fault{Op: "GetWorkGroup", Action: "access-denied"}); err != nil {
		t.Fatal(err)
	}
	res = checkHealth(t, ds)
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "1 of the 2 other lake Regions cannot be queried") ||
		!strings.Contains(res.Message, "ap-southeast-2: cannot read Athena workgroup \"primary\"") {
		t.Fatalf("status %v: %s", res.Status, res.Message)
	}
}

// With a rollup Region the health message names it, the contributing
// Regions read from the region partition, and the lake Regions whose data
// has not reached the rollup Region.
func TestHealthNamesRollupAndContributingRegions(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("LIMIT 0"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	srv.Handle(athenaemu.Contains(`"partition"."region"`), athenaemu.Result{Columns: []athenaemu.Column{{Name: "region", Type: "varchar"}},
		Rows: [][]*string{athenaemu.Row("eu-west-1"), athenaemu.Row("us-east-1")}})
	ds := newTestDatasource(t, srv, map[string]any{"lakeRegions": plugintest.FixtureRegions, "rollupRegion": "us-east-1"})
	res := checkHealth(t, ds)
	want := "Rollup Region us-east-1, contributing Regions: eu-west-1, us-east-1. No data in the rollup Region from: ap-southeast-2"
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, want) {
		t.Fatalf("status %v: %s\nwant %q", res.Status, res.Message, want)
	}
	// A failed read does not fail the check: the tables are readable.
	srv = plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("LIMIT 0"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	srv.Handle(athenaemu.Contains("$partitions"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Category: 2, Type: 1, Reason: "ACCESS_DENIED: metadata"}})
	ds = newTestDatasource(t, srv, map[string]any{"lakeRegions": plugintest.FixtureRegions, "rollupRegion": "us-east-1"})
	if res := checkHealth(t, ds); res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "Regions with data: unknown (") {
		t.Fatalf("status %v: %s", res.Status, res.Message)
	}
}
