package plugin

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// regionColumn is the column a merged result carries each row's Region in.
// toFrame shapes the merged result like any other: a table or logs frame
// shows it as a column; a time series turns it, as every string column,
// into a series label (region=eu-west-1). A result that already has a
// region column (a query grouping by region) keeps its own: in a lake
// without a rollup it holds the same value.
const regionColumn = "region"

// mergeRegionRuns merges the Regions' answers into one frame, or returns
// the error of a fan-out in which no Region answered. A Region whose
// columns differ from the first answering Region's counts as failed.
//
// The merge is deterministic: rows are ordered newest first by the
// result's first date or timestamp column, ties (and results without a
// time column) in lakeRegions order and each Region's own order; a time
// series is then sorted by time ascending by toFrame as always. The
// merged rows are cut at rowLimit, with the usual truncation notice.
func (d *Datasource) mergeRegionRuns(refID string, parsed plannedQuery, runs []regionRun, ignored []string) (*data.Frame, error) {
	var ok []int
	for i := range runs {
		if runs[i].err != nil {
			continue
		}
		if len(ok) > 0 {
			if err := sameColumns(runs[ok[0]], runs[i]); err != nil {
				runs[i].err = err
				continue
			}
		}
		ok = append(ok, i)
	}
	if len(ok) == 0 {
		return nil, newRegionsError(runs, d.settings.QueryTimeoutSeconds)
	}
	res := mergeResults(runs, ok, d.settings.RowLimit)
	plan := parsed
	plan.sql = regionSQL(runs)
	plan.notices = d.regionNotices(runs, ok, ignored)
	return d.toFrame(refID, plan, res)
}

// sameColumns checks that b's result can be stacked under a's.
func sameColumns(a, b regionRun) error {
	ac, bc := a.run.res.Columns, b.run.res.Columns
	same := len(ac) == len(bc)
	for i := 0; same && i < len(ac); i++ {
		same = ac[i].Name == bc[i].Name && ac[i].Type == bc[i].Type
	}
	if same {
		return nil
	}
	return badQuery(fmt.Errorf("its result columns (%s) differ from those of %s (%s), so its rows cannot be merged; "+
		"the Regions' tables may differ in version or schema", columnList(bc), a.region, columnList(ac)))
}

func columnList(cols []athena.Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name + " " + c.Type
	}
	return strings.Join(parts, ", ")
}

// mergeResults stacks the answering Regions' rows (ok indexes runs) with a
// Region cell, orders them and sums the statistics. The cached results it
// reads are never modified: a row gets the Region cell in a new slice.
func mergeResults(runs []regionRun, ok []int, rowLimit int) *athena.Result {
	first := runs[ok[0]].run.res
	cols := slices.Clone(first.Columns)
	options := isOptionList(cols)
	addRegion := !options && !slices.ContainsFunc(cols, func(c athena.Column) bool { return strings.EqualFold(c.Name, regionColumn) })
	if addRegion {
		cols = append(cols, athena.Column{Name: regionColumn, Type: "varchar"})
	}
	out := &athena.Result{Columns: cols, StatementType: first.StatementType, ReusedPreviousResult: true}
	ids := make([]string, 0, len(ok))
	for _, i := range ok {
		res := runs[i].run.res
		region := runs[i].region
		for _, row := range res.Rows {
			if addRegion {
				row = append(slices.Clip(row), &region)
			}
			out.Rows = append(out.Rows, row)
		}
		ids = append(ids, res.QueryID)
		out.DataScannedBytes += res.DataScannedBytes
		// The Regions ran side by side: the times are the longest one's.
		out.EngineTimeMs = max(out.EngineTimeMs, res.EngineTimeMs)
		out.TotalTimeMs = max(out.TotalTimeMs, res.TotalTimeMs)
		out.QueueTimeMs = max(out.QueueTimeMs, res.QueueTimeMs)
		out.Elapsed = max(out.Elapsed, res.Elapsed)
		out.ReusedPreviousResult = out.ReusedPreviousResult && res.ReusedPreviousResult
		out.Truncated = out.Truncated || res.Truncated
	}
	out.QueryID = strings.Join(ids, ",")
	if options {
		out.Rows = distinctOptions(out.Rows)
	} else if t := timeColumn(first.Columns); t >= 0 {
		// Athena renders a column's dates and timestamps in one fixed-width
		// form (2026-11-01 12:00:00.000), so text order is time order.
		sort.SliceStable(out.Rows, func(a, b int) bool {
			x, y := out.Rows[a][t], out.Rows[b][t]
			if x == nil || y == nil {
				return x != nil // NULL times last
			}
			return *x > *y
		})
	}
	if rowLimit > 0 && len(out.Rows) > rowLimit {
		out.Rows = out.Rows[:rowLimit]
		out.Truncated = true
	}
	return out
}

