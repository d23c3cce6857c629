package provisioning

// PanelTypes are Grafana's built-in panel types (public/app/plugins/panel in
// Grafana 12) that bundled dashboards may use; a dashboard naming another type would
// need a panel plugin the user may not have.
var PanelTypes = map[string]bool{
	"row": true, "timeseries": true, "table": true, "stat": true, "gauge": true, "bargauge": true,
	"barchart": true, "piechart": true, "logs": true, "text": true, "heatmap": true, "geomap": true,
	"state-timeline": true, "status-history": true, "histogram": true, "nodeGraph": true, "dashlist": true,
	"alertlist": true, "annolist": true, "news": true, "xychart": true, "trend": true, "canvas": true,
	"flamegraph": true, "traces": true, "candlestick": true, "datagrid": true,
}

// VariableTypes are Grafana's template variable types.
var VariableTypes = map[string]bool{
	"query": true, "custom": true, "textbox": true, "constant": true, "datasource": true,
	"interval": true, "adhoc": true, "groupby": true, "switch": true,
}

// MinSchemaVersion is the oldest dashboard schemaVersion accepted: 39 is
// Grafana 11.0's; Grafana migrates older JSON on load, which a provisioned
// dashboard should not need.
const MinSchemaVersion = 39

// BuiltinVariables are Grafana's global variables, valid in any dashboard.
var BuiltinVariables = map[string]bool{
	"__interval": true, "__interval_ms": true, "__range": true, "__range_s": true, "__range_ms": true,
	"__rate_interval": true, "__from": true, "__to": true, "__dashboard": true, "__org": true, "__user": true,
	"__timezone": true, "timeFilter": true, "__url_time_range": true, "__all_variables": true,
	"__value": true, "__field": true, "__series": true, "__data": true, "__name": true,
}

// FormatFor lists the query formats that give a panel type the frame it
// draws: time series for graphs, tables for tables and bars, log lines for
// the logs panel.
var FormatFor = map[string][]string{
	"timeseries": {"time_series"},
	"table":      {"table"},
	"stat":       {"table", "time_series"},
	"gauge":      {"table", "time_series"},
	"bargauge":   {"table"},
	"barchart":   {"table"},
	"piechart":   {"table"},
	"logs":       {"logs"},
	"geomap":     {"table"},
}
