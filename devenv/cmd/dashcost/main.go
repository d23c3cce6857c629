// Command dashcost prints what one refresh of each bundled dashboard costs
// on the local replica: the Athena queries it starts (panels, query
// variables, annotations), the bytes each panel scans, and the dollar
// estimate at Athena's price (USD 5 per TB scanned, each query billed at
// least 10 MB). It runs every query through the real plugin binary (as
// Grafana sends them: one request per panel, variables as the dashboard
// saves them, all replica accounts, the Region given) against athena-local
// on the shared Trino, read-only. "Now" is the end of the replica's last
// day, so each dashboard's default range covers replica data.
//
//	go -C devenv run ./cmd/dashcost [-trino http://127.0.0.1:8080] [-region us-east-1]
//
// docs/dashboards.md has the figures of a run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	trinoURL := flag.String("trino", "http://127.0.0.1:8080", "Trino URL of the seeded replica")
	region := flag.String("region", "us-east-1", "Region the datasource reads")
	entity := flag.String("entity", "203.0.113.50", "entity the Investigation dashboard pivots on (a planted IP)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	costs, err := run(ctx, options{trinoURL: *trinoURL, region: *region, entity: *entity})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dashcost:", err)
		os.Exit(1)
	}
	printCosts(os.Stdout, costs)
}
