package plugin

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/frames"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// AthenaMaxQueryLength is Athena's limit on a query string
// (StartQueryExecution's QueryString: at most 262,144 characters). The
// plugin checks it itself so a long query gets an explanation instead of
// Athena's validation error.
const AthenaMaxQueryLength = 262144

// guardedSQL is one statement a handler wants Athena to run, with the time
// range it reads (every statement the plugin writes is bounded by one).
type guardedSQL struct {
	sql string
	rng sqlbuild.TimeRange
	// region is the Region whose Athena runs it: "" is the home Region
	// (settings.HomeRegion), another lake Region fans a query out
	// (regions.go).
	region string
	// typed parses the rows straight into typed frame columns
	// (frames.Builder, in Result.Sink) instead of rows of text: what a
	// panel's query wants. Region fan-outs, the values route and the
	// health probes read Result.Rows.
	typed bool
}

// guardedRun is what runGuarded returns besides the error.
type guardedRun struct {
	res *athena.Result
	rep athena.Report
	// waited is the time spent waiting for an admission slot.
	waited time.Duration
	// ran is set once the query went to the executor (rep is valid).
	ran bool
}

// runGuarded is the one path from a handler to a query in Athena: QueryData,
// the values route and the health check's probes all call it, and a test
// (guard_test.go) fails when a file of this package calls the executor's
// Run or RunReport anywhere else. In order, before any Athena call:
//
//   - the time range: a reversed range and one longer than maxTimeRangeDays
//     are refused (400);
//   - the query length: Athena's 262,144 characters (400);
//   - the timeout: queryTimeoutSeconds bounds the wait for a slot and the
//     whole run, paging included;
//   - admission: at most maxInFlightQueries run at once per datasource.
//
// The scan guard (maxBytesScanned) and the row limit (rowLimit) are the
// executor's Options, set once where it is built (executor()), so every
// run gets them.
func (d *Datasource) runGuarded(ctx context.Context, g guardedSQL) (guardedRun, error) {
	var out guardedRun
	if err := d.checkRange(g.rng); err != nil {
		return out, badQuery(err)
	}
	if err := checkLength(g.sql); err != nil {
		return out, badQuery(err)
	}
	exec, _, err := d.regionRuntime(ctx, g.region)
	if err != nil {
		return out, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.settings.QueryTimeout())
	defer cancel()
	waited, release, err := d.admit.acquire(ctx)
	out.waited = waited
	if err != nil {
		return out, err
	}
	defer release()
	out.ran = true
	var newSink athena.NewSink
	if g.typed {
		newSink = frameSink
	}
	out.res, out.rep, err = exec.RunInto(ctx, g.sql, newSink)
	return out, err
}

// frameSink is the RowSink of a typed run: the frame builder of the
// result's columns.
func frameSink(cols []athena.Column) athena.RowSink {
	return frames.NewBuilder(frameColumns(cols))
}

// frameColumns maps the executor's columns onto the frames package's.
func frameColumns(cols []athena.Column) []frames.Column {
	out := make([]frames.Column, len(cols))
	for i, c := range cols {
		out[i] = frames.Column{Name: c.Name, Type: c.Type, Precision: c.Precision, Scale: c.Scale}
	}
	return out
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

// checkLength refuses SQL longer than Athena accepts, counted in
// characters as Athena counts them, after macros and variables expanded.
func checkLength(sql string) error {
	n := utf8.RuneCountInString(sql)
	if n <= AthenaMaxQueryLength {
		return nil
	}
	return fmt.Errorf("the SQL is %d characters long after macros and variables were expanded, more than Athena's limit of %d; "+
		"shorten it: a multi-value variable with many selected values becomes a long IN list, so select fewer values or use All, "+
		"or filter with a subquery instead of a literal list", n, AthenaMaxQueryLength)
}

// waitNotice is the frame notice of a query that waited for a slot.
func (d *Datasource) waitNotice(waited time.Duration) string {
	return fmt.Sprintf("This query waited %s for an Athena slot: this datasource runs at most %d queries at once (maxInFlightQueries), "+
		"below Athena's per-account limit of active queries.", waited.Round(time.Millisecond), d.admit.limit())
}
