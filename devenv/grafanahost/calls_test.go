package grafanahost_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

func TestCheckHealthOKCarriesSettingsAndGrafanaContext(t *testing.T) {
	h := startTestPlugin(t, grafanahost.WithPluginVersion("0.9.0"))
	ds := grafanahost.DS{
		UID: "lake-1", Name: "Security Lake", ID: 7,
		JSONData:                map[string]any{"region": "eu-west-1"},
		DecryptedSecureJSONData: map[string]string{"secretKey": "s3cr3t"},
	}
	res, err := h.CheckHealth(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != pluginv2.CheckHealthResponse_OK || res.Message != "testplugin ok: Security Lake" {
		t.Fatalf("got %v %q", res.Status, res.Message)
	}
	d := decodeDetails(t, res.JsonDetails)
	if d.UID != "lake-1" || d.Name != "Security Lake" || d.ID != 7 {
		t.Errorf("instance identity: %+v", d)
	}
	if string(d.JSONData) != `{"region":"eu-west-1"}` {
		t.Errorf("jsonData reached plugin as %s", d.JSONData)
	}
	if d.Secure["secretKey"] != "s3cr3t" {
		t.Errorf("secure data reached plugin as %v", d.Secure)
	}
	if d.OrgID != 1 || d.PluginID != testPluginID || d.PluginVersion != "0.9.0" {
		t.Errorf("plugin context: org %d id %q version %q", d.OrgID, d.PluginID, d.PluginVersion)
	}
	if d.User != "admin/Admin" {
		t.Errorf("user %q", d.User)
	}
	if !strings.HasPrefix(d.UserAgent, "Grafana/"+grafanahost.DefaultGrafanaVersion+" (") {
		t.Errorf("user agent %q", d.UserAgent)
	}
	if d.GrafanaConfig[grafanahost.KeyAppURL] != grafanahost.DefaultAppURL || d.GrafanaConfig[grafanahost.KeySQLRowLimit] != "1000000" {
		t.Errorf("grafana config %v", d.GrafanaConfig)
	}
	// grafana-aws-sdk, inside the plugin, read the [aws] settings we sent.
	if !slices.Equal(d.AWSProviders, []string{"default", "keys", "credentials", "ec2_iam_role"}) || !d.AWSAssumeRole {
		t.Errorf("aws settings seen by awsds: providers %v assumeRole %v", d.AWSProviders, d.AWSAssumeRole)
	}
	if d.AWSSession != "15m0s" {
		t.Errorf("aws session duration %q", d.AWSSession)
	}
	if d.Env["GF_VERSION"] != grafanahost.DefaultGrafanaVersion || d.Env["GF_EDITION"] != "Open Source" ||
		d.Env["AWS_AUTH_AllowedAuthProviders"] == "" {
		t.Errorf("process env %v", d.Env)
	}
}

func TestCheckHealthError(t *testing.T) {
	h := startTestPlugin(t)
	res, err := h.CheckHealth(t.Context(), grafanahost.DS{UID: "bad",
		JSONData: `{"health":"error","message":"no bucket"}`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != pluginv2.CheckHealthResponse_ERROR || res.Message != "testplugin configured to fail: no bucket" {
		t.Fatalf("got %v %q", res.Status, res.Message)
	}

	// Settings the plugin cannot load: the SDK reports the instance
	// factory's error as a failed health check, not as a call error.
	res, err = h.CheckHealth(t.Context(), grafanahost.DS{UID: "garbled", JSONData: "{not json"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(res.Message, "invalid jsonData") {
		t.Fatalf("got %v %q", res.Status, res.Message)
	}
}

func TestWithoutAWSSettingsAndUserOverrides(t *testing.T) {
	h := startTestPlugin(t, grafanahost.WithoutAWSSettings(), grafanahost.WithOrgID(3),
		grafanahost.WithGrafanaConfig(map[string]string{"GF_CUSTOM": "x", grafanahost.KeySQLRowLimit: ""}))
	ctx := grafanahost.ContextWithUser(t.Context(), &grafanahost.User{Login: "viewer", Role: "Viewer"})
	res, err := h.CheckHealth(ctx, grafanahost.DS{UID: "u"})
	if err != nil {
		t.Fatal(err)
	}
	d := decodeDetails(t, res.JsonDetails)
	if _, ok := d.GrafanaConfig[grafanahost.KeyAWSAllowedAuthProviders]; ok {
		t.Errorf("AWS keys sent although not forwarded: %v", d.GrafanaConfig)
	}
	if _, ok := d.GrafanaConfig[grafanahost.KeySQLRowLimit]; ok || d.GrafanaConfig["GF_CUSTOM"] != "x" {
		t.Errorf("config overrides not applied: %v", d.GrafanaConfig)
	}
	// awsds's own defaults when Grafana forwards nothing.
	if !slices.Equal(d.AWSProviders, []string{"default", "keys", "credentials"}) {
		t.Errorf("awsds defaults: %v", d.AWSProviders)
	}
	if d.User != "viewer/Viewer" || d.OrgID != 3 {
		t.Errorf("user %q org %d", d.User, d.OrgID)
	}

	res, err = h.CheckHealth(grafanahost.ContextWithUser(t.Context(), nil), grafanahost.DS{UID: "u"})
	if err != nil {
		t.Fatal(err)
	}
	if d := decodeDetails(t, res.JsonDetails); d.User != "" {
		t.Errorf("nil user should send none, got %q", d.User)
	}
}

func TestProcessEnvironment(t *testing.T) {
	t.Setenv("TESTPLUGIN_HOST_ONLY", "from-host")
	check := func(h *grafanahost.Host, wantHost string) {
		t.Helper()
		res, err := h.CheckHealth(t.Context(), grafanahost.DS{UID: "env"})
		if err != nil {
			t.Fatal(err)
		}
		d := decodeDetails(t, res.JsonDetails)
		if d.Env["TESTPLUGIN_ECHO"] != "opt" || d.Env["TESTPLUGIN_HOST_ONLY"] != wantHost {
			t.Errorf("env %v, want host var %q", d.Env, wantHost)
		}
		if d.Env["HOME"] != os.Getenv("HOME") {
			t.Errorf("HOME not passed through: %q", d.Env["HOME"])
		}
	}
	// WithEnv wins over the inherited env.
	t.Setenv("TESTPLUGIN_ECHO", "host")
	check(startTestPlugin(t, grafanahost.WithEnv("TESTPLUGIN_ECHO=opt")), "from-host")
	check(startTestPlugin(t, grafanahost.WithCleanEnv(), grafanahost.WithEnv("TESTPLUGIN_ECHO=opt")), "")
}

func TestInstanceSettingsVersioning(t *testing.T) {
	h := startTestPlugin(t)
	instance := func(ds grafanahost.DS) int64 {
		t.Helper()
		res, err := h.CheckHealth(t.Context(), ds)
		if err != nil {
			t.Fatal(err)
		}
		return decodeDetails(t, res.JsonDetails).Instance
	}
	ds := grafanahost.DS{UID: "v", JSONData: `{"a":1}`}
	first := instance(ds)
	if again := instance(ds); again != first {
		t.Errorf("same settings should reuse instance %d, got %d", first, again)
	}
	ds.JSONData = `{"a":2}`
	if changed := instance(ds); changed == first {
		t.Error("changed settings should create a new instance")
	}
	// With an explicit Updated, the harness behaves exactly like Grafana.
	ds.Updated = time.UnixMilli(1_700_000_000_000)
	pinned := instance(ds)
	ds.JSONData = `{"a":3}`
	if instance(ds) != pinned {
		t.Error("same explicit Updated should reuse the instance")
	}
}

func TestCallResourceEcho(t *testing.T) {
	h := startTestPlugin(t)
	ds := grafanahost.DS{UID: "res", DecryptedSecureJSONData: map[string]string{"k2": "b", "k1": "a"}}
	ctx := grafanahost.ContextWithHeaders(t.Context(), map[string]string{"X-Test": "hdr"})
	status, hdrs, body, err := h.CallResource(ctx, ds, http.MethodPost, "/echo?status=201&x=1", []byte(`{"hello":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusCreated {
		t.Errorf("status %d", status)
	}
	if got := hdrs["X-Echo-Method"]; len(got) != 1 || got[0] != http.MethodPost {
		t.Errorf("headers %v", hdrs)
	}
	var echo struct {
		Method, Path, Query, Body, ContentType, XTest, UID string
		SecureKeys                                         []string
	}
	if err := json.Unmarshal(body, &echo); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	want := "POST /echo status=201&x=1 {\"hello\":1} application/json hdr res"
	got := strings.Join([]string{echo.Method, echo.Path, echo.Query, echo.Body, echo.ContentType, echo.XTest, echo.UID}, " ")
	if got != want {
		t.Errorf("echo\n got %s\nwant %s", got, want)
	}
	if !slices.Equal(echo.SecureKeys, []string{"k1", "k2"}) {
		t.Errorf("secure keys %v", echo.SecureKeys)
	}

	status, _, _, err = h.CallResource(t.Context(), ds, "", "nope", nil)
	if err != nil || status != http.StatusNotFound {
		t.Errorf("unknown route: status %d err %v", status, err)
	}
}

func TestCallResourceCollectsAllChunks(t *testing.T) {
	h := startTestPlugin(t)
	ds := grafanahost.DS{UID: "stream"}
	chunks, err := h.CallResourceChunks(t.Context(), ds, grafanahost.ResourceRequest{Path: "stream"})
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) != 2 {
		t.Fatalf("want 2 messages, got %d", len(chunks))
	}
	status, hdrs, body, err := h.CallResource(t.Context(), ds, http.MethodGet, "stream", nil)
	if err != nil {
		t.Fatal(err)
	}
	if status != 200 || string(body) != "chunk-1;chunk-2" || hdrs["Content-Type"][0] != "text/plain" {
		t.Errorf("got %d %v %q", status, hdrs, body)
	}
}

func TestCallsHonourContextDeadline(t *testing.T) {
	h := startTestPlugin(t)
	ds := grafanahost.DS{UID: "slow"}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := h.QueryData(ctx, ds, grafanahost.Query{JSON: map[string]any{"sleepMs": 30_000}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("QueryData returned after %v", d)
	}
	// The cancellation reached the plugin, and the plugin is still usable.
	if err := h.WaitForLog(t.Context(), "testplugin query cancelled"); err != nil {
		t.Errorf("%v\nlogs:\n%s", err, h.Logs())
	}
	out, err := h.QueryData(t.Context(), ds, grafanahost.Query{JSON: `{}`})
	if err != nil || out["A"].Error != "" {
		t.Fatalf("plugin unusable after a timeout: %v %+v", err, out)
	}
}
