package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func TestCannedAnswersLookLikeTheQuery(t *testing.T) {
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
	res := canned(`SELECT date_trunc('minute', "time_dt") AS "time", "api"."operation" AS "api.operation", count(*) AS "count"
FROM "AwsDataCatalog"."db"."t"
WHERE "time_dt" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000' AND TIMESTAMP '2026-10-20 12:00:00.000'
GROUP BY 1, 2`, now)
	var got []string
	for _, c := range res.Columns {
		got = append(got, c.Name+":"+c.Type)
	}
	if strings.Join(got, ",") != "time:timestamp,api.operation:varchar,count:bigint" {
		t.Fatalf("columns %v", got)
	}
	if len(res.Rows) != 36 || *res.Rows[0][0] != "2026-10-20 00:00:00.000" || *res.Rows[0][1] != "ConsoleLogin" {
		t.Fatalf("rows: %d, first %v %v", len(res.Rows), *res.Rows[0][0], *res.Rows[0][1])
	}
	if res.Stats.DataScannedBytes != fixtureScanned {
		t.Fatalf("scanned %d", res.Stats.DataScannedBytes)
	}

	if res := canned(`SELECT "time" FROM t WHERE x LIMIT 0`, now); len(res.Rows) != 0 {
		t.Fatal("health probes get no rows")
	}
	res = canned(`SELECT DISTINCT "severity_id" AS "value", "severity" AS "text" FROM t WHERE p ORDER BY 1 LIMIT 100`, now)
	if len(res.Columns) != 2 || len(res.Rows) != 3 || *res.Rows[2][1] != "Critical" {
		t.Fatalf("severities: %+v", res)
	}
	res = canned(`SELECT * FROM t WHERE "eventday" BETWEEN '20261020' AND '20261020' AND "time" BETWEEN 1792454400000 AND 1792497600000`, now)
	if res.Columns[0].Name != "time_dt" || *res.Rows[0][0] != "2026-10-20 00:00:00.000" {
		t.Fatalf("select *: %+v %v", res.Columns, *res.Rows[0][0])
	}
}

func TestSelectColumns(t *testing.T) {
	cols := selectColumns(`SELECT CAST(from_unixtime("time" / 300000 * 300, 'UTC') AS timestamp) AS "time", src_endpoint.ip, avg("traffic"."bytes") AS avg_bytes, CAST(x AS JSON) FROM t`)
	want := []column{{"time", "timestamp"}, {"ip", "varchar"}, {"avg_bytes", "double"}}
	if len(cols) != len(want) {
		t.Fatalf("got %v", cols)
	}
	for i := range want {
		if cols[i] != want[i] {
			t.Fatalf("column %d: got %v, want %v", i, cols[i], want[i])
		}
	}
}

