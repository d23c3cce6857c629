// Command testplugin is a minimal but real datasource.Manage backend plugin
// used to test the grafanahost harness against an actual plugin process. It
// echoes what it receives so tests can check what the harness sent.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"sync/atomic"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"
)

// PluginID is the ID the test plugin serves under.
const PluginID = "grafanahost-test-datasource"

func main() {
	if err := datasource.Manage(PluginID, newInstance, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error("testplugin: serve failed", "error", err)
		os.Exit(1)
	}
}

// settings is the test data source's jsonData.
type settings struct {
	// Health "error" makes CheckHealth report an error.
	Health string `json:"health"`
	// Message is appended to the health message.
	Message string `json:"message"`
}

// instance is one configured data source; the SDK caches it per UID and
// settings version, which tests observe through the instance number.
type instance struct {
	settings backend.DataSourceInstanceSettings
	parsed   settings
	number   int64
	resource backend.CallResourceHandler
}

// instances counts created instances; the SDK may create them concurrently.
var instances atomic.Int64

func newInstance(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	var p settings
	if err := json.Unmarshal(s.JSONData, &p); err != nil {
		return nil, fmt.Errorf("testplugin: invalid jsonData: %w", err)
	}
	inst := &instance{settings: s, parsed: p, number: instances.Add(1)}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", inst.handleEcho)
	mux.HandleFunc("/stream", handleStream)
	inst.resource = httpadapter.New(mux)
	backend.Logger.Info("testplugin instance created", "uid", s.UID, "number", inst.number)
	return inst, nil
}

// CheckHealth reports OK or ERROR per jsonData.health and echoes what the
// plugin received in JSONDetails.
func (i *instance) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	backend.Logger.Info("testplugin CheckHealth", "uid", i.settings.UID)
	pc := req.PluginContext
	auth := awsds.ReadAuthSettings(ctx)
	details := map[string]any{
		"uid":           i.settings.UID,
		"name":          i.settings.Name,
		"id":            i.settings.ID,
		"updated":       i.settings.Updated.UnixMilli(),
		"instance":      i.number,
		"secure":        i.settings.DecryptedSecureJSONData,
		"jsonData":      i.settings.JSONData,
		"orgId":         pc.OrgID, //nolint:staticcheck // SA1019: Grafana still sends it; the host's copy is what is checked
		"pluginId":      pc.PluginID,
		"pluginVersion": pc.PluginVersion,
		"headers":       req.Headers,
		"awsProviders":  auth.AllowedAuthProviders,
		"awsAssumeRole": auth.AssumeRoleEnabled,
		"env": map[string]string{
			"GF_VERSION":                    os.Getenv("GF_VERSION"),
			"GF_EDITION":                    os.Getenv("GF_EDITION"),
			"AWS_AUTH_AllowedAuthProviders": os.Getenv("AWS_AUTH_AllowedAuthProviders"),
			"TESTPLUGIN_ECHO":               os.Getenv("TESTPLUGIN_ECHO"),
			"HOME":                          os.Getenv("HOME"),
			"TESTPLUGIN_HOST_ONLY":          os.Getenv("TESTPLUGIN_HOST_ONLY"),
		},
	}
	if auth.SessionDuration != nil {
		details["awsSessionTime"] = auth.SessionDuration.String()
	}
	if pc.GrafanaConfig != nil {
		details["grafanaConfig"] = pc.GrafanaConfig.Config()
	}
	if pc.UserAgent != nil {
		details["userAgent"] = pc.UserAgent.String()
	}
	if pc.User != nil {
		details["user"] = pc.User.Login + "/" + pc.User.Role
	}
	b, err := json.Marshal(details)
	if err != nil {
		return nil, err
	}
	res := &backend.CheckHealthResult{Status: backend.HealthStatusOk, JSONDetails: b,
		Message: "testplugin ok: " + i.settings.Name}
	if i.parsed.Health == "error" {
		res.Status = backend.HealthStatusError
		res.Message = "testplugin configured to fail: " + i.parsed.Message
	}
	return res, nil
}

// CallResource serves /echo and /stream through the SDK's http adapter.
func (i *instance) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return i.resource.CallResource(ctx, req, sender)
}

// handleEcho answers with what it was sent; ?status= picks the status code.
func (i *instance) handleEcho(w http.ResponseWriter, r *http.Request) {
	body := make([]byte, 0, r.ContentLength)
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		body = append(body, buf[:n]...)
		if err != nil {
			break
		}
	}
	status := http.StatusOK
	if s := r.URL.Query().Get("status"); s != "" {
		_, _ = fmt.Sscan(s, &status)
	}
	keys := slices.Sorted(maps.Keys(i.settings.DecryptedSecureJSONData))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Echo-Method", r.Method)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"method":      r.Method,
		"path":        r.URL.Path,
		"query":       r.URL.RawQuery,
		"body":        string(body),
		"contentType": r.Header.Get("Content-Type"),
		"xTest":       r.Header.Get("X-Test"),
		"uid":         i.settings.UID,
		"secureKeys":  keys,
	})
}

// handleStream sends its body in two flushes, i.e. two gRPC messages.
func handleStream(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("chunk-1;"))
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	_, _ = w.Write([]byte("chunk-2"))
}
