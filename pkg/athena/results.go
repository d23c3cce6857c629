package athena

import (
	"context"
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

// fetch pages GetQueryResults into res, honouring RowLimit. Pages are
// fetched one after another because Athena's NextToken chains them.
//
// With a row limit it asks for exactly the rows still needed plus one: the
// extra row tells "exactly RowLimit rows" from "more than RowLimit" without
// an additional page, and it is dropped again.
//
// All pages are one athena.results span with the page count as attribute.
func (e *Executor) fetch(ctx context.Context, qe *types.QueryExecution, res *Result, rep *Report) (err error) {
	ctx, span := e.startSpan(ctx, spanResults, rep)
	rep.ResultSource = SourcePages
	defer func() {
		rep.Rows, rep.Truncated = len(res.Rows), res.Truncated
		endSpan(span, rep, err, attrPages.Int(rep.Pages), attrRows.Int(rep.Rows), attrTruncated.Bool(rep.Truncated),
			attrSource.String(rep.ResultSource))
	}()
	stmt := qe.StatementType
	queryID := rep.QueryID
	limit := e.opts.RowLimit
	in := &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(queryID)}
	first := true
	var lastToken string
	for {
		in.MaxResults = aws.Int32(e.pageSize(limit, len(res.Rows), first))
		rep.Pages++
		out, err := readOnce(ctx, e, "GetQueryResults", rep, func() (*athenasdk.GetQueryResultsOutput, error) {
			return e.api.GetQueryResults(ctx, in, e.observeRetries(ctx, "GetQueryResults", rep))
		})
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
		res.Rows = appendRows(res.Rows, rows, len(res.Columns))
		if limit > 0 && len(res.Rows) > limit {
			clear(res.Rows[limit:]) // let the cells of the dropped rows be freed
			res.Rows = res.Rows[:limit]
			res.Truncated = true
			return nil
		}
		token := aws.ToString(out.NextToken)
		if token == "" {
			return nil
		}
		if first && e.fromObject(ctx, qe, res, rep) {
			return nil
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

// fromObject reads the rest of a result larger than one page from its
// result file in S3 in one streamed GetObject instead of one
// GetQueryResults call per 1,000 rows. It replaces res.Rows (the first
// page, whose rows the file holds too) and reports true on success. On
// failure res is untouched, the reason is noted in rep and res.Notices,
// and the caller goes on with the pages.
func (e *Executor) fromObject(ctx context.Context, qe *types.QueryExecution, res *Result, rep *Report) bool {
	if e.opts.Objects == nil || qe.StatementType != types.StatementTypeDml || len(res.Columns) == 0 ||
		qe.ResultConfiguration == nil || aws.ToString(qe.ResultConfiguration.OutputLocation) == "" {
		return false
	}
	rows, err := e.readObject(ctx, aws.ToString(qe.ResultConfiguration.OutputLocation), len(res.Columns), e.opts.RowLimit, rep)
	if err != nil {
		if ctx.Err() != nil {
			return false // the page loop notices and stops the query
		}
		rep.ObjectFallback = objectErrorCode(err)
		res.Notices = append(res.Notices, fallbackNotice(rep.ObjectFallback))
		return false
	}
	rep.ResultSource = SourceS3
	clear(res.Rows)
	res.Rows = rows
	if limit := e.opts.RowLimit; limit > 0 && len(res.Rows) > limit {
		clear(res.Rows[limit:])
		res.Rows = res.Rows[:limit]
		res.Truncated = true
	}
	return true
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
