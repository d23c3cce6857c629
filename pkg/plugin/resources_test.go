package plugin

import (
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"

	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func callResource(t *testing.T, ds *Datasource, method, path string, body string) (int, string) {
	t.Helper()
	var got *backend.CallResourceResponse
	sender := backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { got = r; return nil })
	req := &backend.CallResourceRequest{Method: method, Path: strings.SplitN(path, "?", 2)[0], URL: path, Body: []byte(body)}
	if err := ds.CallResource(context.Background(), req, sender); err != nil {
		t.Fatal(err)
	}
	if got == nil {
		t.Fatal("no response")
	}
	return got.Status, string(got.Body)
}

func TestResourceFieldsAndClasses(t *testing.T) {
	ds := newTestDatasource(t, plugintest.NewLakeServer(t), nil)
	status, body := callResource(t, ds, "GET", "fields?source=cloud_trail_mgmt&version=2&classUid=6003", "")
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var fields []fieldInfo
	if err := json.Unmarshal([]byte(body), &fields); err != nil {
		t.Fatal(err)
	}
	byPath := map[string]fieldInfo{}
	for _, f := range fields {
		byPath[f.Path] = f
	}
	if f := byPath["api.operation"]; f.ValueType != "string" || f.Group != "api" || f.Kind != "scalar" {
		t.Fatalf("api.operation = %+v", f)
	}
	if f := byPath["resources[].uid"]; f.Kind != "element" {
		t.Fatalf("resources[].uid = %+v", f)
	}
	if f := byPath["activity_id"]; f.Enum == nil || f.Enum.CaptionOf(1) != "Create" {
		t.Fatalf("activity_id enum = %+v", f.Enum)
	}
	status, body = callResource(t, ds, "GET", "classes?source=sh_findings&version=1", "")
	if status != 200 || !strings.Contains(body, `"uid":2001`) {
		t.Fatalf("%d %s", status, body)
	}
	// Custom sources get their fields from the listed columns.
	status, body = callResource(t, ds, "GET", "fields?source=ext_edr_process", "")
	if status != 200 || !strings.Contains(body, `"path":"process.cmd_line"`) {
		t.Fatalf("%d %s", status, body)
	}
}

func TestResourceSQLPreviewAndErrors(t *testing.T) {
	ds := newTestDatasource(t, plugintest.NewLakeServer(t), nil)
	status, body := callResource(t, ds, "POST", "sql", `{"query":{"source":"waf","format":"table","filters":[{"field":"action","op":"=","value":"BLOCK"}]},"from":1792454400000,"to":1792540800000}`)
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var out struct{ SQL string }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.SQL, `"time_dt" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000'`) || !strings.Contains(out.SQL, `'BLOCK'`) {
		t.Fatalf("preview = %s", out.SQL)
	}
	status, body = callResource(t, ds, "POST", "sql", `{"query":{"source":"waf","fields":["nope"]}}`)
	if status != 400 || !strings.Contains(body, `unknown field \"nope\"`) {
		t.Fatalf("%d %s", status, body)
	}
	status, body = callResource(t, ds, "GET", "fields?source=waf&version=1", "")
	if status != 400 || !strings.Contains(body, "waf") {
		t.Fatalf("waf has no v1 table: %d %s", status, body)
	}
	status, _ = callResource(t, ds, "GET", "values?kind=passwords", "")
	if status != 400 {
		t.Fatalf("unknown kind: %d", status)
	}
}

func TestResourceValuesAreBoundedAndPartitioned(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains(`SELECT DISTINCT "severity_id"`), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "value", Type: "integer"}, {Name: "text", Type: "varchar"}},
		Rows:    [][]*string{athenaemu.Row(4, "High"), athenaemu.Row(5, "Critical")},
	})
	ds := newTestDatasource(t, srv, nil)
	status, body := callResource(t, ds, "GET", "values?kind=severities&source=sh_findings&limit=5&from=1792454400000&to=1792540800000", "")
	if status != 200 || body != `[{"value":"4","text":"High"},{"value":"5","text":"Critical"}]`+"\n" {
		t.Fatalf("%d %q", status, body)
	}
	sql := startedSQL(srv)
	if len(sql) != 1 || !strings.HasSuffix(sql[0], "LIMIT 5") || !strings.Contains(sql[0], `"time_dt" BETWEEN`) {
		t.Fatalf("sql = %v", sql)
	}
	if status, _ := callResource(t, ds, "GET", "values?kind=accounts&limit=100000", ""); status != 400 {
		t.Fatalf("limit must be bounded, got %d", status)
	}
}

func TestResourceLakeAndSources(t *testing.T) {
	ds := newTestDatasource(t, plugintest.NewLakeServer(t), nil)
	status, body := callResource(t, ds, "GET", "lake", "")
	if status != 200 || !strings.Contains(body, `"preferred":2`) || !strings.Contains(body, `"versions":[1,2]`) {
		t.Fatalf("%d %s", status, body)
	}
	status, body = callResource(t, ds, "GET", "sources", "")
	if status != 200 || !strings.Contains(body, `"name":"ext_edr_process"`) || !strings.Contains(body, `"name":"eks_audit"`) {
		t.Fatalf("%d %s", status, body)
	}
	status, body = callResource(t, ds, "GET", "macros", "")
	if status != 200 || !strings.Contains(body, "$__partitionFilter") {
		t.Fatalf("%d %s", status, body)
	}
}
