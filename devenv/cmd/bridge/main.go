// Command bridge serves the editors' test page and answers the Grafana HTTP
// API calls a datasource frontend makes with the real plugin binary, so the
// config and query editors can run in a browser without Grafana:
//
//	GET|POST /api/datasources/uid/<uid>/resources/<path>  → CallResource
//	GET      /api/datasources/uid/<uid>/health            → CheckHealth
//	POST     /api/ds/query                                → QueryData
//	GET      /…                                           → the files of -static
//
// It builds the plugin (./pkg) with pkg/grafanahost, starts it the way
// Grafana does and configures one datasource instance. By default the
// instance points at an in-process Athena emulator (internal/athenaemu)
// holding a Security Lake catalog and answering every query with a canned
// result; with -endpoint it points at a real Athena API endpoint instead,
// such as the local replica's athena-local:
//
//	go run ./cmd/bridge -static tests/browser/dist
//	go run ./cmd/bridge -endpoint http://127.0.0.1:4566 -jsondata my-settings.json
//
// It prints "bridge: listening on http://ADDR" once the plugin runs (with the
// default -addr 127.0.0.1:0 the port is picked by the system) and stops the
// plugin on SIGINT/SIGTERM. Secrets (-secure) are passed to the plugin only,
// never logged.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bridge:", err)
		os.Exit(1)
	}
}

// options is the parsed command line.
type options struct {
	addr, static, root, binary, uid, endpoint, jsonDataFile, secureFile, region string
	verbose                                                                     bool
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bridge", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "listen address (port 0 = any free port)")
	fs.StringVar(&o.static, "static", "", "directory of the test page served at / (default <root>/tests/browser/dist when it exists)")
	fs.StringVar(&o.root, "root", "", "repository root (default: the directory holding go.mod above the working directory)")
	fs.StringVar(&o.binary, "binary", "", "a built plugin binary (default: build ./pkg)")
	fs.StringVar(&o.uid, "uid", "seclake", "datasource UID the page uses")
	fs.StringVar(&o.endpoint, "endpoint", "", "a real Athena API endpoint (e.g. athena-local); default: an in-process fixture server")
	fs.StringVar(&o.jsonDataFile, "jsondata", "", "JSON file with datasource jsonData, merged over the defaults")
	fs.StringVar(&o.secureFile, "secure", "", "JSON file with decrypted secureJsonData (accessKey, secretKey, …); default: fixture keys")
	fs.StringVar(&o.region, "region", fixtureRegion, "defaultRegion of the datasource")
	fs.BoolVar(&o.verbose, "v", false, "log requests and the plugin's output to stderr")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return o, nil
}

// run starts everything, prints the URL and serves until ctx ends.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if o.root == "" {
		if o.root, err = grafanahost.RepoRoot(); err != nil {
			return err
		}
	}
	if o.static == "" {
		if dir := filepath.Join(o.root, "tests", "browser", "dist"); isDir(dir) {
			o.static = dir
		}
	}
	ds, fixture, err := datasource(o)
	if err != nil {
		return err
	}
	if fixture != nil {
		defer fixture.Close()
	}

	bin := o.binary
	if bin == "" {
		buildCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		bin, err = grafanahost.BuildPlugin(buildCtx, o.root, "")
		cancel()
		if err != nil {
			return err
		}
	}
	hostOpts := []grafanahost.Option{grafanahost.WithPluginJSON(filepath.Join(o.root, "src", "plugin.json")), grafanahost.WithCleanEnv()}
	if o.verbose {
		hostOpts = append(hostOpts, grafanahost.WithLogOutput(os.Stderr))
	}
	startCtx, cancel := context.WithTimeout(ctx, time.Minute)
	host, err := grafanahost.Start(startCtx, bin, hostOpts...)
	cancel()
	if err != nil {
		return err
	}
	defer host.Stop()

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return err
	}
	b := &bridge{host: host, ds: ds, fixture: fixture, static: o.static, verbose: o.verbose}
	srv := &http.Server{Handler: b.handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "bridge: listening on http://%s\n", ln.Addr())

	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("shutdown: %v", err)
	}
	return nil
}

// datasource builds the instance settings: defaults for the fixture (or the
// endpoint), then the -jsondata file on top. It returns the fixture server
// it started (nil with -endpoint); the caller closes it.
func datasource(o options) (grafanahost.DS, *athenaemu.CannedServer, error) {
	var srv *athenaemu.CannedServer
	closeFn := func() {
		if srv != nil {
			srv.Close()
		}
	}
	jsonData := map[string]any{"authType": "keys", "defaultRegion": o.region}
	secure := map[string]string{"accessKey": fixtureAccessKey, "secretKey": fixtureSecretKey}
	if o.endpoint != "" {
		jsonData["endpoint"] = o.endpoint
	} else {
		srv = newFixtureServer()
		jsonData["endpoint"] = srv.URL()
	}
	// The emulator behind the endpoint serves the result files too.
	jsonData["s3Endpoint"] = jsonData["endpoint"]
	if o.jsonDataFile != "" {
		var extra map[string]any
		if err := readJSON(o.jsonDataFile, &extra); err != nil {
			closeFn()
			return grafanahost.DS{}, nil, err
		}
		for k, v := range extra {
			jsonData[k] = v
		}
	}
	if o.secureFile != "" {
		secure = map[string]string{}
		if err := readJSON(o.secureFile, &secure); err != nil {
			closeFn()
			return grafanahost.DS{}, nil, err
		}
	}
	return grafanahost.DS{UID: o.uid, Name: "Security Lake", JSONData: jsonData, DecryptedSecureJSONData: secure}, srv, nil
}

// readJSON decodes a JSON object file. Its content is never echoed, since a
// secure file holds secrets.
func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s is not a JSON object of the expected shape", path)
	}
	return nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
