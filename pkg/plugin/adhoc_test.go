package plugin

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// TestAdhocFiltersInThePreview: the SQL preview (the plan every query goes
// through) ANDs the ad hoc filters a builder query's source has, with a
// notice for the others, and writes them where raw SQL asks for them.
func TestAdhocFiltersInThePreview(t *testing.T) {
	ds := newTestDatasource(t, plugintest.NewLakeServer(t), nil)
	preview := func(query string) (string, string) {
		t.Helper()
		status, body := callResource(t, ds, "POST", "sql", `{"query":`+query+`,"from":1792454400000,"to":1792540800000}`)
		if status != 200 {
			t.Fatalf("%d %s", status, body)
		}
		var out struct {
			SQL     string
			Notices []struct{ Text string }
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, n := range out.Notices {
			texts = append(texts, n.Text)
		}
		return out.SQL, strings.Join(texts, "\n")
	}
	adhoc := `"adhocFilters":[{"field":"src_endpoint.ip","op":"=","value":"10.0.0.1"},{"field":"actor.user.uid","op":"=","value":"x"}]`
	sql, notices := preview(`{"source":"vpc_flow","format":"table",` + adhoc + `}`)
	if !strings.Contains(sql, `AND "src_endpoint"."ip" = '10.0.0.1'`) || strings.Contains(sql, "actor") {
		t.Errorf("builder SQL = %s", sql)
	}
	if !strings.Contains(notices, "Ad hoc filter on actor.user.uid not applied: source vpc_flow has no such field.") {
		t.Errorf("builder notices = %q", notices)
	}
	sql, notices = preview(`{"mode":"sql","rawSql":"SELECT 1 FROM $__table(vpc_flow) WHERE $__partitionFilter AND $__adhocFilters(vpc_flow)",` + adhoc + `}`)
	if !strings.Contains(sql, `AND "src_endpoint"."ip" = '10.0.0.1'`) || !strings.Contains(notices, "actor.user.uid not applied") {
		t.Errorf("SQL = %s, notices %q", sql, notices)
	}
	sql, _ = preview(`{"source":"cloud_trail_mgmt","format":"time_series","timeBucket":"1h","logsVolume":true}`)
	if !strings.Contains(sql, `CASE "severity_id" WHEN 1 THEN 'info'`) || !strings.Contains(sql, `AS "level"`) {
		t.Errorf("logs volume SQL = %s", sql)
	}
	status, body := callResource(t, ds, "POST", "sql", `{"query":{"source":"vpc_flow","format":"logs","logsVolume":true}}`)
	if status != 400 || !strings.Contains(body, "logsVolume applies to builder time-series queries only") {
		t.Errorf("logsVolume on logs: %d %s", status, body)
	}
}

// TestAdhocValuesRoute: kind=field lists one scalar field's values with
// enum captions, and refuses fields that are not scalar fields of the source.
func TestAdhocValuesRoute(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains(`SELECT DISTINCT "severity_id" AS "value"`), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "value", Type: "integer"}},
		Rows:    [][]*string{athenaemu.Row(4), athenaemu.Row(42)},
	})
	srv.Handle(athenaemu.Contains(`SELECT DISTINCT "src_endpoint"."ip" AS "value"`), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "value", Type: "varchar"}},
		Rows:    [][]*string{athenaemu.Row("10.0.0.1")},
	})
	ds := newTestDatasource(t, srv, nil)
	rng := "&from=1792454400000&to=1792540800000"
	status, body := callResource(t, ds, "GET", "values?kind=field&field=severity_id&source=cloud_trail_mgmt"+rng, "")
	if status != 200 || body != `[{"value":"4","text":"High"},{"value":"42","text":"42"}]`+"\n" {
		t.Fatalf("severity_id: %d %q", status, body)
	}
	status, body = callResource(t, ds, "GET", "values?kind=field&field=src_endpoint.ip&source=vpc_flow&limit=7"+rng, "")
	if status != 200 || body != `[{"value":"10.0.0.1","text":"10.0.0.1"}]`+"\n" {
		t.Fatalf("src_endpoint.ip: %d %q", status, body)
	}
	if sql := startedSQL(srv); !strings.HasSuffix(sql[len(sql)-1], "LIMIT 7") {
		t.Fatalf("sql = %v", sql)
	}
	// The dashboard's other ad hoc filters narrow the values (typed; a
	// field the source lacks narrows nothing).
	others := `[{"field":"dst_endpoint.port","op":"=","value":"22"},{"field":"actor.user.uid","op":"=","value":"x"}]`
	status, body = callResource(t, ds, "GET", "values?kind=field&field=src_endpoint.ip&source=vpc_flow&filters="+url.QueryEscape(others)+rng, "")
	if sql := startedSQL(srv); status != 200 || !strings.Contains(sql[len(sql)-1], `AND "dst_endpoint"."port" = 22`) || strings.Contains(sql[len(sql)-1], "actor") {
		t.Fatalf("narrowed: %d %s %v", status, body, sql[len(sql)-1])
	}
	for query, want := range map[string]string{
		"field=src_endpoint.ip&source=vpc_flow&filters=%5B%7B%22field%22%3A%22dst_endpoint.port%22%2C%22op%22%3A%22%3D%22%2C%22value%22%3A%2222%20OR%201%3D1%22%7D%5D": "not a whole number",
		"field=src_endpoint.ip&source=vpc_flow&filters=nope": "filters must be a JSON list",
		"field=actor&source=cloud_trail_mgmt":                "not a single value",
		"field=resources[].uid&source=cloud_trail_mgmt":      "not a single value",
		"field=nope&source=vpc_flow":                         "unknown field",
		"source=vpc_flow":                                    "field is required",
		"field=x%22%3B%20DROP%20TABLE%20t&source=vpc_flow":   "unknown field",
	} {
		status, body := callResource(t, ds, "GET", "values?kind=field&"+query+rng, "")
		if status != 400 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %s, want 400 %q", query, status, body, want)
		}
	}
}
