// Command demo runs the plugin's main job on the local Security Lake replica:
// it builds the plugin binary, starts it the way Grafana does, points it at
// athena-local (in-process, over the replica's Trino) and runs representative
// Security Lake queries through it, printing each result as a small table
// with the data it scanned. scripts/demo.sh brings the replica up first.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

func main() {
	trinoURL := flag.String("trino", "http://127.0.0.1:8080", "the replica's Trino URL")
	maxRows := flag.Int("rows", 6, "rows printed per result")
	flag.Parse()
	if err := run(*trinoURL, *maxRows); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(trinoURL string, maxRows int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	root, err := grafanahost.RepoRoot()
	if err != nil {
		return err
	}
	fmt.Println("building the plugin binary …")
	bin, err := grafanahost.BuildPlugin(ctx, root, "")
	if err != nil {
		return err
	}
	al, err := athenalocal.New(athenalocal.Options{TrinoURL: trinoURL})
	if err != nil {
		return err
	}
	defer al.Close()
	srv := httptest.NewServer(al)
	defer srv.Close()
	host, err := grafanahost.Start(ctx, bin, grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv())
	if err != nil {
		return err
	}
	defer host.Stop()

	ds := grafanahost.DS{UID: "demo", Name: "Security Lake (local replica)",
		JSONData:                map[string]any{"authType": "keys", "defaultRegion": "us-east-1", "endpoint": srv.URL, "s3Endpoint": srv.URL, "workgroup": "primary"},
		DecryptedSecureJSONData: map[string]string{"accessKey": "AKIALOCALREPLICA0001", "secretKey": "local/replica/secret"}}
	health, err := host.CheckHealth(ctx, ds)
	if err != nil {
		return err
	}
	fmt.Printf("\nSave & test: %s — %s\n", health.Status, health.Message)

	cfg := replica.DefaultConfig()
	last := cfg.AnchorDay()
	from, to := last.AddDate(0, 0, 1-cfg.Days), last.Add(24*time.Hour-time.Millisecond)
	fmt.Printf("time range: %s – %s (UTC)\n", from.Format("2006-01-02"), to.Format("2006-01-02"))
	for _, d := range demos() {
		q := grafanahost.Query{RefID: "A", From: from, To: to, Interval: time.Hour, MaxDataPoints: 500, JSON: d.query}
		out, err := host.QueryData(ctx, ds, q)
		if err != nil {
			return err
		}
		printResult(os.Stdout, d.title, out["A"], maxRows)
	}
	return nil
}
