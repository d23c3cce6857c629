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
	ds := newRegionDatasource(t, plugintest.RegionJSONData(servers, plugintest.FixtureRegions, nil))
	res := checkHealth(t, ds)
	if res.Status != backend.HealthStatusOk {
		t.Fatalf("status %v: %s", res.Status, res.Message)
	}
	for _, want := range []string{"Connected to Security Lake in us-east-1", "Other lake Regions, each through its own Athena: eu-west-1 (15 tables in amazon_security_lake_glue_db_eu_west_1), ap-southeast-2 (15 tables in amazon_security_lake_glue_db_ap_southeast_2)."} {
		if !strings.Contains(res.Message, want) {
			t.Fatalf("message %q lacks %q", res.Message, want)
		}
	}
	// The home Region probes its tables; the others are checked by their
	// workgroup and discovery on their own endpoints, without queries.
	for _, r := range []string{"eu-west-1", "ap-southeast-2"} {
		if servers[r].Count("GetWorkGroup") != 1 || servers[r].Count("ListTableMetadata") == 0 || servers[r].Count("StartQueryExecution") != 0 {
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
