package plugin

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/clip"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// What reaches the log, by level (docs/operations.md has the field list):
//   - info: one "Query finished" line per successful or cancelled query,
//     with ids, statistics and counts only;
//   - warn: the same line for a query that failed downstream (bad query,
//     Athena FAILED, scan guard, timeout), without the error text, because
//     Athena's messages can quote the query's literals;
//   - error: the same line for a plugin-side failure, with the error text,
//     and a line for every StopQueryExecution that failed;
//   - debug: the SQL sent, every error text, every retry and stop.
// Secrets never reach any level: settings are not logged, and the SQL
// contains no credentials.

// telemetry implements athena.Observer: it counts the executor's events and
// logs the ones an operator must see.
type telemetry struct {
	m *metrics
	// logger is backend.Logger; every line goes through log(ctx) so it
	// carries the SDK's request attributes (dsUid, traceId, …) and refId.
	logger log.Logger
}

var _ athena.Observer = telemetry{}

// refIDKey holds a query's refId in its context. The SDK's contextual
// attributes are not used for it: log.WithContextualAttributes appends to
// the parent context's slice, so queries of one request, started from the
// same parent, can overwrite each other's refId in its spare capacity.
type refIDKey struct{}

// withRefID returns ctx carrying the query's refId for its log lines.
func withRefID(ctx context.Context, refID string) context.Context {
	return context.WithValue(ctx, refIDKey{}, refID)
}

// log is the logger of one request (the SDK's attributes: dsUid, traceId,
// …) with the query's refId when ctx has one.
func (t telemetry) log(ctx context.Context) log.Logger {
	l := t.logger.FromContext(ctx)
	if id, ok := ctx.Value(refIDKey{}).(string); ok {
		l = l.With("refId", id)
	}
	return l
}

// Retried implements athena.Observer.
func (t telemetry) Retried(ctx context.Context, op string, throttled bool, err error) {
	t.m.retries.WithLabelValues(op).Inc()
	if throttled {
		t.m.throttles.WithLabelValues(op).Inc()
	}
	t.log(ctx).Debug("Athena call retried", "operation", op, "throttled", throttled, "error", clip.Text(errText(err)))
}

// Stopped implements athena.Observer.
func (t telemetry) Stopped(ctx context.Context, queryID string, reason athena.StopReason, stopErr error) {
	t.m.stops.WithLabelValues(string(reason)).Inc()
	if reason == athena.StopScanGuard {
		t.m.scanGuardStops.Inc()
	}
	logger := t.log(ctx)
	if stopErr != nil {
		t.m.stopFailures.WithLabelValues(string(reason)).Inc()
		logger.Error("Stopping the Athena query failed; it may still be running and scanning",
			"queryId", queryID, "stopReason", string(reason), "error", clip.Text(stopErr.Error()))
		return
	}
	logger.Debug("Athena query stopped", "queryId", queryID, "stopReason", string(reason))
}

// Abandoned implements athena.Observer: the query may still be running and
// billing, so it is counted and logged at error level with its id.
func (t telemetry) Abandoned(ctx context.Context, queryID string, reason athena.StopReason, stopErr error) {
	t.m.abandoned.WithLabelValues(string(reason)).Inc()
	t.log(ctx).Error("Gave up stopping the Athena query; it may still be running and scanning",
		"queryId", queryID, "stopReason", string(reason), "error", clip.Text(errText(stopErr)))
}

// Finished implements athena.Observer. It counts every run (queries, health
// checks, editor lookups) since they all scan and bill.
func (t telemetry) Finished(_ context.Context, r athena.Report, _ error) {
	if r.DataScannedBytes > 0 {
		t.m.bytesScanned.Add(float64(r.DataScannedBytes))
	}
	if r.Truncated {
		t.m.truncated.Inc()
	}
	if r.ResultSource != "" {
		t.m.resultReads.WithLabelValues(r.ResultSource).Inc()
	}
	if r.ObjectFallback != "" {
		t.m.s3Fallbacks.WithLabelValues(r.ObjectFallback).Inc()
	}
}

// queryOutcome is what runQuery learnt about one query, for its log line.
type queryOutcome struct {
	query  models.Query
	parsed bool
	report *athena.Report // nil when the query never reached Athena
	// waited is the time the query waited for an admission slot.
	waited time.Duration
	// servedFrom is "cache" or "shared" when another run answered
	// (share.go); the report is then that run's.
	servedFrom string
	// regions are the Regions a multi-Region query fanned out to, and
	// failedRegions those that failed (regions.go); regionBytes is the
	// data the others scanned. report is nil then: each Region's run is
	// logged by regionFinished.
	regions       []string
	failedRegions []string
	regionBytes   int64
	resp          backend.DataResponse
	err           error
}

