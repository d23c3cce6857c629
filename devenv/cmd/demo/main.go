// Command demo runs the plugin's main job on the local Security Lake replica:
// it builds the plugin binary, starts it the way Grafana does, points it at
// athena-local (in-process, over the replica's Trino) and runs representative
// Security Lake queries through it, printing each result as a small table
// with the data it scanned. scripts/demo.sh brings the replica up first.
//
// -profile picks the lake (full, minimal, v1, subscriber, rollup, regions;
// docs/design/trino-replica.md): each Glue catalog of the profile gets its
// own endpoint, and a query of a source the discovered lake does not hold
// is reported as absent rather than run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/replica"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func main() {
	trinoURL := flag.String("trino", "http://127.0.0.1:8080", "the replica's Trino URL")
	maxRows := flag.Int("rows", 6, "rows printed per result")
	profile := flag.String("profile", "full", "lake profile: "+strings.Join(replica.ProfileNames, ", "))
	flag.Parse()
	if err := run(*trinoURL, *profile, *maxRows); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// tally counts the outcomes of the demo queries.
type tally struct{ ran, absent, failed int }

func run(trinoURL, profile string, maxRows int) error {
	p, err := replica.LookupProfile(profile, replica.DefaultVolume)
	if err != nil {
		return err
	}
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
	host, err := grafanahost.Start(ctx, bin, grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv())
	if err != nil {
		return err
	}
	defer host.Stop()
	fmt.Printf("lake profile %s: %s\n", p.Name, p.Summary)
	var t tally
	for _, l := range p.Lakes {
		al, err := athenalocal.New(athenalocal.Options{TrinoURL: trinoURL,
			Catalogs: map[string]string{athenaemu.DefaultCatalog: l.HiveCatalog()}})
		if err != nil {
			return err
		}
		srv := httptest.NewServer(al)
		err = runLake(ctx, os.Stdout, host, l, srv.URL, maxRows, &t)
		srv.Close()
		al.Close()
		if err != nil {
			return err
		}
	}
	fmt.Printf("\nprofile %s: %d queries ran, %d sources absent from the lake, %d failed\n", p.Name, t.ran, t.absent, t.failed)
	if t.failed > 0 {
		return fmt.Errorf("%d queries failed", t.failed)
	}
	return nil
}

// runLake runs Save & test and the demo queries against one Glue catalog
// of the profile, through its own endpoint, in the lake's home Region.
func runLake(ctx context.Context, w io.Writer, host *grafanahost.Host, l replica.Config, endpoint string, maxRows int, t *tally) error {
	region := l.Regions[0]
	if l.Rollup != "" {
		region = l.Rollup
	}
	js := map[string]any{"authType": "keys", "defaultRegion": region, "endpoint": endpoint, "s3Endpoint": endpoint, "workgroup": "primary"}
	if l.Database != "" {
		js["database"] = l.Database
	}
	if len(l.TableNames) > 0 {
		js["tables"] = l.TableNames
	}
	ds := grafanahost.DS{UID: "demo-" + l.HiveCatalog(), Name: "Security Lake (local replica, " + region + ")", JSONData: js,
		DecryptedSecureJSONData: map[string]string{"accessKey": "AKIALOCALREPLICA0001", "secretKey": "local/replica/secret"}}
	health, err := host.CheckHealth(ctx, ds)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n══ %s (%s, catalog %s)\nSave & test: %s — %s\n", region, databaseOf(l), l.HiveCatalog(), health.Status, health.Message)
	inv, err := inventory(ctx, host, ds)
	if err != nil {
		return err
	}
	last := l.AnchorDay()
	from, to := last.AddDate(0, 0, 1-l.Days), last.Add(24*time.Hour-time.Millisecond)
	fmt.Fprintf(w, "time range: %s – %s (UTC)\n", from.Format("2006-01-02"), to.Format("2006-01-02"))
	for _, d := range demos() {
		if !inv.has(d.source()) {
			fmt.Fprintf(w, "\n── %s\n   absent: this lake has no %s table (not an error: the source is not enabled here)\n", d.title, describeSource(d.source()))
			t.absent++
			continue
		}
		q := grafanahost.Query{RefID: "A", From: from, To: to, Interval: time.Hour, MaxDataPoints: 500, JSON: d.query}
		out, err := host.QueryData(ctx, ds, q)
		if err != nil {
			return err
		}
		printResult(w, d.title, out["A"], maxRows)
		t.ran++
		if out["A"].Error != "" {
			t.failed++
		}
	}
	return nil
}

// describeSource reads "vpc_flow@2" as "vpc_flow version 2".
func describeSource(s string) string {
	if name, v, ok := strings.Cut(s, "@"); ok {
		return name + " version " + v
	}
	return s
}

func databaseOf(l replica.Config) string { return strings.Join(l.Databases(), ", ") }
