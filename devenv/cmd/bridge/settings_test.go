package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// TestBridgeSavesSettingsAndStopsQueries drives the real plugin binary
// behind the bridge: a PUT of the settings reaches the plugin (the lists
// then answer for them), and a query request the browser abandons
// cancels the plugin's context over gRPC, so the plugin calls
// StopQueryExecution.
func TestBridgeSavesSettingsAndStopsQueries(t *testing.T) {
	host, ds, fixture := startPluginAndFixture(t)
	fixture.AddWorkGroup(athenaemu.WorkGroup{Name: "security", OutputLocation: "s3://bridge-fixture-results/security/"})
	b := &bridge{host: host, ds: ds, fixture: fixture}
	srv := httptest.NewServer(b.handler())
	t.Cleanup(srv.Close)
	call := func(ctx context.Context, method, path, body string) (int, string, error) {
		req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw), nil
	}

	// Save: the workgroup reaches the plugin; the fixture's address stays.
	status, body, _ := call(t.Context(), "PUT", "/api/datasources/uid/seclake",
		`{"version":1,"jsonData":{"authType":"ec2_iam_role","assumeRoleArn":"arn:aws:iam::1:role/r","defaultRegion":"us-east-1","workgroup":"security","endpoint":"http://elsewhere"},"secureJsonData":{"secretKey":""}}`)
	if status != 200 || !strings.Contains(body, `"version":2`) || strings.Contains(body, fixtureSecretKey) {
		t.Fatalf("save: %d %s", status, body)
	}
	cur := b.current().JSONData.(map[string]any)
	if cur["endpoint"] != fixture.URL() || cur["authType"] != "keys" || cur["assumeRoleArn"] != nil || cur["workgroup"] != "security" || b.current().DecryptedSecureJSONData["secretKey"] != fixtureSecretKey {
		t.Fatalf("saved settings: %+v", cur)
	}
	status, body, _ = call(t.Context(), "GET", "/api/datasources/uid/seclake/resources/workgroups", "")
	if status != 200 || !strings.Contains(body, `"name":"security"`) || !strings.Contains(body, `"name":"primary"`) {
		t.Fatalf("workgroups: %d %s", status, body)
	}
	if status, body, _ = call(t.Context(), "GET", "/api/datasources/uid/seclake/resources/databases?catalog=nope", ""); status != 400 {
		t.Fatalf("databases of an unknown catalog: %d %s", status, body)
	}
	health, _, _ := call(t.Context(), "GET", "/api/datasources/uid/seclake/health", "")
	if health != 200 {
		t.Fatalf("health with the saved workgroup: %d", health)
	}

	// Stop: the browser aborts the request; the plugin stops the query.
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for ctx.Err() == nil {
			for _, q := range fixture.Queries() {
				if strings.Contains(q.SQL, SlowMarker) && q.State == "RUNNING" {
					cancel()
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	if _, _, err := call(ctx, "POST", "/api/ds/query", `{"queries":[{"refId":"A","mode":"sql","rawSql":"SELECT 1 AS `+SlowMarker+`"}]}`); err == nil {
		t.Fatal("the slow query answered; it should run until stopped")
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, q := range fixture.Queries() {
			if strings.Contains(q.SQL, SlowMarker) && q.Stopped {
				status, body, _ := call(t.Context(), "GET", "/api/bridge/queries", "")
				if status != 200 || !strings.Contains(body, `"stopped":true`) {
					t.Fatalf("bridge queries: %d %s", status, body)
				}
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("StopQueryExecution was not called after the browser gave the request up: %+v", fixture.Queries())
}
