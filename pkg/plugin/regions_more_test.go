package plugin

import (
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// Multi-Region fan-out (regions.go) for variables, logs and optional
// sources; regions_test.go has the fixture and the query cases.

func TestRegionsVariableOptionsMergeDistinct(t *testing.T) {
	servers, ds := regionLake(t, nil)
	accounts := map[string][]any{"us-east-1": {"111111111111", "222222222222"}, "eu-west-1": {"222222222222"}, "ap-southeast-2": {"333333333333", "111111111111"}}
	for r, srv := range servers {
		srv.Handle(athenaemu.Contains(`"region" AS "value"`), athenaemu.Result{Columns: []athenaemu.Column{{Name: "value", Type: "varchar"}}, Rows: [][]*string{athenaemu.Row(r)}})
		var rows [][]*string
		for _, a := range accounts[r] {
			rows = append(rows, athenaemu.Row(a))
		}
		srv.Handle(athenaemu.Contains(`"accountid" AS "value"`), athenaemu.Result{Columns: []athenaemu.Column{{Name: "value", Type: "varchar"}}, Rows: rows})
	}
	// The dashboards' own variable queries.
	out := runQueries(t, ds,
		dataQuery("region", `{"mode":"sql","format":"table","rawSql":"SELECT DISTINCT \"region\" AS \"value\" FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter ORDER BY 1"}`),
		dataQuery("account", `{"mode":"sql","format":"table","rawSql":"SELECT DISTINCT \"accountid\" AS \"value\" FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter ORDER BY 1"}`))
	for refID, want := range map[string]string{"region": "ap-southeast-2 eu-west-1 us-east-1", "account": "111111111111 222222222222 333333333333"} {
		r := out[refID]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		if names := fieldNames(r.Frames[0]); len(names) != 1 {
			t.Fatalf("%s: fields %v: an option list gets no region column", refID, names)
		}
		if got := strings.Join(column(t, r.Frames[0], "value"), " "); got != want {
			t.Fatalf("%s options %s, want %s", refID, got, want)
		}
	}
	// The values route's regions kind lists the lake Regions.
	status, body := callResource(t, ds, "GET", "values?kind=regions&from=1760918400000&to=1761004800000", "")
	if status != 200 || strings.TrimSpace(body) != `[{"value":"us-east-1","text":"us-east-1"},{"value":"eu-west-1","text":"eu-west-1"},{"value":"ap-southeast-2","text":"ap-southeast-2"}]` {
		t.Fatalf("values regions: %d %s", status, body)
	}
}

func TestRegionsLogsKeepTheRegionField(t *testing.T) {
	_, ds := regionLake(t, nil)
	res := runQueries(t, ds, dataQuery("L", `{"source":"vpc_flow","format":"logs"}`))["L"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	f := res.Frames[0]
	if f.Meta == nil || f.Meta.Type != data.FrameTypeLogLines {
		t.Fatalf("frame type %+v, want log lines", f.Meta)
	}
	if got := strings.Join(column(t, f, "region"), " "); got != "ap-southeast-2 us-east-1 eu-west-1 us-east-1 eu-west-1" {
		t.Fatalf("log lines' regions %s", got)
	}
}

// partialRegionLakes is a multi-Region datasource over the fixture
// Regions whose lakes hold the v2 tables of minimalFive, except that
// eu-west-1 lacks waf; every query answers one row.
func partialRegionLakes(t *testing.T) (map[string]*athenaemu.CannedServer, *Datasource) {
	t.Helper()
	servers := map[string]*athenaemu.CannedServer{}
	for _, r := range plugintest.FixtureRegions {
		srv := athenaemu.NewServer()
		t.Cleanup(srv.Close)
		plugintest.AddPartialLakeCatalog(srv, r, "s3://fixture-results-"+r+"/grafana/", func(s lake.Source, v lake.Version) bool {
			return v == lake.V2 && slices.Contains(minimalFive, s.Name) && (r != "eu-west-1" || s.Name != "waf")
		})
		srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
		servers[r] = srv
	}
	return servers, newRegionDatasource(t, plugintest.RegionJSONData(servers, plugintest.FixtureRegions, nil))
}

// Optional sources on a multi-Region lake: each Region's lake has the
// five sources of minimalFive (so none has eks_audit), except that
// eu-west-1 lacks waf. A Region whose lake lacks the
// source runs nothing and is named in a notice; when no Region has it the
// answer is the usual empty frame with the not-enabled notice, never an
// "empty query" error from each Region.
func TestRegionsOptionalSources(t *testing.T) {
	servers, ds := partialRegionLakes(t)
	res := runQueries(t, ds, dataQuery("A", `{"mode":"sql","format":"table","rawSql":"SELECT count(*) AS n FROM $__optionalTable(eks_audit@2)"}`))["A"]
	if res.Error != nil || len(res.Frames) != 1 || res.Frames[0].Rows() != 0 || !strings.Contains(noticeTexts(res.Frames[0]), "is not enabled in this lake") {
		t.Fatalf("absent everywhere: error %v, %d frames", res.Error, len(res.Frames))
	}
	for r, srv := range servers {
		if n := srv.Count("StartQueryExecution"); n != 0 {
			t.Fatalf("%s ran %d queries on an absent source", r, n)
		}
	}
	res = runQueries(t, ds, dataQuery("B", `{"mode":"sql","format":"table","rawSql":"SELECT count(*) AS n FROM $__optionalTable(waf@2)"}`))["B"]
	if res.Error != nil || len(res.Frames) != 1 {
		t.Fatalf("absent in one Region: error %v", res.Error)
	}
	f := res.Frames[0]
	if got := strings.Join(column(t, f, "region"), " "); got != "us-east-1 ap-southeast-2" {
		t.Fatalf("regions %q, want the two Regions with waf", got)
	}
	if notes := noticeTexts(f); !strings.Contains(notes, "eu-west-1: AWS WAF logs is not enabled in this lake") {
		t.Fatalf("notices:\n%s", notes)
	}
	if n := servers["eu-west-1"].Count("StartQueryExecution"); n != 0 {
		t.Fatalf("eu-west-1 ran %d queries on a source its lake lacks", n)
	}
}
