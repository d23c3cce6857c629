// Command athena-local serves the Amazon Athena API (JSON 1.1) from a local
// Trino, so the Security Lake plugin — or any aws-sdk client — can run
// against the replica by pointing its endpoint at this server.
//
//	athena-local -listen 127.0.0.1:4566 -trino http://127.0.0.1:8080 -workgroups primary,grafana
//
// It prints "athena-local listening on http://ADDR" once it accepts
// connections (with -listen 127.0.0.1:0 the port is picked by the system),
// and shuts down gracefully on SIGINT/SIGTERM, cancelling running queries in
// Trino. Every flag has an ATHENA_LOCAL_* environment variable (flag wins).
// Query result files are served as S3 objects on the same address (path
// style). Faults are set with -faults or at run time through
// /_admin/faults; the fault syntax is documented in internal/athenaemu.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "athena-local:", err)
		os.Exit(1)
	}
}

// config is the parsed command line.
type config struct {
	listen, trinoURL, user, workgroups, latency, faults, logLevel, output, catalog string
	maxResultBytes                                                                 int64
	cutoff                                                                         int64
	responseDelay                                                                  time.Duration
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("ATHENA_LOCAL_" + name); ok {
		return v
	}
	return def
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("athena-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", env("LISTEN", "127.0.0.1:4566"), "address to serve the Athena API on (port 0: any free port) [ATHENA_LOCAL_LISTEN]")
	fs.StringVar(&c.trinoURL, "trino", env("TRINO", "http://127.0.0.1:8080"), "Trino coordinator URL [ATHENA_LOCAL_TRINO]")
	fs.StringVar(&c.user, "user", env("USER_NAME", "athena-local"), "Trino user (X-Trino-User) [ATHENA_LOCAL_USER_NAME]")
	fs.StringVar(&c.workgroups, "workgroups", env("WORKGROUPS", "primary"), "comma-separated workgroups; primary always exists [ATHENA_LOCAL_WORKGROUPS]")
	fs.StringVar(&c.latency, "latency", env("LATENCY", ""), `added latency: "50ms" for every operation, or "GetQueryExecution=200ms,*=5ms" [ATHENA_LOCAL_LATENCY]`)
	fs.StringVar(&c.faults, "faults", env("FAULTS", ""), `fault rules as JSON, as /_admin/faults takes them: '[{"op":"GetQueryExecution","times":2,"action":"throttle"}]' [ATHENA_LOCAL_FAULTS]`)
	fs.StringVar(&c.logLevel, "log", env("LOG", "info"), "log level: debug (every call), info (query outcomes), warn, off [ATHENA_LOCAL_LOG]")
	fs.StringVar(&c.output, "output-location", env("OUTPUT_LOCATION", "s3://athena-local-query-results/"), "fake result location reported by workgroups and queries [ATHENA_LOCAL_OUTPUT_LOCATION]")
	fs.StringVar(&c.catalog, "catalog", env("CATALOG", "awsdatacatalog"), "Trino catalog served as Athena's AwsDataCatalog, in the session and in the SQL (a lake profile's, e.g. lake_minimal) [ATHENA_LOCAL_CATALOG]")
	fs.Int64Var(&c.maxResultBytes, "max-result-bytes", 256<<20, "per-query result buffer; larger results FAIL")
	fs.Int64Var(&c.cutoff, "bytes-scanned-cutoff", 0, "BytesScannedCutoffPerQuery reported by workgroups (not enforced; 0 = none)")
	fs.DurationVar(&c.responseDelay, "response-delay", athenaemu.DefaultResponseDelay, "pause before each response; keeps aws-sdk-go-v2 from failing on loopback (see internal/athenaemu); negative disables")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}

// parseLatency reads "50ms" or "Op=50ms,*=5ms" as delays per operation
// ("*": every call).
func parseLatency(s string) (map[string]time.Duration, error) {
	out := map[string]time.Duration{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		op, v, ok := strings.Cut(part, "=")
		if !ok {
			op, v = "*", part
		}
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("-latency %q: want a duration like 50ms", part)
		}
		out[strings.TrimSpace(op)] = d
	}
	return out, nil
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	switch strings.ToLower(level) {
	case "off", "none", "":
		return slog.New(slog.DiscardHandler), nil
	case "debug":
		l = slog.LevelDebug
	case "info":
		l = slog.LevelInfo
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		return nil, fmt.Errorf("-log %q: want debug, info, warn, error or off", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// run serves until ctx ends; stdout gets the one "listening" line tests
// and scripts wait for, stderr the logs.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	lat, err := parseLatency(c.latency)
	if err != nil {
		return err
	}
	var faults []athenaemu.Fault
	for _, op := range slices.Sorted(maps.Keys(lat)) {
		faults = append(faults, athenaemu.Fault{Op: op, Delay: athenaemu.Duration(lat[op])})
	}
	if strings.TrimSpace(c.faults) != "" {
		more, err := athenaemu.ParseFaults(c.faults)
		if err != nil {
			return fmt.Errorf("-faults: %w", err)
		}
		faults = append(faults, more...)
	}
	logger, err := newLogger(c.logLevel, stderr)
	if err != nil {
		return err
	}
	srv, err := athenalocal.New(athenalocal.Options{
		TrinoURL: c.trinoURL, TrinoUser: c.user,
		Catalogs:                   map[string]string{athenaemu.DefaultCatalog: c.catalog},
		WorkGroups:                 strings.Split(c.workgroups, ","),
		OutputLocation:             c.output,
		BytesScannedCutoffPerQuery: c.cutoff,
		MaxResultBytes:             c.maxResultBytes,
		Logger:                     logger,
		Emulator:                   athenaemu.Options{ResponseDelay: c.responseDelay, Faults: faults},
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", c.listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "athena-local listening on http://%s (trino %s)\n", ln.Addr(), c.trinoURL)
	logger.Info("serving", "addr", ln.Addr().String(), "trino", c.trinoURL, "workgroups", c.workgroups)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
