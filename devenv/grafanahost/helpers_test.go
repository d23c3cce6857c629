package grafanahost_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// testPluginID is the ID the test plugin serves under (see internal/testplugin).
const testPluginID = "grafanahost-test-datasource"

// testPluginPkg is the test plugin's package, relative to the devenv module.
const testPluginPkg = "./grafanahost/internal/testplugin"

// testPluginBinary builds the test plugin once per test process.
func testPluginBinary(tb testing.TB) string {
	tb.Helper()
	root, err := grafanahost.RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	return grafanahost.MustBuildPlugin(tb, filepath.Join(root, "devenv"), testPluginPkg)
}

// startTestPlugin starts the test plugin with the test plugin's ID.
func startTestPlugin(tb testing.TB, opts ...grafanahost.Option) *grafanahost.Host {
	tb.Helper()
	opts = append([]grafanahost.Option{grafanahost.WithPluginID(testPluginID)}, opts...)
	return grafanahost.StartTest(tb, testPluginBinary(tb), opts...)
}

// healthDetails is the test plugin's CheckHealth JSONDetails.
type healthDetails struct {
	UID           string            `json:"uid"`
	Name          string            `json:"name"`
	ID            int64             `json:"id"`
	Updated       int64             `json:"updated"`
	Instance      int64             `json:"instance"`
	Secure        map[string]string `json:"secure"`
	JSONData      json.RawMessage   `json:"jsonData"`
	OrgID         int64             `json:"orgId"`
	PluginID      string            `json:"pluginId"`
	PluginVersion string            `json:"pluginVersion"`
	Headers       map[string]string `json:"headers"`
	AWSProviders  []string          `json:"awsProviders"`
	AWSAssumeRole bool              `json:"awsAssumeRole"`
	AWSSession    string            `json:"awsSessionTime"`
	Env           map[string]string `json:"env"`
	GrafanaConfig map[string]string `json:"grafanaConfig"`
	UserAgent     string            `json:"userAgent"`
	User          string            `json:"user"`
}

func decodeDetails(tb testing.TB, b []byte) healthDetails {
	tb.Helper()
	var d healthDetails
	if err := json.Unmarshal(b, &d); err != nil {
		tb.Fatalf("health details %s: %v", b, err)
	}
	return d
}

// writeScript writes an executable shell script, standing in for binaries
// that are not plugins.
func writeScript(tb testing.TB, body string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "not-a-plugin")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		tb.Fatal(err)
	}
	return p
}

// syncWriter guards a strings.Builder written from go-plugin's goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
