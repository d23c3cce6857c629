package athena

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// newResult starts the Result of a SUCCEEDED execution with the identity
// and statistics wait recorded in rep.
func newResult(rep *Report, stmt types.StatementType) *Result {
	return &Result{
		QueryID: rep.QueryID, StatementType: string(stmt),
		DataScannedBytes: rep.DataScannedBytes, EngineTimeMs: rep.EngineTimeMs,
		TotalTimeMs: rep.TotalTimeMs, QueueTimeMs: rep.QueueTimeMs,
		ReusedPreviousResult: rep.ReusedPreviousResult,
	}
}

// RowSink receives a result's data rows as they are read, in place of
// Result.Rows: the plugin passes the frames package's column builder, so a
// large result is parsed straight into typed columns and never held as
// rows of text. vals[i] is the text of column i as GetQueryResults renders
// it and null[i] marks a NULL; the slices are reused after the call (the
// strings may be kept). An error from AppendRow ends the run with it.
type RowSink interface {
	AppendRow(vals []string, null []bool) error
	// Len is the number of rows appended.
	Len() int
}

// NewSink makes the RowSink of a result once its columns are known.
type NewSink func(cols []Column) RowSink

// sinkError marks an error of the RowSink, which ends the run instead of
// sending the read back to the pages.
type sinkError struct{ err error }

func (e sinkError) Error() string { return e.err.Error() }
func (e sinkError) Unwrap() error { return e.err }

// rowCount is the number of rows res holds so far.
func rowCount(res *Result) int {
	if res.Sink != nil {
		return res.Sink.Len()
	}
	return len(res.Rows)
}

// fetch pages GetQueryResults into res, honouring RowLimit. Pages are
// fetched one after another because Athena's NextToken chains them. With a
// newSink the rows go to res.Sink, otherwise to res.Rows.
//
// With a row limit it asks for exactly the rows still needed plus one: the
// extra row tells "exactly RowLimit rows" from "more than RowLimit" without
// an additional page, and it is dropped again.
//
// All pages are one athena.results span with the page count as attribute.
func (e *Executor) fetch(ctx context.Context, qe *types.QueryExecution, res *Result, rep *Report, newSink NewSink, early *earlyPage) (err error) {
	ctx, span := e.startSpan(ctx, spanResults, rep)
	rep.ResultSource = SourcePages
	defer func() {
		rep.Rows, rep.Truncated = rowCount(res), res.Truncated
		endSpan(span, rep, err, attrPages.Int(rep.Pages), attrRows.Int(rep.Rows), attrTruncated.Bool(rep.Truncated),
			attrSource.String(rep.ResultSource))
	}()
	stmt := qe.StatementType
	queryID := rep.QueryID
	limit := e.opts.RowLimit
	in := &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(queryID)}
	first := true
	var lastToken string
	var page pageReader
	for {
		in.MaxResults = aws.Int32(e.pageSize(limit, rowCount(res), first))
		rep.Pages++
		var out *athenasdk.GetQueryResultsOutput
		var err error
		if first {
			out = early.take(ctx)
		}
		if out == nil {
			out, err = readOnce(ctx, e, "GetQueryResults", rep, func() (*athenasdk.GetQueryResultsOutput, error) {
				return e.api.GetQueryResults(ctx, in, e.observeRetries(ctx, "GetQueryResults", rep))
			})
		}
		if err != nil {
			if ctx.Err() != nil {
				return e.abandon(ctx, rep, "fetching results")
			}
			return fmt.Errorf("athena query %s: get results: %w", queryID, err)
		}
		var rows []types.Row
		if rs := out.ResultSet; rs != nil {
			rows = rs.Rows
			if first {
				if rs.ResultSetMetadata != nil {
					res.Columns = columnsOf(rs.ResultSetMetadata.ColumnInfo)
				}
				if len(rows) > 0 && stmt != types.StatementTypeDdl &&
					isHeaderRow(rows[0], rs.ResultSetMetadata) {
					rows = rows[1:]
				}
			}
		}
		if first && newSink != nil {
			res.Sink = newSink(res.Columns)
		}
		if res.Sink != nil {
			if err := page.feed(res.Sink, rows, len(res.Columns), limit); err != nil {
				return err
			}
			if limit > 0 && page.more {
				res.Truncated = true
				return nil
			}
		} else {
			res.Rows = appendRows(res.Rows, rows, len(res.Columns))
			if limit > 0 && len(res.Rows) > limit {
				clear(res.Rows[limit:]) // let the cells of the dropped rows be freed
				res.Rows = res.Rows[:limit]
				res.Truncated = true
				return nil
			}
		}
		token := aws.ToString(out.NextToken)
		if token == "" {
			return nil
		}
		if first {
			done, err := e.fromObject(ctx, qe, res, rep, newSink)
			if err != nil && ctx.Err() != nil {
				return e.abandon(ctx, rep, "fetching results")
			}
			if done || err != nil {
				return err
			}
		}
		if token == lastToken {
			return fmt.Errorf("athena query %s: GetQueryResults returned the same NextToken twice", queryID)
		}
		lastToken = token
		in.NextToken = out.NextToken
		first = false
		if ctx.Err() != nil {
			return e.abandon(ctx, rep, "fetching results")
		}
	}
}

// pageReader feeds GetQueryResults rows to a RowSink.
type pageReader struct {
	vals []string
	null []bool
	// more reports a row past the row limit.
	more bool
}

