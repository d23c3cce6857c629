package grafanahost_test

import (
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

func TestCollectMetricsCountsRequests(t *testing.T) {
	h := startTestPlugin(t)
	ds := grafanahost.DS{UID: "m", Name: "Metrics"}
	for range 2 {
		if _, err := h.CheckHealth(t.Context(), ds); err != nil {
			t.Fatal(err)
		}
	}
	m, err := h.CollectMetrics(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// The SDK's metrics middleware counts every request by endpoint.
	n, ok := m.Value("grafana_plugin_request_total", map[string]string{"endpoint": "checkHealth"})
	if !ok || n != 2 {
		t.Fatalf("grafana_plugin_request_total{endpoint=checkHealth} = %v (found %v), want 2", n, ok)
	}
	if _, ok := m.Value("grafana_plugin_request_total", map[string]string{"endpoint": "queryData"}); ok {
		t.Error("no queryData request was made, yet a series exists")
	}
	if _, ok := m.Value("go_goroutines", nil); !ok {
		t.Error("the default registry's Go collector is missing")
	}
}
