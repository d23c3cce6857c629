// Package grafanahost runs a Grafana backend plugin binary the way Grafana
// does, so tests, benchmarks and demos can exercise the real binary without a
// Grafana server.
//
// Start launches the binary through hashicorp/go-plugin with Grafana's
// handshake (protocol 2, cookie grafana_plugin_type=datasource) over gRPC and
// dispenses the SDK's diagnostics, resource, data and stream clients. Host
// then sends pluginv2 requests built from plain Go values: a DS becomes the
// PluginContext (instance settings, user, user agent, and the Grafana config
// map with GF_APP_URL, the SQL defaults and the [aws] keys grafana-aws-sdk
// reads), Query values become DataQuery messages with Grafana's defaults, and
// the Arrow frames that come back are decoded.
//
// A test in another package:
//
//	func TestHealth(t *testing.T) {
//		root, err := grafanahost.RepoRoot()
//		if err != nil {
//			t.Fatal(err)
//		}
//		bin := grafanahost.MustBuildPlugin(t, root, "") // ./pkg, built once per test process
//		h := grafanahost.StartTest(t, bin,              // stopped in t.Cleanup, logs shown on failure
//			grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")),
//			grafanahost.WithCleanEnv(),
//			grafanahost.WithEnv("AWS_ENDPOINT_URL=http://127.0.0.1:4566"))
//		ds := grafanahost.DS{UID: "lake", JSONData: map[string]any{"defaultRegion": "us-east-1"},
//			DecryptedSecureJSONData: map[string]string{"secretKey": "test"}}
//		res, err := h.CheckHealth(t.Context(), ds)
//		// res.Status, res.Message ...
//		out, err := h.QueryData(grafanahost.ContextFromAlert(t.Context()), ds,
//			grafanahost.Query{RefID: "A", JSON: map[string]any{"rawSql": "SELECT 1"}})
//		// out["A"].Frames, out["A"].Error ...
//	}
//
// Per-call request metadata (headers such as FromAlert, the signed-in user)
// travels in the context: see ContextWithHeaders, ContextFromAlert and
// ContextWithUser. The raw clients (Host.Data and friends) and
// Host.PluginContext are there for calls the helpers do not cover.
//
// Where the harness knowingly differs from Grafana: it sends the [aws] keys
// by default, which real Grafana does only for plugins listed in
// [aws] forward_settings_to_plugins (WithoutAWSSettings simulates the
// unlisted case); it sends AWS_AUTH_AssumeRoleEnabled=true explicitly where
// Grafana omits it (grafana-aws-sdk treats both alike); and on Linux the
// plugin gets a parent-death signal so an aborted test run leaves no orphans.
package grafanahost