func TestParseQueryRequest(t *testing.T) {
	now := time.UnixMilli(1792540800000).UTC()
	qs, err := parseQueryRequest([]byte(`{"queries":[{"refId":"A","intervalMs":60000,"maxDataPoints":500,"source":"vpc_flow"},{"refId":"B","queryType":"x"}],"from":"1792454400000","to":"1792540800000"}`), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].RefID != "A" || qs[0].Interval != time.Minute || qs[0].MaxDataPoints != 500 || !qs[0].From.Equal(time.UnixMilli(1792454400000)) || qs[1].QueryType != "x" {
		t.Fatalf("%+v", qs)
	}
	if !strings.Contains(string(qs[0].JSON.(json.RawMessage)), `"source":"vpc_flow"`) {
		t.Fatalf("the model must pass through: %s", qs[0].JSON)
	}
	qs, err = parseQueryRequest([]byte(`{"queries":[{"refId":"A"}]}`), now)
	if err != nil || !qs[0].To.Equal(now) || !qs[0].From.Equal(now.Add(-time.Hour)) {
		t.Fatalf("defaults: %+v %v", qs, err)
	}
	for _, bad := range []string{`{}`, `{"queries":[{}],"from":"now-1h"}`, `[`} {
		if _, err := parseQueryRequest([]byte(bad), now); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

// startPluginAndFixture builds and starts the real plugin binary the way
// the bridge command does, with the bridge's datasource and its in-memory
// Athena fixture (closed when the test ends).
func startPluginAndFixture(t *testing.T) (*grafanahost.Host, grafanahost.DS, *athenaemu.CannedServer) {
	t.Helper()
	root, err := grafanahost.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := grafanahost.MustBuildPlugin(t, root, "")
	host := grafanahost.StartTest(t, bin, grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv())
	ds, fixture, err := datasource(options{uid: "seclake", region: fixtureRegion})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fixture.Close)
	return host, ds, fixture
}

// TestBridgeServesThePluginsAnswers runs the real plugin binary behind the
// bridge's HTTP routes, as the browser test does.
func TestBridgeServesThePluginsAnswers(t *testing.T) {
	host, ds, fixture := startPluginAndFixture(t)
	static := t.TempDir()
	if err := os.WriteFile(filepath.Join(static, "index.html"), []byte("<html>page</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&bridge{host: host, ds: ds, fixture: fixture, static: static}).handler())
	t.Cleanup(srv.Close)

	call := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	if status, body := call("GET", "/api/datasources/uid/seclake/resources/fields?source=route53&version=1", ""); status != 200 || !strings.Contains(body, `"path":"query.hostname"`) {
		t.Fatalf("fields: %d %.200s", status, body)
	}
	if status, body := call("POST", "/api/datasources/uid/seclake/resources/sql", `{"query":{"source":"waf"},"from":1792454400000,"to":1792540800000}`); status != 200 || !strings.Contains(body, `\"time_dt\" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000'`) {
		t.Fatalf("sql: %d %s", status, body)
	}
	if status, body := call("GET", "/api/datasources/uid/seclake/resources/fields", ""); status != 400 || !strings.Contains(body, "source is required") {
		t.Fatalf("a plugin error keeps its status: %d %s", status, body)
	}
	if status, _ := call("GET", "/api/datasources/uid/other/resources/lake", ""); status != 404 {
		t.Fatalf("another uid: %d", status)
	}

	status, body := call("POST", "/api/ds/query", `{"queries":[{"refId":"A","intervalMs":60000,"maxDataPoints":500,"source":"cloud_trail_mgmt","format":"time_series","groupBy":["api.operation"]}],"from":"1792454400000","to":"1792540800000"}`)
	if status != 200 {
		t.Fatalf("query: %d %s", status, body)
	}
	var out struct {
		Results map[string]struct {
			Status int `json:"status"`
			Frames []struct {
				Schema struct {
					Meta struct {
						Custom map[string]any `json:"custom"`
					} `json:"meta"`
					Fields []struct {
						Name   string            `json:"name"`
						Labels map[string]string `json:"labels"`
					} `json:"fields"`
				} `json:"schema"`
			} `json:"frames"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	a := out.Results["A"]
	if a.Status != 200 || len(a.Frames) != 1 || a.Frames[0].Schema.Meta.Custom["dataScannedBytes"] != float64(fixtureScanned) || len(a.Frames[0].Schema.Fields) != 4 {
		t.Fatalf("frames: %s", body)
	}

	status, body = call("POST", "/api/ds/query", `{"queries":[{"refId":"B","source":"vpc_flow","fields":["nope"]}],"from":"1792454400000","to":"1792540800000"}`)
	if status != 400 || !strings.Contains(body, `unknown field \"nope\"`) || !strings.Contains(body, `"errorSource":"downstream"`) {
		t.Fatalf("bad query: %d %s", status, body)
	}

	if status, body := call("GET", "/api/datasources/uid/seclake/health", ""); status != 200 || !strings.Contains(body, `"status":"OK"`) || !strings.Contains(body, "15 tables readable") {
		t.Fatalf("health: %d %s", status, body)
	}
	if status, body := call("GET", "/", ""); status != 200 || body != "<html>page</html>" {
		t.Fatalf("static: %d %s", status, body)
	}
	if strings.Contains(host.Logs(), fixtureSecretKey) {
		t.Fatal("the secret key reached the plugin log")
	}
}

// The fixture honours LIMIT, and a raw read of VPC Flow Logs holds more rows
// than the default row limit, so a builder table's LIMIT <rowLimit+1> gets
// the extra row that marks the result as cut.
func TestCannedHonoursLimitAndTheBusySource(t *testing.T) {
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
	raw := `SELECT "time_dt", "src_endpoint"."ip" AS "src_endpoint.ip"
FROM "AwsDataCatalog"."db"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000' AND TIMESTAMP '2026-10-20 12:00:00.000'
ORDER BY "time_dt" DESC
LIMIT `
	if n := len(canned(raw+"10001", now).Rows); n != 10001 {
		t.Fatalf("LIMIT 10001: %d rows", n)
	}
	if n := len(canned(raw+"5", now).Rows); n != 5 {
		t.Fatalf("LIMIT 5: %d rows", n)
	}
	grouped := strings.Replace(raw, "ORDER BY", "GROUP BY 1, 2 ORDER BY", 1) + "10001"
	if n := len(canned(grouped, now).Rows); n != 36 {
		t.Fatalf("grouped: %d rows", n)
	}
}
