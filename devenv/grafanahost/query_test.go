package grafanahost_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// field returns the i-th value of the named field, failing if absent.
func field(t *testing.T, f *data.Frame, name string, i int) any {
	t.Helper()
	fld, idx := f.FieldByName(name)
	if idx < 0 {
		t.Fatalf("frame %q has no field %q", f.Name, name)
	}
	return fld.At(i)
}

func TestQueryDataDecodesFramesAndPassesTimeRange(t *testing.T) {
	h := startTestPlugin(t)
	ds := grafanahost.DS{UID: "q"}
	from := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	to := from.Add(6 * time.Hour)
	out, err := h.QueryData(t.Context(), ds,
		grafanahost.Query{RefID: "A", JSON: map[string]any{"rawSql": "SELECT 1"}, From: from, To: to,
			Interval: 30 * time.Second, MaxDataPoints: 500, QueryType: "table"},
		grafanahost.Query{JSON: `{}`}, // refId defaults to "B", last hour
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 {
		t.Fatalf("want 2 responses, got %v", out)
	}
	a := out["A"]
	if a.Error != "" || len(a.Frames) != 1 {
		t.Fatalf("A: %+v", a)
	}
	f := a.Frames[0]
	if f.Name != "echo" || f.Rows() != 2 {
		t.Fatalf("frame %q rows %d", f.Name, f.Rows())
	}
	if got := field(t, f, "time", 0).(time.Time); !got.Equal(from) {
		t.Errorf("from %v", got)
	}
	if got := field(t, f, "time", 1).(time.Time); !got.Equal(to) {
		t.Errorf("to %v", got)
	}
	if field(t, f, "intervalMs", 0).(int64) != 30_000 || field(t, f, "maxDataPoints", 0).(int64) != 500 ||
		field(t, f, "queryType", 0).(string) != "table" || field(t, f, "uid", 0).(string) != "q" {
		t.Errorf("query fields not passed: %v", f)
	}
	var model map[string]any
	if err := json.Unmarshal([]byte(field(t, f, "json", 0).(string)), &model); err != nil {
		t.Fatal(err)
	}
	// The keys Grafana's frontend adds are in the model, the caller's kept.
	if model["rawSql"] != "SELECT 1" || model["refId"] != "A" || model["intervalMs"] != 30000.0 ||
		model["maxDataPoints"] != 500.0 || model["queryType"] != "table" {
		t.Errorf("model %v", model)
	}
	if dsRef, _ := model["datasource"].(map[string]any); dsRef["uid"] != "q" || dsRef["type"] != testPluginID {
		t.Errorf("datasource ref %v", model["datasource"])
	}

	b := out["B"].Frames[0]
	bFrom, bTo := field(t, b, "time", 0).(time.Time), field(t, b, "time", 1).(time.Time)
	if bTo.Sub(bFrom) != time.Hour || time.Since(bTo) > time.Minute {
		t.Errorf("default range %v..%v", bFrom, bTo)
	}
	if field(t, b, "intervalMs", 0).(int64) != 1000 || field(t, b, "maxDataPoints", 0).(int64) != 100 {
		t.Error("Grafana's interval/maxDataPoints defaults not applied")
	}
}

func TestQueryDataPerQueryErrors(t *testing.T) {
	h := startTestPlugin(t)
	out, err := h.QueryData(t.Context(), grafanahost.DS{UID: "e"},
		grafanahost.Query{RefID: "ok", JSON: `{}`},
		grafanahost.Query{RefID: "down", JSON: `{"fail":"athena said no","status":502,"downstream":true}`},
		grafanahost.Query{RefID: "mine", JSON: `{"fail":"bad input"}`},
		grafanahost.Query{RefID: "garbled", JSON: `{nope`},
	)
	if err != nil {
		t.Fatal(err)
	}
	if out["ok"].Error != "" || len(out["ok"].Frames) != 1 {
		t.Errorf("ok: %+v", out["ok"])
	}
	check := func(ref, msg string, status int32, src backend.ErrorSource) {
		t.Helper()
		r := out[ref]
		if r.Error != msg || r.Status != status || r.ErrorSource != string(src) {
			t.Errorf("%s: got (%q, %d, %q), want (%q, %d, %q)", ref, r.Error, r.Status, r.ErrorSource, msg, status, src)
		}
	}
	check("down", "athena said no", http.StatusBadGateway, backend.ErrorSourceDownstream)
	check("mine", "bad input", http.StatusBadRequest, backend.ErrorSourcePlugin)
	if out["garbled"].Error == "" || out["garbled"].Status != http.StatusBadRequest {
		t.Errorf("garbled model: %+v", out["garbled"])
	}
}

func TestQueryDataFromAlertHeader(t *testing.T) {
	h := startTestPlugin(t)
	ds := grafanahost.DS{UID: "alert"}
	fromAlert := func(out map[string]grafanahost.Response) string {
		t.Helper()
		return out["A"].Frames[0].Fields[6].At(0).(string)
	}
	plain, err := h.QueryData(t.Context(), ds, grafanahost.Query{JSON: `{}`})
	if err != nil {
		t.Fatal(err)
	}
	alert, err := h.QueryData(grafanahost.ContextFromAlert(t.Context()), ds, grafanahost.Query{JSON: `{}`})
	if err != nil {
		t.Fatal(err)
	}
	if fromAlert(plain) != "" || fromAlert(alert) != "true" {
		t.Errorf("FromAlert: plain %q alert %q", fromAlert(plain), fromAlert(alert))
	}
}

// The harness spells Grafana's config keys out; they must match the SDKs.
func TestConfigKeysMatchSDKConstants(t *testing.T) {
	pairs := map[string]string{
		grafanahost.KeyAppURL:                  backend.AppURL,
		grafanahost.KeySQLRowLimit:             backend.SQLRowLimit,
		grafanahost.KeySQLMaxOpenConns:         backend.SQLMaxOpenConnsDefault,
		grafanahost.KeySQLMaxIdleConns:         backend.SQLMaxIdleConnsDefault,
		grafanahost.KeySQLMaxConnLifetime:      backend.SQLMaxConnLifetimeSecondsDefault,
		grafanahost.KeyAWSAllowedAuthProviders: awsds.AllowedAuthProvidersEnvVarKeyName,
		grafanahost.KeyAWSAssumeRoleEnabled:    awsds.AssumeRoleEnabledEnvVarKeyName,
		grafanahost.KeyAWSSessionDuration:      awsds.SessionDurationEnvVarKeyName,
		grafanahost.KeyAWSListMetricsPageLimit: awsds.ListMetricsPageLimitKeyName,
		grafanahost.KeyAWSExternalID:           awsds.GrafanaAssumeRoleExternalIdKeyName,
		grafanahost.FromAlertHeader:            backend.FromAlertHeaderName,
	}
	for ours, sdk := range pairs {
		if ours != sdk {
			t.Errorf("harness key %q != SDK key %q", ours, sdk)
		}
	}
}
