package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/frames"
	"github.com/seclake/securitylake-datasource/pkg/macros"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// plannedQuery is a query turned into SQL, ready to run.
type plannedQuery struct {
	query   models.Query
	sql     string
	notices []data.Notice
}

// runQuery plans, executes and frames one query.
func (d *Datasource) runQuery(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	ctx, cancel := context.WithTimeout(ctx, d.settings.QueryTimeout())
	defer cancel()
	exec, err := d.executor(ctx)
	if err != nil {
		return errorResponse(err, d.settings.QueryTimeoutSeconds)
	}
	plan, err := d.plan(ctx, dq)
	if err != nil {
		return errorResponse(err, d.settings.QueryTimeoutSeconds)
	}
	res, err := exec.Run(ctx, plan.sql)
	if err != nil {
		return errorResponse(err, d.settings.QueryTimeoutSeconds)
	}
	frame, err := d.toFrame(dq.RefID, plan, res)
	if err != nil {
		return errorResponse(err, d.settings.QueryTimeoutSeconds)
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}

// plan parses the query and writes its SQL: the builder for builder mode,
// macro expansion for raw SQL.
func (d *Datasource) plan(ctx context.Context, dq backend.DataQuery) (plannedQuery, error) {
	q, err := models.ParseQuery(dq.JSON)
	if err != nil {
		return plannedQuery{}, badQuery(err)
	}
	if err := q.Validate(); err != nil {
		return plannedQuery{}, badQuery(err)
	}
	rng := sqlbuild.TimeRange{From: dq.TimeRange.From.UTC(), To: dq.TimeRange.To.UTC()}
	if err := d.checkRange(rng); err != nil {
		return plannedQuery{}, badQuery(err)
	}
	inv, err := d.inventory(ctx)
	if err != nil {
		return plannedQuery{}, err
	}
	p := plannedQuery{query: q}
	switch q.Mode {
	case models.ModeSQL:
		res, err := macros.Expand(q.RawSQL, macros.Context{
			Range:    rng,
			Interval: dq.Interval,
			Scope:    sqlbuild.Scope{Accounts: q.Accounts, Regions: q.Regions},
			Resolver: inv,
		})
		if err != nil {
			return p, badQuery(err)
		}
		p.sql = res.SQL
		for _, n := range res.Notices {
			p.notices = append(p.notices, data.Notice{Severity: noticeSeverity(n.Severity), Text: n.Text})
		}
	default:
		in, err := inv.builderInput(q)
		if err != nil {
			return p, badQuery(err)
		}
		in.Range, in.Interval, in.MaxDataPoints, in.RowLimit = rng, dq.Interval, dq.MaxDataPoints, d.settings.RowLimit
		p.sql, err = sqlbuild.Build(in)
		if err != nil {
			return p, badQuery(err)
		}
	}
	return p, nil
}

// checkRange applies the scan guard on the time range.
func (d *Datasource) checkRange(r sqlbuild.TimeRange) error {
	if r.To.Before(r.From) {
		return fmt.Errorf("the time range ends (%s) before it starts (%s)", r.To.Format("2006-01-02 15:04"), r.From.Format("2006-01-02 15:04"))
	}
	maxDays := d.settings.MaxTimeRangeDays
	if maxDays > 0 && r.To.Sub(r.From).Hours() > float64(maxDays)*24 {
		return fmt.Errorf("the time range covers %.1f days, more than the %d days this datasource allows (maxTimeRangeDays); choose a shorter range", r.To.Sub(r.From).Hours()/24, maxDays)
	}
	return nil
}

// toFrame converts the result and shapes it for the query's format.
func (d *Datasource) toFrame(refID string, p plannedQuery, res *athena.Result) (*data.Frame, error) {
	cols := make([]frames.Column, len(res.Columns))
	for i, c := range res.Columns {
		cols[i] = frames.Column{Name: c.Name, Type: c.Type, Precision: c.Precision, Scale: c.Scale}
	}
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
	frame, err := frames.ToFrame(refID, cols, res.Rows, meta)
	if err != nil {
		return nil, err
	}
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

func noticeSeverity(s string) data.NoticeSeverity {
	switch s {
	case "warning":
		return data.NoticeSeverityWarning
	case "error":
		return data.NoticeSeverityError
	}
	return data.NoticeSeverityInfo
}
