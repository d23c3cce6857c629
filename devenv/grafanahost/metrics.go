package grafanahost

import (
	"bytes"
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Metrics are a plugin's metric families by name, as CollectMetrics parsed
// them.
type Metrics map[string]*dto.MetricFamily

// CollectMetrics calls the Diagnostics CollectMetrics RPC the way Grafana
// does when /metrics/plugins/<id> is scraped (a PluginContext with only the
// plugin and org) and parses the Prometheus text exposition it returns.
func (h *Host) CollectMetrics(ctx context.Context) (Metrics, error) {
	resp, err := h.diagnostics.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{
		PluginContext: &pluginv2.PluginContext{OrgId: h.cfg.orgID, PluginId: h.cfg.pluginID, PluginVersion: h.cfg.pluginVersion},
	})
	if err != nil {
		return nil, callErr(ctx, "CollectMetrics", err)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(resp.GetMetrics().GetPrometheus()))
	if err != nil {
		return nil, fmt.Errorf("grafanahost: parse CollectMetrics payload: %w", err)
	}
	return Metrics(families), nil
}

// Value returns the value of the counter or gauge name whose labels include
// all of labels (a histogram gives its sample count), summed over every
// matching series, and whether any series matched.
func (m Metrics) Value(name string, labels map[string]string) (float64, bool) {
	mf, ok := m[name]
	if !ok {
		return 0, false
	}
	var sum float64
	found := false
	for _, s := range mf.GetMetric() {
		if !hasLabels(s, labels) {
			continue
		}
		found = true
		switch {
		case s.GetCounter() != nil:
			sum += s.GetCounter().GetValue()
		case s.GetGauge() != nil:
			sum += s.GetGauge().GetValue()
		case s.GetHistogram() != nil:
			sum += float64(s.GetHistogram().GetSampleCount())
		case s.GetUntyped() != nil:
			sum += s.GetUntyped().GetValue()
		}
	}
	return sum, found
}

func hasLabels(s *dto.Metric, want map[string]string) bool {
	for k, v := range want {
		ok := false
		for _, lp := range s.GetLabel() {
			if lp.GetName() == k && lp.GetValue() == v {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