// feed appends rows (ncols values each: short rows padded with NULL, extra
// values dropped) to sink, up to limit rows in all when limit > 0.
func (p *pageReader) feed(sink RowSink, rows []types.Row, ncols, limit int) error {
	if len(p.vals) != ncols {
		p.vals, p.null = make([]string, ncols), make([]bool, ncols)
	}
	for _, r := range rows {
		if limit > 0 && sink.Len() >= limit {
			p.more = true
			return nil
		}
		for j := range ncols {
			var v *string
			if j < len(r.Data) {
				v = r.Data[j].VarCharValue
			}
			p.null[j], p.vals[j] = v == nil, aws.ToString(v)
		}
		if err := sink.AppendRow(p.vals, p.null); err != nil {
			return err
		}
	}
	return nil
}

// fromObject reads the rest of a result larger than one page from its
// result file in S3 in one streamed GetObject instead of one
// GetQueryResults call per 1,000 rows. It replaces res.Rows or res.Sink
// (the first page, whose rows the file holds too) and reports true on
// success. When the file cannot be read res is untouched, the reason is
// noted in rep and res.Notices, and the caller goes on with the pages; an
// error of the sink, or ctx's when it ended, is returned.
func (e *Executor) fromObject(ctx context.Context, qe *types.QueryExecution, res *Result, rep *Report, newSink NewSink) (bool, error) {
	if e.opts.Objects == nil || qe.StatementType != types.StatementTypeDml || len(res.Columns) == 0 ||
		qe.ResultConfiguration == nil || aws.ToString(qe.ResultConfiguration.OutputLocation) == "" {
		return false, nil
	}
	uri, ncols, limit := aws.ToString(qe.ResultConfiguration.OutputLocation), len(res.Columns), e.opts.RowLimit
	var (
		rows [][]*string
		sink RowSink
		emit func(cr *csvReader, vals []string, null []bool) error
		hint func(more int)
	)
	if newSink != nil {
		sink = newSink(res.Columns)
		if g, ok := sink.(interface{ Grow(n int) }); ok {
			hint = g.Grow
		}
		emit = func(_ *csvReader, vals []string, null []bool) error {
			if err := sink.AppendRow(vals, null); err != nil {
				return sinkError{err}
			}
			return nil
		}
	} else {
		emit = func(cr *csvReader, vals []string, null []bool) error {
			rows = append(rows, cr.cells(vals, null))
			return nil
		}
	}
	truncated, err := e.readObject(ctx, uri, ncols, limit, rep, emit, hint)
	var se sinkError
	switch {
	case errors.As(err, &se):
		return false, se.err
	case err != nil:
		if ctx.Err() != nil {
			return false, ctx.Err() // fetch stops the query
		}
		rep.ObjectFallback = objectErrorCode(err)
		res.Notices = append(res.Notices, fallbackNotice(rep.ObjectFallback))
		return false, nil
	}
	rep.ResultSource = SourceS3
	clear(res.Rows)
	res.Rows, res.Sink, res.Truncated = rows, sink, truncated
	return true, nil
}

// pageSize is the MaxResults for the next page: PageSize, or less when the
// row limit needs fewer (have rows collected, +1 to detect truncation, +1
// on the first page for the header row a SELECT carries).
func (e *Executor) pageSize(limit, have int, first bool) int32 {
	if limit <= 0 {
		return e.opts.PageSize
	}
	need := limit - have + 1
	if first {
		need++
	}
	if need < int(e.opts.PageSize) {
		return int32(need)
	}
	return e.opts.PageSize
}

// columnsOf maps Athena's ColumnInfo.
func columnsOf(info []types.ColumnInfo) []Column {
	cols := make([]Column, len(info))
	for i, c := range info {
		cols[i] = Column{Name: aws.ToString(c.Name), Type: aws.ToString(c.Type), Precision: c.Precision, Scale: c.Scale}
	}
	return cols
}

// isHeaderRow reports whether row repeats the column names (or labels), as
// row 0 of the first page of a SELECT does. Checking the content instead of
// dropping row 0 blindly keeps DDL/SHOW output intact, whose first row is
// data.
func isHeaderRow(row types.Row, md *types.ResultSetMetadata) bool {
	if md == nil || len(md.ColumnInfo) == 0 || len(row.Data) != len(md.ColumnInfo) {
		return false
	}
	for i, d := range row.Data {
		if d.VarCharValue == nil {
			return false
		}
		v, c := *d.VarCharValue, md.ColumnInfo[i]
		if v != aws.ToString(c.Name) && v != aws.ToString(c.Label) {
			return false
		}
	}
	return true
}

// appendRows converts Athena rows to [][]*string with exactly ncols cells
// each (short rows padded with NULL, extra cells dropped) so consumers can
// index by column without bounds checks. The cells of a page share one
// backing array, and the SDK's string pointers are reused, not copied.
func appendRows(dst [][]*string, rows []types.Row, ncols int) [][]*string {
	if len(rows) == 0 || ncols == 0 {
		return dst
	}
	cells := make([]*string, len(rows)*ncols)
	for i, r := range rows {
		row := cells[i*ncols : (i+1)*ncols : (i+1)*ncols]
		for j := 0; j < ncols && j < len(r.Data); j++ {
			row[j] = r.Data[j].VarCharValue
		}
		dst = append(dst, row)
	}
	return dst
}
