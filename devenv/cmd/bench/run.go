package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// config sizes a run.
type config struct {
	name                string
	smallReps, slowReps int
	midRows, bigRows    int
	// only, when set, selects the cases run by name.
	only *regexp.Regexp
	// timeline prints each run's API calls with their arrival times.
	timeline bool
	// pluginEnv is added to the plugin's environment (GOGC=50, …).
	pluginEnv []string
	// pluginLogs, when set, receives the plugin's log and stderr lines.
	pluginLogs io.Writer
}

var (
	fullConfig = config{name: "full", smallReps: 30, slowReps: 5, midRows: 10_000, bigRows: 100_000}
	tinyConfig = config{name: "tiny", smallReps: 5, slowReps: 1, midRows: 1_500, bigRows: 3_000}
)

// Paths compared in every case.
const (
	pathS3    = "s3"
	pathPages = "pages only"
)

// result is one case on one path.
type result struct {
	Case, Path string
	Runs       int
	// Wall is the median wall time of one run.
	Wall    time.Duration
	CPU     time.Duration // plugin CPU for all runs
	PeakRSS int64
	// Calls are the emulator's API calls per operation, for all runs.
	Calls map[string]int
	Note  string
}

// bench is one run's shared state: the emulator and the plugin binary.
type bench struct {
	cfg  config
	srv  *athenaemu.CannedServer
	bin  string
	json string // plugin.json
	log  io.Writer
}

