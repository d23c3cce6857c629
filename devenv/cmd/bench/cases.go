package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// Case names; printTargets finds the figures by them.
const (
	caseSmall0    = "small query, 0 ms/call"
	caseSmall20   = "small query, 20 ms/call"
	caseSingle100 = "1 query, 100 ms/call"
	casePanel100  = "6-query panel, 100 ms/call"
	caseMid       = "mid rows × 20 cols, 100 ms/call"
	caseBig       = "big rows × 20 cols, 100 ms/call"
	caseDashboard = "8-panel dashboard ×2, 20 ms/call"
)

func (b *bench) cases() []benchCase {
	small := func(ctx context.Context, p *pluginRun) (string, error) {
		_, err := p.query(ctx, "SELECT n, name FROM small", 1)
		return "", err
	}
	rows := func(n int) func(context.Context, *pluginRun) (string, error) {
		return func(ctx context.Context, p *pluginRun) (string, error) {
			_, err := p.query(ctx, fmt.Sprintf("SELECT * FROM rows_%d_cols_20", n), n)
			return fmt.Sprintf("%d rows", n), err
		}
	}
	panel := make([]string, 6)
	for i := range panel {
		panel[i] = fmt.Sprintf("SELECT n, name FROM small_panel_%d", i)
	}
	dash := make([]string, 8)
	for i := range dash {
		dash[i] = fmt.Sprintf("SELECT n, name FROM small_dash_%d", i)
	}
	return []benchCase{
		{name: caseSmall0, runs: b.cfg.smallReps, fn: small},
		{name: caseSmall20, latency: 20 * time.Millisecond, runs: b.cfg.smallReps, fn: small},
		{name: caseSingle100, latency: 100 * time.Millisecond, runs: b.cfg.slowReps, fn: small},
		{name: casePanel100, latency: 100 * time.Millisecond, runs: b.cfg.slowReps, fn: func(ctx context.Context, p *pluginRun) (string, error) {
			_, err := p.panel(ctx, panel, 1)
			return "", err
		}},
		{name: strings.Replace(caseMid, "mid", fmt.Sprint(b.cfg.midRows), 1), latency: 100 * time.Millisecond, runs: 1, fn: rows(b.cfg.midRows)},
		{name: strings.Replace(caseBig, "big", fmt.Sprint(b.cfg.bigRows), 1), latency: 100 * time.Millisecond, runs: 1, fn: rows(b.cfg.bigRows)},
		{name: caseDashboard, latency: 20 * time.Millisecond, runs: 1, cache: true, fn: func(ctx context.Context, p *pluginRun) (string, error) {
			b.srv.ResetCalls()
			if err := p.dashboard(ctx, dash); err != nil {
				return "", err
			}
			first := b.srv.Count("StartQueryExecution")
			began := time.Now()
			if err := p.dashboard(ctx, dash); err != nil {
				return "", err
			}
			return fmt.Sprintf("Athena queries: 1st refresh %d, 2nd refresh %d (%s)", first, b.srv.Count("StartQueryExecution")-first, ms(time.Since(began))), nil
		}},
	}
}

// operations are the table's call columns, in a query's order.
var operations = []struct{ op, title string }{
	{"StartQueryExecution", "Start"}, {"GetQueryExecution", "GetQE"}, {"GetQueryResults", "GetQR"}, {"GetObject", "S3 Get"},
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// printTable writes the results as a Markdown table.
func printTable(w io.Writer, results []result) {
	fmt.Fprintln(w, "| case | path | runs | wall (median) | plugin CPU (all runs) | peak RSS | Start | GetQE | GetQR | S3 Get | note |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %d MiB |", r.Case, r.Path, r.Runs, ms(r.Wall), ms(r.CPU), r.PeakRSS>>20)
		for _, o := range operations {
			fmt.Fprintf(w, " %d |", r.Calls[o.op])
		}
		fmt.Fprintf(w, " %s |\n", r.Note)
	}
}

// find returns the result of a case (by name prefix) on a path.
func find(results []result, prefix, path string) (result, bool) {
	for _, r := range results {
		if strings.HasPrefix(r.Case, prefix) && r.Path == path {
			return r, true
		}
	}
	return result{}, false
}

// printTargets sets the targets next to the figures of the S3
// path. It judges nothing: on a loaded machine the figures move.
func printTargets(w io.Writer, cfg config, results []result) {
	fmt.Fprintf(w, "\nTargets (%s run; the S3 path unless said):\n", cfg.name)
	if r, ok := find(results, caseSmall0, pathS3); ok {
		fmt.Fprintf(w, "- small query at 0 ms: median %s (target ≤ 10 ms)\n", ms(r.Wall))
	}
	if r, ok := find(results, caseSmall20, pathS3); ok {
		fmt.Fprintf(w, "- small query at 20 ms: median %s = %.1f round trips (target ≤ 3)\n", ms(r.Wall), float64(r.Wall)/float64(20*time.Millisecond))
	}
	one, ok1 := find(results, caseSingle100, pathS3)
	six, ok6 := find(results, casePanel100, pathS3)
	if ok1 && ok6 {
		fmt.Fprintf(w, "- 6-query panel at 100 ms: %s vs one query %s = %.2f× (target ≤ 1.1×)\n", ms(six.Wall), ms(one.Wall), float64(six.Wall)/float64(one.Wall))
	}
	big := strings.Replace(caseBig, "big", fmt.Sprint(cfg.bigRows), 1)
	s3, okS := find(results, big, pathS3)
	pages, okP := find(results, big, pathPages)
	if okS && okP {
		fmt.Fprintf(w, "- %d rows at 100 ms: %s (target ≤ 1.5 s at 100k rows), %.1f× faster than pages only (%s; target ≥ 8×), peak RSS %d MiB (target ≤ 250 MiB)\n",
			cfg.bigRows, ms(s3.Wall), float64(pages.Wall)/float64(s3.Wall), ms(pages.Wall), s3.PeakRSS>>20)
	}
	if r, ok := find(results, caseDashboard, pathS3); ok {
		fmt.Fprintf(w, "- 8-panel dashboard refreshed twice: %s (target: 0 Athena queries on the 2nd refresh)\n", r.Note)
	}
}
