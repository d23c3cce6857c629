package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/clip"
	"github.com/seclake/securitylake-datasource/pkg/frames"
	"github.com/seclake/securitylake-datasource/pkg/macros"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// plannedQuery is a query turned into SQL, ready to run.
type plannedQuery struct {
	query models.Query
	// parsed is set once query passed validation, so its format and mode
	// are safe metric labels.
	parsed  bool
	sql     string
	rng     sqlbuild.TimeRange
	notices []data.Notice
	// skip: the query reads an optional source the lake lacks; it is not
	// run and answers an empty frame with its notices.
	skip bool
}

// runQuery plans, executes and frames one query, and writes its one log
// line (telemetry.finishQuery).
func (d *Datasource) runQuery(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	ctx, cancel := context.WithTimeout(ctx, d.settings.QueryTimeout())
	defer cancel()
	// Every line logged for this query, here or by the executor's observer,
	// carries its refId besides the SDK's dsUid, pluginId and traceId.
	ctx = withRefID(ctx, dq.RefID)
	began := time.Now()
	o := d.execute(ctx, dq)
	if o.err != nil {
		o.resp = errorResponse(o.err, d.settings.QueryTimeoutSeconds)
	}
	d.tel.finishQuery(ctx, o, time.Since(began), d.settings.RowLimit)
	return o.resp
}

// execute is runQuery's work; it returns the response or the error, and
// what it learnt on the way.
func (d *Datasource) execute(ctx context.Context, dq backend.DataQuery) (o queryOutcome) {
	parsed, err := d.parse(dq)
	o.query, o.parsed = parsed.query, parsed.parsed
	if err != nil {
		o.err = err
		return o
	}
	if d.settings.MultiRegion() {
		// One query per selected Region, merged (regions.go).
		return d.executeRegions(ctx, dq, parsed)
	}
	plan, err := d.plan(ctx, dq, parsed, "")
	if err != nil {
		o.err = err
		return o
	}
	if plan.skip {
		o.resp = backend.DataResponse{Frames: data.Frames{skippedFrame(dq.RefID, plan.notices)}}
		return o
	}
	// The SQL holds the query's literals (IPs, user names): debug only,
	// and clipped like every echoed input (the frame's executedQueryString
	// keeps it whole).
	d.tel.log(ctx).Debug("Running Athena query", "sql", clip.N(plan.sql, maxErrorText), "sqlBytes", len(plan.sql))
	run, served, age, err := d.runPlan(ctx, &plan, "", true)
	o.waited, o.servedFrom = run.waited, served
	if run.ran {
		o.report = &run.rep
	}
	if err != nil {
		o.err = err
		return o
	}
	if served == servedCache {
		plan.notices = append(plan.notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: cacheNotice(age)})
	}
	for _, n := range run.res.Notices {
		plan.notices = append(plan.notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: n})
	}
	if run.waited > 0 {
		plan.notices = append(plan.notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: d.waitNotice(run.waited)})
	}
	frame, err := d.toFrame(dq.RefID, plan, run.res)
	if err != nil {
		o.err = err
		return o
	}
	o.resp = backend.DataResponse{Frames: data.Frames{frame}}
	return o
}

// parse reads and validates the query model and its time range.
func (d *Datasource) parse(dq backend.DataQuery) (plannedQuery, error) {
	q, err := models.ParseQuery(dq.JSON)
	if err != nil {
		return plannedQuery{}, badQuery(err)
	}
	if err := q.Validate(); err != nil {
		return plannedQuery{}, badQuery(err)
	}
	rng := sqlbuild.TimeRange{From: dq.TimeRange.From.UTC(), To: dq.TimeRange.To.UTC()}
	p := plannedQuery{query: q, parsed: true, rng: rng}
	if err := d.checkRange(rng); err != nil {
		return p, badQuery(err)
	}
	return p, nil
}

