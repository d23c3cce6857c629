// Command seedlake creates the local Security Lake replica on Trino (the
// Glue-shaped databases and tables of pkg/replica) and fills it with
// generated OCSF events, or prints the planted situations.
//
//	go run ./cmd/seedlake -trino http://127.0.0.1:8080 -seed 42 -days 30 -volume 50 \
//	    -anchor 2026-11-01 -regions us-east-1,eu-west-1
//	go run ./cmd/seedlake -profile minimal    # a lake profile into its own catalogs
//	go run ./cmd/seedlake -planted            # the planted situations as JSON
//	go run ./cmd/seedlake -drop               # remove the replica's tables
//
// Trino comes from scripts/trino (fetch.sh, start.sh); -lake must be the
// directory its catalogs use as local.location, because the seeder stages
// JSON files there.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/replica"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "seedlake:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	def := replica.DefaultConfig()
	fs := flag.NewFlagSet("seedlake", flag.ContinueOnError)
	trino := fs.String("trino", "http://127.0.0.1:8080", "Trino coordinator URL")
	seed := fs.Uint64("seed", def.Seed, "random seed (same seed, same events)")
	days := fs.Int("days", def.Days, "number of days, ending with -anchor")
	volume := fs.Int("volume", def.Volume, "ordinary events per source, account, region and day")
	anchor := fs.String("anchor", def.Anchor.Format("2006-01-02"), "last generated day (UTC, YYYY-MM-DD)")
	regions := fs.String("regions", strings.Join(def.Regions, ","), "comma-separated AWS Regions (one Glue database each)")
	accounts := fs.String("accounts", strings.Join(def.Accounts, ","), "comma-separated 12-digit account ids")
	lakeDir := fs.String("lake", replica.DefaultLakeDir(), "Trino's local.location directory (staging files are written there)")
	parallel := fs.Int("parallel", 2, "tables loaded concurrently")
	planted := fs.Bool("planted", false, "print the planted situations as JSON and exit")
	drop := fs.Bool("drop", false, "drop the replica's tables and exit")
	profile := fs.String("profile", "", "seed lake profiles (comma-separated: "+strings.Join(replica.ProfileNames, ", ")+
		") into their own catalogs instead; -volume applies to full only")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := time.Parse("2006-01-02", *anchor)
	if err != nil {
		return fmt.Errorf("-anchor: %w", err)
	}
	cfg := replica.Config{Seed: *seed, Days: *days, Anchor: a, Volume: *volume,
		Regions: splitList(*regions), Accounts: splitList(*accounts)}
	lakes := []replica.Config{cfg}
	if *profile != "" {
		lakes = nil
		for _, name := range splitList(*profile) {
			p, err := replica.LookupProfile(name, *volume)
			if err != nil {
				return err
			}
			lakes = append(lakes, p.Lakes...)
		}
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if *planted {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(replica.PlantedSituations(cfg))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	client, err := replica.NewExecutor(*trino)
	if err != nil {
		return err
	}
	if *drop {
		for _, c := range lakes {
			if err := replica.Drop(ctx, client, c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range lakes {
		if err := seedLake(ctx, client, c, *lakeDir, *parallel); err != nil {
			return err
		}
	}
	return nil
}

// seedLake fills one lake (one catalog) and prints its tables' row counts.
func seedLake(ctx context.Context, client replica.Executor, cfg replica.Config, lakeDir string, parallel int) error {
	g, err := replica.NewGenerator(cfg)
	if err != nil {
		return err
	}
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	rep, err := replica.Seed(ctx, client, g, replica.SeedOptions{LakeDir: lakeDir, Parallel: parallel, Logf: logf})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("interrupted")
		}
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rows\ttable\t")
	var total int64
	for _, t := range rep.Tables {
		fmt.Fprintf(tw, "%d\t%s.%s.%s\t\n", t.Rows, cfg.HiveCatalog(), t.Database, t.Table)
		total += t.Rows
	}
	fmt.Fprintf(tw, "%d\ttotal (%d tables)\t\n", total, len(rep.Tables))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Printf("seeded %s in %.1f s (seed %d, %d days to %s, volume %d, regions %s, accounts %s)\n",
		cfg.HiveCatalog(), rep.Duration.Seconds(), cfg.Seed, cfg.Days, cfg.AnchorDay().Format("2006-01-02"), cfg.Volume,
		strings.Join(cfg.Regions, ","), strings.Join(cfg.Accounts, ","))
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
