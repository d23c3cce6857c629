package binarytest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// TestBinaryRegionsFanOut drives the plugin binary over the plugin
// protocol on a lake of three Regions without a rollup, one Athena
// emulator per Region: Save & test reaches every Region, a panel's query
// runs in each Region's Athena against its own database and comes back as
// one frame, and a Region that fails leaves the others' rows.
func TestBinaryRegionsFanOut(t *testing.T) {
	regions := plugintest.FixtureRegions
	servers := plugintest.NewRegionServers(t, regions...)
	for i, r := range regions {
		srv := servers[r]
		srv.Handle(athenaemu.Contains("LIMIT 0"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
		srv.Handle(athenaemu.Contains(`count(*) AS "count"`), athenaemu.Result{
			Columns: []athenaemu.Column{{Name: "time", Type: "timestamp"}, {Name: "count", Type: "bigint"}},
			Rows:    [][]*string{athenaemu.Row("2026-10-20 00:00:00.000", i+1), athenaemu.Row("2026-10-20 01:00:00.000", 10*(i+1))},
			Stats:   athenaemu.Stats{DataScannedBytes: int64(i+1) << 20},
		})
		srv.Handle(athenaemu.Contains("route53_2_0"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Category: 2, Type: 1100, Reason: "TABLE_NOT_FOUND: " + r}})
		srv.Handle(athenaemu.Contains(`ORDER BY "time_dt" DESC`), athenaemu.Result{
			Columns: []athenaemu.Column{{Name: "time_dt", Type: "timestamp"}, {Name: "src_endpoint.ip", Type: "varchar"}},
			Rows:    [][]*string{athenaemu.Row(fmt.Sprintf("2026-10-20 %02d:00:00.000", 3+i), fmt.Sprintf("10.0.0.%d", 1+i))},
		})
	}
	if err := servers["eu-west-1"].Inject(athenaemu.Fault{Op: "StartQueryExecution", Action: "access-denied", Match: "cloud_trail_mgmt"}); err != nil {
		t.Fatal(err)
	}
	h := startBinary(t)
	ds := grafanahost.DS{UID: "regions", Name: "Security Lake (3 Regions)", JSONData: plugintest.RegionJSONData(servers, regions, nil), DecryptedSecureJSONData: plugintest.FixtureSecure()}
	ctx := t.Context()

	health, err := h.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != pluginv2.CheckHealthResponse_OK || !strings.Contains(health.Message, "eu-west-1 (15 tables in amazon_security_lake_glue_db_eu_west_1), ap-southeast-2 (15 tables") {
		t.Fatalf("health: %v %s", health.Status, health.Message)
	}

	from, to := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	out, err := h.QueryData(ctx, ds,
		grafanahost.Query{RefID: "TS", From: from, To: to, JSON: map[string]any{"source": "vpc_flow", "format": "time_series", "timeBucket": "1h"}},
		grafanahost.Query{RefID: "TB", From: from, To: to, JSON: map[string]any{"source": "vpc_flow", "format": "table", "fields": []string{"src_endpoint.ip"}}},
		grafanahost.Query{RefID: "PART", From: from, To: to, JSON: map[string]any{"source": "cloud_trail_mgmt", "format": "time_series", "timeBucket": "1h"}},
		grafanahost.Query{RefID: "ALL", From: from, To: to, JSON: map[string]any{"source": "route53", "format": "table"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	// Each Region's queries went to its own endpoint, in its own database.
	for _, r := range regions {
		var n int
		for _, c := range servers[r].CallsTo("StartQueryExecution") {
			in, ok := c.Input.(*athenasdk.StartQueryExecutionInput)
			if !ok || in.QueryExecutionContext == nil || *in.QueryExecutionContext.Database != lake.DatabaseName(r) {
				t.Fatalf("%s: a query outside the Region's database: %+v", r, c.Input)
			}
			// Save & test's probes (LIMIT 0) and its read of the region partition.
			if !strings.Contains(*in.QueryString, "LIMIT 0") && !strings.Contains(*in.QueryString, "$partitions") {
				n++
				if !strings.Contains(*in.QueryString, "amazon_security_lake_table_"+strings.ReplaceAll(r, "-", "_")+"_") {
					t.Fatalf("%s: SQL reads another Region's table: %s", r, *in.QueryString)
				}
			}
		}
		if n != 4 {
			t.Fatalf("%s: %d panel queries, want 4 (one per query)", r, n)
		}
	}

	ts := out["TS"]
	if ts.Error != "" || len(ts.Frames) != 1 {
		t.Fatalf("TS: %+v", ts)
	}
	f := ts.Frames[0]
	if f.Meta.Type != data.FrameTypeTimeSeriesWide || len(f.Fields) != 4 || f.Rows() != 2 {
		t.Fatalf("TS frame: type %s, %d fields, %d rows", f.Meta.Type, len(f.Fields), f.Rows())
	}
	series := map[string]string{}
	for _, fl := range f.Fields[1:] {
		b, _ := json.Marshal([]any{fl.At(0), fl.At(1)})
		series[fl.Labels["region"]] = string(b)
	}
	if b, _ := json.Marshal(series); string(b) != `{"ap-southeast-2":"[3,30]","eu-west-1":"[2,20]","us-east-1":"[1,10]"}` {
		t.Fatalf("series by region: %s", b)
	}
	custom, _ := json.Marshal(f.Meta.Custom)
	if !strings.Contains(string(custom), `"dataScannedBytes":6291456`) {
		t.Fatalf("custom meta: %s (want the sum of 1, 2 and 3 MiB)", custom)
	}

	tb := out["TB"].Frames[0]
	if tb.Rows() != 3 || tb.Fields[2].Name != "region" {
		t.Fatalf("table: %d rows, fields %v", tb.Rows(), tb.Fields)
	}
	var got []string
	for i := 0; i < tb.Rows(); i++ {
		ip, _ := tb.Fields[1].ConcreteAt(i)
		reg, _ := tb.Fields[2].ConcreteAt(i)
		got = append(got, reg.(string)+"="+ip.(string))
	}
	if strings.Join(got, " ") != "ap-southeast-2=10.0.0.3 eu-west-1=10.0.0.2 us-east-1=10.0.0.1" {
		t.Fatalf("table rows newest first: %v", got)
	}

	part := out["PART"]
	if part.Error != "" || len(part.Frames) != 1 || len(part.Frames[0].Fields) != 3 {
		t.Fatalf("PART: %+v", part)
	}
	var partial bool
	for _, n := range part.Frames[0].Meta.Notices {
		partial = partial || (n.Severity == data.NoticeSeverityWarning && strings.HasPrefix(n.Text, "Partial result: the query failed in eu-west-1"))
	}
	if !partial {
		t.Fatalf("PART notices: %+v", part.Frames[0].Meta.Notices)
	}

	all := out["ALL"]
	if all.Status != 400 || all.ErrorSource != "downstream" || !strings.Contains(all.Error, "the query failed in every Region: us-east-1: ") {
		t.Fatalf("ALL: %+v", all)
	}
}
