package plugin

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metric names are grafana_plugin_securitylake_<name>. The SDK serves every
// metric of prometheus.DefaultRegisterer through the Diagnostics
// CollectMetrics RPC, which Grafana scrapes at
// /metrics/plugins/<plugin id>; docs/operations.md explains each metric.
const (
	metricsNamespace = "grafana_plugin"
	metricsSubsystem = "securitylake"
)

// Label values used when a query's model could not be parsed, so a bad
// model cannot create new series.
const labelUnknown = "unknown"

// metrics are the plugin's Prometheus collectors. One set per process: the
// registry rejects a second registration of the same names, and Grafana
// creates many Datasource instances.
type metrics struct {
	queries        *prometheus.CounterVec // format, mode
	queryErrors    *prometheus.CounterVec // source
	queryDuration  prometheus.Histogram
	retries        *prometheus.CounterVec // operation
	throttles      *prometheus.CounterVec // operation
	stops          *prometheus.CounterVec // reason
	stopFailures   *prometheus.CounterVec // reason
	abandoned      *prometheus.CounterVec // reason
	scanGuardStops prometheus.Counter
	bytesScanned   prometheus.Counter
	truncated      prometheus.Counter
	// Admission control (admission.go).
	inFlight          prometheus.Gauge
	waiting           prometheus.Gauge
	queued            prometheus.Counter
	admissionTimeouts prometheus.Counter
	admissionWait     prometheus.Histogram
	// Sharing (share.go).
	cacheHits   prometheus.Counter
	dedupShared prometheus.Counter
	// Multi-Region fan-out (regions.go).
	regionQueries *prometheus.CounterVec // region, status
	// Result reading (pkg/athena s3read.go).
	resultReads *prometheus.CounterVec // source
	s3Fallbacks *prometheus.CounterVec // code
	// Nested values of raw SQL as JSON (nestedjson.go).
	shapeProbes *prometheus.CounterVec // outcome
}

// defaultMetrics is registered with the SDK's registry.
var defaultMetrics = newMetrics(prometheus.DefaultRegisterer)

// newMetrics registers the collectors on reg (tests pass their own).
func newMetrics(reg prometheus.Registerer) *metrics {
	f := promauto.With(reg)
	opts := func(name, help string) prometheus.CounterOpts {
		return prometheus.CounterOpts{Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: name, Help: help}
	}
	return &metrics{
		queries:     f.NewCounterVec(opts("queries_total", "Queries run through QueryData, by format and mode (builder or sql)."), []string{"format", "mode"}),
		queryErrors: f.NewCounterVec(opts("query_errors_total", "Queries that ended in an error, by error source (plugin or downstream)."), []string{"source"}),
		queryDuration: f.NewHistogram(prometheus.HistogramOpts{
			Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: "query_duration_seconds",
			Help: "Wall time of one QueryData query: planning, Athena (queue, run, paging) and framing.",
			// Security Lake queries range from reused results (sub-second)
			// to multi-minute scans; the buckets cover both ends.
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300},
		}),
		retries:        f.NewCounterVec(opts("athena_retries_total", "Athena API calls retried, by operation."), []string{"operation"}),
		throttles:      f.NewCounterVec(opts("athena_throttles_total", "Athena API calls throttled (and retried), by operation."), []string{"operation"}),
		stops:          f.NewCounterVec(opts("athena_stops_total", "StopQueryExecution calls sent, by reason."), []string{"reason"}),
		stopFailures:   f.NewCounterVec(opts("athena_stop_failures_total", "StopQueryExecution calls that failed, by reason; the query may still be running."), []string{"reason"}),
		abandoned:      f.NewCounterVec(opts("athena_abandoned_queries_total", "Queries the plugin gave up on while they may still be running: every StopQueryExecution attempt failed, or a start's answer was lost and could not be recovered."), []string{"reason"}),
		scanGuardStops: f.NewCounter(opts("scan_guard_stops_total", "Queries stopped because they scanned more than maxBytesScanned.")),
		bytesScanned:   f.NewCounter(opts("athena_data_scanned_bytes_total", "Bytes Athena reported scanned by the plugin's queries (what Athena bills).")),
		truncated:      f.NewCounter(opts("truncated_results_total", "Query results cut at the row limit.")),
		inFlight: f.NewGauge(prometheus.GaugeOpts{Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: "athena_in_flight_queries",
			Help: "Athena queries running now (holding an admission slot), all datasources of the process."}),
		waiting: f.NewGauge(prometheus.GaugeOpts{Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: "admission_waiting_queries",
			Help: "Queries waiting now for an admission slot (maxInFlightQueries reached)."}),
		queued:            f.NewCounter(opts("admission_queued_total", "Queries that had to wait for an admission slot because maxInFlightQueries were running.")),
		admissionTimeouts: f.NewCounter(opts("admission_abandoned_total", "Queries whose request was cancelled or timed out while waiting for an admission slot.")),
		admissionWait: f.NewHistogram(prometheus.HistogramOpts{
			Namespace: metricsNamespace, Subsystem: metricsSubsystem, Name: "admission_wait_seconds",
			Help: "Time a query waited for an admission slot before its Athena query started (0 when a slot was free).",
			// 0 is the common case; the upper buckets show a datasource
			// whose bound is too low for its dashboards and rules.
			Buckets: []float64{0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300},
		}),
		cacheHits:   f.NewCounter(opts("cache_hits_total", "Queries answered from the plugin's result cache (resultCacheSeconds) without an Athena call.")),
		dedupShared: f.NewCounter(opts("dedup_shared_total", "Queries that joined an identical query already running instead of starting their own Athena query.")),
		// The region label takes only validated lakeRegions values.
		regionQueries: f.NewCounterVec(opts("region_queries_total", "Per-Region parts of multi-Region queries (a lake without a rollup Region), by Region and status (ok or error)."), []string{"region", "status"}),
		resultReads:   f.NewCounterVec(opts("result_reads_total", "Query results read, by source: pages (GetQueryResults) or s3 (the result file, for results larger than one page)."), []string{"source"}),
		s3Fallbacks:   f.NewCounterVec(opts("s3_result_fallbacks_total", "Large results read page by page because reading the result file from S3 failed, by S3 error code (AccessDenied: grant s3:GetObject)."), []string{"code"}),
		shapeProbes:   f.NewCounterVec(opts("sql_shape_probes_total", "LIMIT 0 queries run to learn a raw SQL statement's output columns (so nested values come back as JSON), by outcome: nested, flat or failed."), []string{"outcome"}),
	}
}
