package plugin

import (
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"

	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

func checkHealth(t *testing.T, ds *Datasource) *backend.CheckHealthResult {
	t.Helper()
	res, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Message, plugintest.FixtureSecretKey) || strings.Contains(string(res.JSONDetails), plugintest.FixtureSecretKey) {
		t.Fatal("secret in health result")
	}
	return res
}

func TestHealthOKProbesEveryTable(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("LIMIT 0"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	srv.Handle(athenaemu.Contains("$partitions"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "region", Type: "varchar"}}, Rows: [][]*string{athenaemu.Row("us-east-1")}})
	res := checkHealth(t, newTestDatasource(t, srv, nil))
	if res.Status != backend.HealthStatusOk {
		t.Fatalf("status %v: %s", res.Status, res.Message)
	}
	// 8 v2 + 6 v1 AWS tables + 1 custom source, and one read of the
	// preferred version's partition metadata for the Regions with data.
	if n := srv.Count("StartQueryExecution"); n != 16 {
		t.Fatalf("queries = %d, want 15 probes and the partition metadata", n)
	}
	for _, want := range []string{"us-east-1", "version 1 and 2", "15 tables readable", "ext_edr_process", "workgroup primary", "Regions with data: us-east-1."} {
		if !strings.Contains(res.Message, want) {
			t.Fatalf("message %q lacks %q", res.Message, want)
		}
	}
	var details struct {
		Tables []tableProbe `json:"tables"`
	}
	if err := json.Unmarshal(res.JSONDetails, &details); err != nil || len(details.Tables) != 15 {
		t.Fatalf("details: %v %s", err, res.JSONDetails)
	}
	for _, sql := range startedSQL(srv) {
		if !strings.Contains(sql, "BETWEEN") && !strings.HasSuffix(sql, `_2_0$partitions" ORDER BY 1`) {
			t.Fatalf("probe without partition predicate: %s", sql)
		}
	}
}

func TestHealthNamesTheMissingGrant(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("vpc_flow_2_0"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Category: 2,
		Reason: "Insufficient Lake Formation permission(s) on amazon_security_lake_table_us_east_1_vpc_flow_2_0"}})
	srv.Handle(athenaemu.Contains("route53_2_0"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Category: 2,
		Reason: "SYNTAX_ERROR: line 1:8: SELECT * not allowed from relation that has no columns"}})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	res := checkHealth(t, newTestDatasource(t, srv, nil))
	if res.Status != backend.HealthStatusError {
		t.Fatalf("status %v: %s", res.Status, res.Message)
	}
	for _, want := range []string{"2 of 15", "grant Lake Formation SELECT and DESCRIBE on table amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_vpc_flow_2_0",
		"amazon_security_lake_table_us_east_1_route53_2_0", "Insufficient Lake Formation permission(s)"} {
		if !strings.Contains(res.Message, want) {
			t.Fatalf("message %q lacks %q", res.Message, want)
		}
	}
}

func TestHealthStopsAtTheFirstMissingPiece(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]any
		setup func(*athenaemu.CannedServer)
		want  string
	}{
		{"invalid settings", map[string]any{"lakeVersion": "7"}, nil, "lake version must be auto, 1 or 2"},
		{"unknown workgroup", map[string]any{"workgroup": "nope"}, nil, `Cannot read Athena workgroup "nope"`},
		{"no output location", map[string]any{"workgroup": "bare"}, func(s *athenaemu.CannedServer) {
			s.AddWorkGroup(athenaemu.WorkGroup{Name: "bare"})
		}, "No query result location"},
		{"disabled workgroup", map[string]any{"workgroup": "off"}, func(s *athenaemu.CannedServer) {
			s.AddWorkGroup(athenaemu.WorkGroup{Name: "off", State: "DISABLED", OutputLocation: "s3://x/"})
		}, "is DISABLED"},
		{"lake database missing", map[string]any{"defaultRegion": "eu-west-3"}, nil, "amazon_security_lake_glue_db_eu_west_3"},
		{"auth type not allowed", map[string]any{"authType": "grafana_assume_role"}, nil, "non-allowed auth method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := plugintest.NewLakeServer(t)
			if tt.setup != nil {
				tt.setup(srv)
			}
			res := checkHealth(t, newTestDatasource(t, srv, tt.extra))
			if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, tt.want) {
				t.Fatalf("status %v, message %q, want containing %q", res.Status, res.Message, tt.want)
			}
			if srv.Count("StartQueryExecution") != 0 {
				t.Fatal("no probe may run before the earlier checks pass")
			}
		})
	}
}

func TestGrantFixNamesTheRightGrant(t *testing.T) {
	tbl := lake.Table{Database: "db", Name: "t"}
	tests := []struct{ msg, want string }{
		{"Insufficient Lake Formation permission(s) on t", "grant Lake Formation SELECT and DESCRIBE on table db.t"},
		{"SYNTAX_ERROR: line 1:8: SELECT * not allowed from relation that has no columns", "grant Lake Formation SELECT"},
		{"TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist", "grant Lake Formation DESCRIBE on db.t"},
		{"Access denied when writing output to url: s3://results/x.csv . Please ensure that you are allowed to run PutObject", "s3:PutObject"},
		{"AccessDeniedException: not authorized to perform: lakeformation:GetDataAccess", "lakeformation:GetDataAccess"},
		{"something else", "docs/permissions.md"},
	}
	for _, tt := range tests {
		if got := grantFix(tt.msg, tbl); !strings.Contains(got, tt.want) {
			t.Errorf("grantFix(%q) = %q, want containing %q", tt.msg, got, tt.want)
		}
	}
}