// isOptionList reports whether a result is a template variable's option
// list: a value column, or value and text columns (the names the variable
// support reads). Its Regions' rows merge into one list of distinct
// options, without a region column: the region variable's own query
// (SELECT DISTINCT "region" AS "value" …) then lists every lake Region,
// and an account present in two Regions is one option.
func isOptionList(cols []athena.Column) bool {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = strings.ToLower(c.Name)
	}
	slices.Sort(names)
	return slices.Equal(names, []string{"value"}) || slices.Equal(names, []string{"text", "value"})
}

// distinctOptions drops repeated option rows and sorts the rest by their
// cells, numbers numerically (class and severity ids), so the list does
// not depend on which Region answered first.
func distinctOptions(rows [][]*string) [][]*string {
	seen := map[string]bool{}
	out := rows[:0:0]
	for _, row := range rows {
		var b strings.Builder
		for _, c := range row {
			if c == nil {
				b.WriteString("\x01")
			} else {
				b.WriteString(*c)
			}
			b.WriteString("\x00")
		}
		if k := b.String(); !seen[k] {
			seen[k] = true
			out = append(out, row)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return rowLess(out[a], out[b]) })
	return out
}

func rowLess(a, b []*string) bool {
	for i := range a {
		x, y := a[i], b[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil || y == nil:
			return y == nil // NULL last
		case *x == *y:
			continue
		}
		fx, ex := strconv.ParseFloat(*x, 64)
		fy, ey := strconv.ParseFloat(*y, 64)
		if ex == nil && ey == nil && fx != fy {
			return fx < fy
		}
		return *x < *y
	}
	return false
}

// timeColumn is the index of the first date or timestamp column, or -1.
func timeColumn(cols []athena.Column) int {
	for i, c := range cols {
		t := strings.ToLower(c.Type)
		if t == "date" || strings.HasPrefix(t, "timestamp") {
			return i
		}
	}
	return -1
}

// regionSQL is the executed SQL of a fan-out: each Region's statement
// under a comment naming the Region.
func regionSQL(runs []regionRun) string {
	var b strings.Builder
	for _, r := range runs {
		if r.plan.sql == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "-- Region %s\n%s", r.region, r.plan.sql)
	}
	return b.String()
}

// regionNotices are the merged frame's notices: the planning notices (once
// each), a summary of the Regions and their data scanned, a warning per
// failed Region (partial result), the ignored selections and the wait.
func (d *Datasource) regionNotices(runs []regionRun, ok []int, ignored []string) []data.Notice {
	var out []data.Notice
	seen := map[string]bool{}
	for _, i := range ok {
		for _, n := range runs[i].plan.notices {
			if !seen[n.Text] {
				seen[n.Text] = true
				out = append(out, n)
			}
		}
	}
	parts := make([]string, 0, len(ok))
	answered := make([]string, 0, len(ok))
	var total int64
	var waited time.Duration
	for _, i := range ok {
		r := runs[i]
		scanned := r.run.res.DataScannedBytes
		total += scanned
		waited = max(waited, r.run.waited)
		detail := byteText(scanned) + " scanned"
		switch r.served {
		case servedCache:
			detail = fmt.Sprintf("from the plugin's cache, %d s old", int(r.age.Seconds()))
		case servedShared:
			detail += ", shared with an identical query"
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", r.region, detail))
		answered = append(answered, r.region)
	}
	out = append(out, data.Notice{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
		"Merged from %d Regions, each queried in its own Athena and database: %s; %s scanned in all.",
		len(ok), strings.Join(parts, ", "), byteText(total))})
	for _, r := range runs {
		if r.err == nil {
			continue
		}
		out = append(out, data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf(
			"Partial result: the query failed in %s, so its rows are missing (the rows shown come from %s). %s: %s",
			r.region, strings.Join(answered, ", "), r.region, errorText(r.err, d.settings.QueryTimeoutSeconds))})
	}
	if len(ignored) > 0 {
		out = append(out, data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf(
			"Not queried: %s %s not among this datasource's lake Regions (%s).",
			strings.Join(ignored, ", "), isAre(len(ignored)), strings.Join(d.settings.LakeRegions, ", "))})
	}
	if waited > 0 {
		out = append(out, data.Notice{Severity: data.NoticeSeverityInfo, Text: d.waitNotice(waited)})
	}
	return out
}

// byteText renders a byte count in decimal units, as Athena bills them.
func byteText(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n), 0
	for v >= unit && i < 4 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %cB", v, "kMGTP"[i-1])
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
