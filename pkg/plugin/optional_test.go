package plugin

import (
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// minimalFive are the v2 sources of the common deployment's lake.
var minimalFive = []string{"cloud_trail_mgmt", "lambda_execution", "route53", "vpc_flow", "waf"}

// newMinimalLake is an emulator whose Glue catalog lists only the five v2
// sources of minimalFive, every query answering one row.
func newMinimalLake(t *testing.T) *athenaemu.CannedServer {
	t.Helper()
	srv := athenaemu.NewServer()
	t.Cleanup(srv.Close)
	plugintest.AddPartialLakeCatalog(srv, plugintest.FixtureRegion, "s3://fixture-results/grafana/", func(s lake.Source, v lake.Version) bool {
		return v == lake.V2 && slices.Contains(minimalFive, s.Name)
	})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
	return srv
}

// TestOptionalSourcesOnAPartialLake: on a cold instance (no discovery
// yet) over a five-source lake, the optional forms skip the absent sources
// with a notice and never run a query on them; the plain form still fails
// with the not-found error.
func TestOptionalSourcesOnAPartialLake(t *testing.T) {
	srv := newMinimalLake(t)
	ds := newTestDatasource(t, srv, nil)
	res := runQueries(t, ds,
		dataQuery("sql", `{"rawSql":"SELECT count(*) AS n FROM $__optionalTable(sh_findings@2) WHERE $__partitionFilter"}`),
		dataQuery("builder", `{"source":"eks_audit","optional":true,"aggregations":[{"func":"count"}]}`),
		dataQuery("union", `{"rawSql":"$__union(vpc_flow, sh_findings@2, (SELECT $__source AS s, count(*) AS n FROM $__table WHERE $__partitionFilter))"}`),
		dataQuery("present", `{"source":"waf","optional":true,"aggregations":[{"func":"count"}]}`),
	)
	for ref, want := range map[string]string{
		"sql":     "Security Hub findings is not enabled in this lake",
		"builder": "EKS audit logs is not enabled in this lake",
		"union":   "Left out, not enabled in this lake: Security Hub findings (sh_findings@2)",
	} {
		r := res[ref]
		if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Meta == nil {
			t.Fatalf("%s: error %v, frames %d", ref, r.Error, len(r.Frames))
		}
		var texts []string
		for _, n := range r.Frames[0].Meta.Notices {
			texts = append(texts, n.Text)
		}
		if !strings.Contains(strings.Join(texts, "|"), want) {
			t.Errorf("%s: notices %q, want %q", ref, texts, want)
		}
	}
	if n, _ := res["sql"].Frames[0].RowLen(); n != 0 || len(res["sql"].Frames[0].Fields) != 0 {
		t.Errorf("a skipped query answers an empty frame, got %d rows", n)
	}
	// The optional forms waited for discovery: the instance is warm now,
	// and the plain form gets the inventory's not-found error (a cold
	// instance leaves it to Athena's TABLE_NOT_FOUND, as before).
	if p := runQueries(t, ds, dataQuery("plain", `{"rawSql":"SELECT count(*) FROM $__table(sh_findings@2) WHERE $__partitionFilter"}`))["plain"]; p.Error == nil || p.Status != backend.StatusBadRequest || !strings.Contains(p.Error.Error(), "Security Hub findings") {
		t.Errorf("plain $__table of an absent source: status %d, error %v; want the not-found error", p.Status, p.Error)
	}
	if r := res["present"]; r.Error != nil {
		t.Errorf("optional builder query on a present source: %v", r.Error)
	}
	sqls := startedSQL(srv)
	if len(sqls) != 2 {
		t.Fatalf("want 2 queries run (union, present), got %d: %q", len(sqls), sqls)
	}
	for _, s := range sqls {
		if strings.Contains(s, "sh_findings") || strings.Contains(s, "eks_audit") {
			t.Errorf("a query ran on an absent source: %s", s)
		}
	}
	if !strings.Contains(strings.Join(sqls, "\n"), "vpc_flow_2_0") {
		t.Errorf("the union's vpc_flow branch did not run: %q", sqls)
	}
}