// finishQuery counts the query and writes its one log line.
func (t telemetry) finishQuery(ctx context.Context, o queryOutcome, took time.Duration, rowLimit int) {
	format, mode := labelUnknown, labelUnknown
	if o.parsed {
		format, mode = string(o.query.Format), string(o.query.Mode)
	}
	t.m.queries.WithLabelValues(format, mode).Inc()
	t.m.queryDuration.Observe(took.Seconds())

	status := int(o.resp.Status)
	if status == 0 {
		status = int(backend.StatusOK)
	}
	args := []any{"format", format, "mode", mode, "status", status, "durationMs", num(took.Milliseconds())}
	if o.waited > 0 {
		args = append(args, "admissionWaitMs", num(o.waited.Milliseconds()))
	}
	if o.servedFrom != "" {
		args = append(args, "servedFrom", o.servedFrom)
	}
	if len(o.regions) > 0 {
		args = append(args, "regions", strings.Join(o.regions, ","), "dataScannedBytes", num(o.regionBytes))
		if len(o.failedRegions) > 0 {
			args = append(args, "failedRegions", strings.Join(o.failedRegions, ","))
		}
	}
	if r := o.report; r != nil {
		args = append(args, "queryId", r.QueryID, "workgroup", r.WorkGroup, "state", r.State,
			"dataScannedBytes", num(r.DataScannedBytes), "engineTimeMs", num(r.EngineTimeMs), "queueTimeMs", num(r.QueueTimeMs),
			"rows", r.Rows, "polls", r.Polls, "pages", r.Pages, "retries", r.Retries, "throttles", r.Throttles)
		if r.ResultSource != "" {
			args = append(args, "resultSource", r.ResultSource)
		}
		if r.ObjectFallback != "" {
			args = append(args, "s3Fallback", r.ObjectFallback)
		}
		if r.ReusedPreviousResult {
			args = append(args, "reusedResult", true)
		}
		if r.Truncated {
			args = append(args, "truncated", true, "rowLimit", rowLimit)
		}
		if r.Stopped() {
			args = append(args, "stopReason", string(r.StopReason), "stopFailed", r.StopFailed)
		}
	}
	logger := t.log(ctx)
	if o.err == nil {
		logger.Info("Query finished", args...)
		return
	}
	kind := errorKind(o.err)
	t.m.queryErrors.WithLabelValues(string(o.resp.ErrorSource)).Inc()
	args = append(args, "errorSource", string(o.resp.ErrorSource), "errorKind", kind)
	var qe *athena.QueryError
	if errors.As(o.err, &qe) {
		args = append(args, "athenaErrorCategory", qe.ErrorCategory, "athenaErrorType", qe.ErrorType)
	}
	logger.Debug("Query error detail", "error", clip.Text(o.err.Error()))
	switch {
	case kind == kindCancelled:
		logger.Info("Query finished", args...)
	case o.resp.ErrorSource == backend.ErrorSourcePlugin:
		logger.Error("Query finished", append(args, "error", clip.Text(o.err.Error()))...)
	default:
		logger.Warn("Query finished", args...)
	}
}

// regionFinished counts one Region's part of a multi-Region query and logs
// it: at debug level when it answered, at warn level (kind only, the text
// at debug) when it failed, since the query as a whole still answers.
func (t telemetry) regionFinished(ctx context.Context, r regionRun) {
	status := "ok"
	if r.err != nil {
		status = "error"
	}
	t.m.regionQueries.WithLabelValues(r.region, status).Inc()
	logger := t.log(ctx)
	args := []any{"region", r.region}
	if r.served != "" {
		args = append(args, "servedFrom", r.served)
	}
	if r.run.ran {
		args = append(args, "queryId", r.run.rep.QueryID, "dataScannedBytes", num(r.run.rep.DataScannedBytes), "rows", r.run.rep.Rows)
	}
	if r.err == nil {
		logger.Debug("Region query finished", args...)
		return
	}
	logger.Warn("Region query failed; the other Regions' rows are returned", append(args, "errorKind", errorKind(r.err))...)
	logger.Debug("Region query error detail", "region", r.region, "error", clip.Text(r.err.Error()))
}

// Error kinds in the errorKind log field.
const (
	kindCancelled    = "cancelled"
	kindTimeout      = "timeout"
	kindScanLimit    = "scan_limit"
	kindQueryFailed  = "athena_query_failed"
	kindCancelledOut = "athena_query_cancelled"
	kindInvalidQuery = "invalid_query"
	kindThrottled    = "throttled"
	kindAthenaAPI    = "athena_api"
	kindSettings     = "settings"
	kindInternal     = "internal"
)

// errorKind names the class of err for logs, without its text.
func errorKind(err error) string {
	var (
		qe  *athena.QueryError
		ue  userError
		api smithy.APIError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return kindTimeout
	case errors.Is(err, context.Canceled):
		return kindCancelled
	case errors.Is(err, athena.ErrScanLimit):
		return kindScanLimit
	case errors.Is(err, athena.ErrQueryCancelled):
		return kindCancelledOut
	case errors.As(err, &qe):
		return kindQueryFailed
	case errors.As(err, &ue):
		return kindInvalidQuery
	case athena.IsThrottle(err):
		return kindThrottled
	case errors.As(err, &api):
		return kindAthenaAPI
	case backend.IsDownstreamError(err):
		return kindSettings
	}
	if k := athena.Classify(err); k != athena.KindInternal {
		// Malformed or broken-off answers, network failures, 5xx.
		return "athena_" + k.String()
	}
	return kindInternal
}

// num renders n in decimal. Plugin log lines travel to Grafana as JSON and
// go-plugin decodes numbers as float64, so 7340032 would reach Grafana's log
// as 7.340032e+06; a decimal string arrives as written.
func num(n int64) string { return strconv.FormatInt(n, 10) }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