// plan writes the SQL of a parsed query for one Region's lake ("" is the
// home Region): the builder for builder mode, macro expansion for raw SQL.
// It returns a copy of p; p itself is left as it was, so each Region of a
// fan-out plans from the same parsed query.
func (d *Datasource) plan(ctx context.Context, dq backend.DataQuery, p plannedQuery, region string) (plannedQuery, error) {
	q, rng := p.query, p.rng
	p.notices = nil
	inv, err := d.queryInventoryIn(ctx, region)
	if err != nil {
		return p, err
	}
	switch q.Mode {
	case models.ModeSQL:
		if err := inv.settleForSQL(q.RawSQL); err != nil {
			return p, err
		}
		res, err := macros.Expand(q.RawSQL, macros.Context{
			Range:    rng,
			Interval: dq.Interval,
			Scope:    sqlbuild.Scope{Accounts: q.Accounts, Regions: q.Regions},
			Resolver: inv,
			// $__adhocFilters types the dashboard's filters by the catalog.
			AdhocFilters: q.AdhocFilters,
			Fields:       inv.fieldSet,
		})
		if err != nil {
			return p, badQuery(err)
		}
		if res.Empty {
			return skipped(p, res.Notices), nil
		}
		// Read-only by default: checked after expansion, before any Athena
		// call, so no macro or variable can smuggle a second statement in.
		check := macros.ReadOnly
		if d.settings.AllowNonReadStatements {
			check = macros.SingleStatement
		}
		if p.sql, err = check(res.SQL); err != nil {
			return p, badQuery(err)
		}
		for _, n := range res.Notices {
			p.notices = append(p.notices, data.Notice{Severity: noticeSeverity(n.Severity), Text: n.Text})
		}
	default:
		// A discovery failure keeps its own status (throttled, denied…),
		// not the bad-query one a source the lake lacks gets.
		in, notices, skip, err := builderSources(inv, q)
		if err != nil {
			return p, err
		}
		if skip {
			return skipped(p, notices), nil
		}
		for _, n := range notices {
			p.notices = append(p.notices, data.Notice{Severity: noticeSeverity(n.Severity), Text: n.Text})
		}
		in.Range, in.Interval, in.MaxDataPoints, in.RowLimit = rng, dq.Interval, dq.MaxDataPoints, d.settings.RowLimit
		p.sql, err = sqlbuild.Build(in)
		if err != nil {
			return p, badQuery(err)
		}
		p.notices = append(p.notices, adhocNotices(in)...)
	}
	// runGuarded checks again; here the SQL preview shows it too.
	if err := checkLength(p.sql); err != nil {
		return p, badQuery(err)
	}
	return p, nil
}

// toFrame converts the result and shapes it for the query's format.
func (d *Datasource) toFrame(refID string, p plannedQuery, res *athena.Result) (*data.Frame, error) {
	meta := frames.Meta{
		ExecutedSQL:      p.sql,
		QueryID:          res.QueryID,
		DataScannedBytes: res.DataScannedBytes,
		EngineTimeMs:     res.EngineTimeMs,
		Truncated:        res.Truncated,
		RowLimit:         d.settings.RowLimit,
		ReusedResult:     res.ReusedPreviousResult,
	}
	for _, n := range p.notices {
		meta.Notices = append(meta.Notices, frames.Notice{Severity: frames.Severity(n.Severity.String()), Text: n.Text})
	}
	var frame *frames.Frame
	if b, ok := res.Sink.(*frames.Builder); ok {
		// Typed run: the rows were parsed as they were read.
		frame = b.Frame(refID, meta)
	} else {
		var err error
		if frame, err = frames.ToFrame(refID, frameColumns(res.Columns), res.Rows, meta); err != nil {
			return nil, err
		}
	}
	var err error
	switch p.query.Format {
	case models.FormatTimeSeries:
		if frame, err = frames.ToTimeSeries(frame); err != nil {
			return nil, err
		}
		return sdkFrame(frame)
	case models.FormatLogs:
		if frame, err = frames.ToLogs(frame, frames.LogOptions{}); err != nil {
			return nil, err
		}
	}
	frames.AddEntityLinks(frame)
	return sdkFrame(frame)
}

// skipped marks a plan not to run: it reads an optional source the lake
// lacks (macros.Optional); the notices say which.
func skipped(p plannedQuery, notices []macros.Notice) plannedQuery {
	p.skip = true
	for _, n := range notices {
		p.notices = append(p.notices, data.Notice{Severity: noticeSeverity(n.Severity), Text: n.Text})
	}
	return p
}

// skippedFrame is the answer of a skipped query: no fields, no rows (an
// alert rule evaluates it as NoData), and the notices naming the sources.
func skippedFrame(refID string, notices []data.Notice) *data.Frame {
	f := data.NewFrame(refID)
	f.RefID = refID
	f.Meta = &data.FrameMeta{Notices: notices}
	return f
}

func noticeSeverity(s string) data.NoticeSeverity {
	switch s {
	case "warning":
		return data.NoticeSeverityWarning
	case "error":
		return data.NoticeSeverityError
	}
	return data.NoticeSeverityInfo
}
