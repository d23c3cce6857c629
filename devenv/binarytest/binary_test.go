package binarytest_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// startBinary builds the real plugin binary and starts it the way Grafana
// does, with a clean environment (no AWS_* from the host).
func startBinary(t *testing.T) *grafanahost.Host {
	t.Helper()
	return startBinaryWith(t)
}

// startBinaryWith is startBinary with extra host options.
func startBinaryWith(t *testing.T, opts ...grafanahost.Option) *grafanahost.Host {
	t.Helper()
	root, err := grafanahost.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := grafanahost.MustBuildPlugin(t, root, "")
	return grafanahost.StartTest(t, bin, append([]grafanahost.Option{grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv()}, opts...)...)
}

func fixtureDS(srv *athenaemu.CannedServer, extra map[string]any) grafanahost.DS {
	return grafanahost.DS{UID: "lake", Name: "Security Lake", JSONData: plugintest.FixtureJSONData(srv, extra), DecryptedSecureJSONData: plugintest.FixtureSecure()}
}

func TestBinaryEndToEnd(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("LIMIT 0"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	srv.Handle(athenaemu.Contains(`count(*) AS "count"`), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "time", Type: "timestamp"}, {Name: "api.operation", Type: "varchar"}, {Name: "count", Type: "bigint"}},
		Rows: [][]*string{athenaemu.Row("2026-10-20 00:00:00.000", "ConsoleLogin", 4), athenaemu.Row("2026-10-20 00:00:00.000", "StopLogging", 1),
			athenaemu.Row("2026-10-20 01:00:00.000", "ConsoleLogin", 2)},
		Steps: athenaemu.Steps("QUEUED", "RUNNING"),
		Stats: athenaemu.Stats{DataScannedBytes: 42 << 20},
	})
	srv.Handle(athenaemu.Contains(`ORDER BY "time_dt" DESC`), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "time_dt", Type: "timestamp"}, {Name: "severity_id", Type: "integer"}, {Name: "src_endpoint.ip", Type: "varchar"}, {Name: "traffic.bytes", Type: "bigint"}, {Name: "unmapped", Type: "json"}},
		Rows:    [][]*string{athenaemu.Row("2026-10-20 10:00:00.000", 1, "10.0.0.7", 1500, `{"k":"v"}`), athenaemu.Row("2026-10-20 09:00:00.000", nil, nil, nil, nil)},
	})
	h := startBinary(t)
	ds := fixtureDS(srv, nil)
	ctx := t.Context()

	health, err := h.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != pluginv2.CheckHealthResponse_OK || !strings.Contains(health.Message, "15 tables readable") {
		t.Fatalf("health: %v %s", health.Status, health.Message)
	}

	from, to := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	out, err := h.QueryData(grafanahost.ContextFromAlert(ctx), ds,
		grafanahost.Query{RefID: "TS", From: from, To: to, JSON: map[string]any{"source": "cloud_trail_mgmt", "format": "time_series", "groupBy": []string{"api.operation"}, "timeBucket": "1h"}},
		grafanahost.Query{RefID: "TB", From: from, To: to, JSON: map[string]any{"source": "vpc_flow", "format": "table", "fields": []string{"severity_id", "src_endpoint.ip", "traffic.bytes", "unmapped"}}},
		grafanahost.Query{RefID: "LG", From: from, To: to, JSON: map[string]any{"source": "vpc_flow", "format": "logs", "fields": []string{"src_endpoint.ip", "traffic.bytes"}}},
		grafanahost.Query{RefID: "BAD", From: from, To: to, JSON: map[string]any{"source": "vpc_flow", "filters": []map[string]any{{"field": "x.y", "op": "=", "value": 1}}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	ts := out["TS"]
	if ts.Error != "" || len(ts.Frames) != 1 {
		t.Fatalf("TS: %+v", ts)
	}
	f := ts.Frames[0]
	if f.Meta.Type != data.FrameTypeTimeSeriesWide || len(f.Fields) != 3 || f.Rows() != 2 {
		t.Fatalf("TS frame: type %s, %d fields, %d rows", f.Meta.Type, len(f.Fields), f.Rows())
	}
	if v, _ := f.Fields[1].ConcreteAt(0); v != int64(4) {
		t.Fatalf("ConsoleLogin at 00:00 = %v", v)
	}
	if !strings.Contains(f.Meta.ExecutedQueryString, `"time_dt" BETWEEN TIMESTAMP`) {
		t.Fatalf("executed SQL: %s", f.Meta.ExecutedQueryString)
	}
	custom, _ := json.Marshal(f.Meta.Custom)
	if !strings.Contains(string(custom), `"dataScannedBytes":44040192`) || !strings.Contains(string(custom), `"estimatedCostUsd"`) {
		t.Fatalf("custom meta: %s", custom)
	}

	tb := out["TB"].Frames[0]
	if tb.Rows() != 2 || tb.Fields[0].Type() != data.FieldTypeNullableTime || tb.Fields[3].Type() != data.FieldTypeNullableInt64 || tb.Fields[4].Type() != data.FieldTypeJSON {
		t.Fatalf("table types: %v", tb.Fields)
	}
	if p, ok := tb.Fields[2].At(1).(*string); !ok || p != nil {
		t.Fatal("NULL must stay NULL")
	}
	if c := tb.Fields[2].Config; c == nil || len(c.Links) != 1 || !strings.Contains(c.Links[0].URL, "/d/seclake-investigation?var-entity=") {
		t.Fatalf("src_endpoint.ip must link to the investigation dashboard: %+v", c)
	}

	lg := out["LG"].Frames[0]
	if lg.Meta.Type != data.FrameTypeLogLines {
		t.Fatalf("logs type: %s", lg.Meta.Type)
	}

	bad := out["BAD"]
	if bad.Status != 400 || bad.ErrorSource != "downstream" || !strings.Contains(bad.Error, `unknown field "x.y"`) {
		t.Fatalf("BAD: %+v", bad)
	}

	status, _, body, err := h.CallResource(ctx, ds, "GET", "fields?source=route53&version=1", nil)
	if err != nil || status != 200 || !strings.Contains(string(body), `"path":"query.hostname"`) {
		t.Fatalf("fields route: %d %v %.200s", status, err, body)
	}

	if strings.Contains(h.Logs(), plugintest.FixtureSecretKey) {
		t.Fatal("the secret key reached the plugin log")
	}
}

func TestBinaryHealthFailsClearly(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("cloud_trail_mgmt_2_0"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Category: 2,
		Reason: "Insufficient Lake Formation permission(s) on amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"}})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "time", Type: "bigint"}}})
	h := startBinary(t)
	res, err := h.CheckHealth(t.Context(), fixtureDS(srv, nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(res.Message, "grant Lake Formation SELECT and DESCRIBE on table amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0") {
		t.Fatalf("health: %v %s", res.Status, res.Message)
	}
	res, err = h.CheckHealth(t.Context(), grafanahost.DS{UID: "broken", JSONData: map[string]any{"authType": "keys", "outputLocation": "bucket"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(res.Message, "Default Region") {
		t.Fatalf("settings health: %v %s", res.Status, res.Message)
	}
}

func TestBinaryCancelStopsTheAthenaQuery(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Final: "RUNNING"})
	h := startBinary(t)
	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	_, _ = h.QueryData(ctx, fixtureDS(srv, nil), grafanahost.Query{RefID: "A", JSON: map[string]any{"rawSql": "SELECT 1"}})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, q := range srv.Queries() {
			if srv.StopCalled(q.ID) {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("StopQueryExecution was not called after the request was cancelled; queries: %+v", srv.Queries())
}
