// Command bench measures the plugin binary the way Grafana drives it (over
// the plugin protocol, devenv/grafanahost) against the Athena emulator
// (internal/athenaemu, canned results, a latency added to every Athena and
// S3 call), and prints per case the wall time, the plugin's CPU time (from
// /proc/<pid>/stat), its peak RSS (VmHWM) and the API calls, once with
// large results read from S3 and once reading GetQueryResults pages only,
// so the gain is measured in one run. Every case starts a fresh plugin
// process, so CPU and peak RSS are that case's.
//
//	go -C devenv run ./cmd/bench          # the full benchmark (about a minute)
//	go -C devenv run ./cmd/bench -tiny    # seconds: small sizes, for CI
//	go -C devenv run ./cmd/bench -only 'rows' -big 30000   # one kind of case, while iterating
//	go -C devenv run ./cmd/bench -only '100000' -plugin-logs -plugin-env GODEBUG=gctrace=1   # the heap at each collection
//
// It is a measurement, never a test with timing thresholds: the targets of
// the performance issue are printed next to the figures for a reader.
// docs/performance.md has the table of a full run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"
)

func main() {
	tiny := flag.Bool("tiny", false, "small sizes and few repetitions (seconds; what CI runs)")
	only := flag.String("only", "", "run only the cases whose name matches this regular expression (for iterating on one case)")
	bigRows := flag.Int("big", 0, "rows of the big case (default 100000; 3000 with -tiny)")
	timeline := flag.Bool("timeline", false, "print each run's API calls with their arrival times (to stderr)")
	pluginEnv := flag.String("plugin-env", "", "space-separated NAME=value pairs added to the plugin's environment (e.g. GOGC=50)")
	pluginLogs := flag.Bool("plugin-logs", false, "copy the plugin's logs and stderr to stderr (with -plugin-env GODEBUG=gctrace=1: every collection's heap sizes)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := fullConfig
	if *tiny {
		cfg = tinyConfig
	}
	cfg.timeline, cfg.pluginEnv = *timeline, strings.Fields(*pluginEnv)
	if *pluginLogs {
		cfg.pluginLogs = os.Stderr
	}
	if *bigRows > 0 {
		cfg.bigRows = *bigRows
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -only:", err)
			os.Exit(2)
		}
		cfg.only = re
	}
	results, err := run(ctx, cfg, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	printTable(os.Stdout, results)
	printTargets(os.Stdout, cfg, results)
}