func run(ctx context.Context, cfg config, log io.Writer) ([]result, error) {
	root, err := grafanahost.RepoRoot()
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(log, "building the plugin binary…")
	bin, err := grafanahost.BuildPlugin(ctx, root, "")
	if err != nil {
		return nil, err
	}
	srv := athenaemu.NewServer()
	defer srv.Close()
	plugintest.AddLakeCatalog(srv, plugintest.FixtureRegion, "s3://bench-results/grafana/")
	srv.Handle(athenaemu.Contains("FROM small"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}, {Name: "name", Type: "varchar"}},
		Rows:    [][]*string{athenaemu.Row(1, "one")},
	})
	for _, n := range []int{cfg.midRows, cfg.bigRows} {
		srv.Handle(athenaemu.Contains(fmt.Sprintf("FROM rows_%d_cols_20", n)), athenaemu.Result{Columns: athenaemu.MixedColumns, Rows: athenaemu.MixedRows(n)})
	}
	if err := prerender(ctx, srv, cfg.midRows, cfg.bigRows); err != nil {
		return nil, err
	}
	b := &bench{cfg: cfg, srv: srv, bin: bin, json: filepath.Join(root, "src", "plugin.json"), log: log}
	var out []result
	for _, c := range b.cases() {
		if cfg.only != nil && !cfg.only.MatchString(c.name) {
			continue
		}
		for _, path := range []string{pathS3, pathPages} {
			fmt.Fprintf(log, "%s, %s…\n", c.name, path)
			r, err := b.measure(ctx, c, path)
			if err != nil {
				return nil, fmt.Errorf("%s (%s): %w", c.name, path, err)
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// prerender reads each large result once from S3 before any timed run, so
// the emulator has rendered (and cached) its result file: real S3 serves a
// file Athena wrote when the query finished, so writing it is not a cost of
// the plugin's read and must not be inside the measured wall time.
func prerender(ctx context.Context, srv *athenaemu.CannedServer, sizes ...int) error {
	cfg := srv.AWSConfig()
	ex := athena.New(athena.NewClient(cfg, srv.URL()), athena.Options{
		Objects: athena.NewObjectClient(cfg, srv.URL()), RowLimit: 1_000_000,
		PollInitial: time.Millisecond, PollMax: 10 * time.Millisecond,
	})
	for _, n := range sizes {
		res, rep, err := ex.RunReport(ctx, fmt.Sprintf("SELECT * FROM rows_%d_cols_20", n))
		if err != nil {
			return fmt.Errorf("pre-rendering the %d-row result file: %w", n, err)
		}
		if len(res.Rows) != n || rep.ResultSource != athena.SourceS3 {
			return fmt.Errorf("pre-rendering the %d-row result file: %d rows from %s", n, len(res.Rows), rep.ResultSource)
		}
	}
	srv.ResetCalls()
	return nil
}

// benchCase is one workload: runs of fn at a latency per call.
type benchCase struct {
	name    string
	latency time.Duration
	runs    int
	// cache keeps the plugin's result cache on (default TTL); other cases
	// turn it off so repeated runs reach Athena.
	cache bool
	// fn runs once and checks the answers; note is shown in the table.
	fn func(ctx context.Context, p *pluginRun) (note string, err error)
}

// pluginRun is a started plugin with its datasource.
type pluginRun struct {
	h  *grafanahost.Host
	ds grafanahost.DS
}

// measure starts a plugin, warms its instance up (settings, discovery),
// then times c's runs.
func (b *bench) measure(ctx context.Context, c benchCase, path string) (result, error) {
	// Result reuse off: every run reaches the emulator's engine, so the
	// repeated runs of a case measure the same work.
	extra := map[string]any{"rowLimit": 1_000_000, "resultReuseEnabled": false}
	if !c.cache {
		extra["resultCacheSeconds"] = 0
	}
	if path == pathPages {
		extra["resultsFromS3"] = false
	}
	opts := []grafanahost.Option{grafanahost.WithPluginJSON(b.json), grafanahost.WithCleanEnv(), grafanahost.WithLogLevel("warn"), grafanahost.WithEnv(b.cfg.pluginEnv...)}
	if b.cfg.pluginLogs != nil {
		// Trace keeps the runtime's own lines too (GODEBUG=gctrace=1).
		opts = append(opts, grafanahost.WithLogLevel("trace"), grafanahost.WithLogOutput(b.cfg.pluginLogs))
	}
	h, err := grafanahost.Start(ctx, b.bin, opts...)
	if err != nil {
		return result{}, err
	}
	defer h.Stop()
	p := &pluginRun{h: h, ds: grafanahost.DS{UID: "bench", Name: "bench", JSONData: plugintest.FixtureJSONData(b.srv, extra), DecryptedSecureJSONData: plugintest.FixtureSecure()}}
	b.srv.SetResponseDelay(0)
	if _, err := p.query(ctx, "SELECT n FROM small_warmup", 1); err != nil {
		return result{}, fmt.Errorf("warm-up: %w", err)
	}
	b.srv.SetResponseDelay(c.latency)
	defer b.srv.SetResponseDelay(0)
	b.srv.ResetCalls()
	cpu0, err := cpuTime(h.Pid())
	if err != nil {
		return result{}, err
	}
	walls := make([]time.Duration, 0, c.runs)
	var note string
	for range c.runs {
		began := time.Now()
		if note, err = c.fn(ctx, p); err != nil {
			return result{}, err
		}
		walls = append(walls, time.Since(began))
		if b.cfg.timeline {
			for _, call := range b.srv.Calls() {
				if call.At.After(began) {
					fmt.Fprintf(b.log, "  +%s %s\n", ms(call.At.Sub(began)), call.Operation)
				}
			}
			fmt.Fprintf(b.log, "  +%s done\n", ms(time.Since(began)))
		}
	}
	cpu1, err := cpuTime(h.Pid())
	if err != nil {
		return result{}, err
	}
	rss, err := peakRSS(h.Pid())
	if err != nil {
		return result{}, err
	}
	calls := map[string]int{}
	for _, call := range b.srv.Calls() {
		calls[call.Operation]++
	}
	slices.Sort(walls)
	return result{Case: c.name, Path: path, Runs: c.runs, Wall: walls[len(walls)/2], CPU: cpu1 - cpu0, PeakRSS: rss, Calls: calls, Note: note}, nil
}

// query runs one raw SQL query and checks that it returned want rows.
func (p *pluginRun) query(ctx context.Context, sql string, want int) (time.Duration, error) {
	return p.panel(ctx, []string{sql}, want)
}

// panel runs the queries in one QueryData request, as one panel's
// queries arrive, and checks each answer's row count.
func (p *pluginRun) panel(ctx context.Context, sqls []string, want int) (time.Duration, error) {
	qs := make([]grafanahost.Query, len(sqls))
	to := time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	for i, sql := range sqls {
		qs[i] = grafanahost.Query{RefID: fmt.Sprintf("Q%d", i), JSON: map[string]any{"rawSql": sql, "format": "table"}, From: to.Add(-time.Hour), To: to}
	}
	began := time.Now()
	out, err := p.h.QueryData(ctx, p.ds, qs...)
	took := time.Since(began)
	if err != nil {
		return took, err
	}
	for _, q := range qs {
		r := out[q.RefID]
		if r.Error != "" || len(r.Frames) != 1 || r.Frames[0].Rows() != want {
			rows := -1
			if len(r.Frames) == 1 {
				rows = r.Frames[0].Rows()
			}
			return took, fmt.Errorf("%s: error %q, %d frames, %d rows (want %d)", q.RefID, r.Error, len(r.Frames), rows, want)
		}
	}
	return took, nil
}

// dashboard sends each SQL as its own request, all at once, as Grafana
// sends a dashboard's panels.
func (p *pluginRun) dashboard(ctx context.Context, sqls []string) error {
	errs := make([]error, len(sqls))
	var wg sync.WaitGroup
	for i, sql := range sqls {
		wg.Go(func() { _, errs[i] = p.query(ctx, sql, 1) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
