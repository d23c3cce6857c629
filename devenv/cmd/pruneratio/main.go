// Command pruneratio prints how much the builder's partition predicates save
// on the local replica: bytes scanned (Trino physical input, reported by
// athena-local as Athena's DataScannedInBytes) for a one-day and a one-day,
// one-account query, against the same query without partition predicates and
// against the same rows asked through the non-partition "time" column.
//
//	scripts/replica-up.sh && go run ./cmd/pruneratio -endpoint http://127.0.0.1:4566
//
// Without -endpoint it starts athena-local in-process on -trino.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/e2e"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

func main() {
	endpoint := flag.String("endpoint", "", "Athena API endpoint (default: athena-local in-process)")
	trinoURL := flag.String("trino", "http://127.0.0.1:8080", "Trino URL for the in-process athena-local")
	region := flag.String("region", "us-east-1", "Region of the lake database")
	flag.Parse()
	if err := run(*endpoint, *trinoURL, *region); err != nil {
		fmt.Fprintln(os.Stderr, "pruneratio:", err)
		os.Exit(1)
	}
}

func run(endpoint, trinoURL, region string) error {
	if endpoint == "" {
		al, err := athenalocal.New(athenalocal.Options{TrinoURL: trinoURL})
		if err != nil {
			return err
		}
		defer al.Close()
		srv := httptest.NewServer(al)
		defer srv.Close()
		endpoint = srv.URL
	}
	cfg := replica.DefaultConfig()
	p := replica.PlantedSituations(cfg)[0]
	cases, err := e2e.PruneCases(region, p.Day.UTC(), p.Account)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	got, err := e2e.Measure(ctx, endpoint, cases)
	if err != nil {
		return err
	}
	fmt.Printf("replica: %d days, day %s, account %s, region %s\n\n", cfg.Days, p.Day.Format("2006-01-02"), p.Account, region)
	fmt.Printf("%-38s %12s %14s %8s %14s\n", "query", "builder B", "no-partition B", "ratio", "time-column B")
	for _, c := range got {
		timeOnly := "n/a"
		if c.TimeOnlySQL != "" {
			timeOnly = fmt.Sprint(c.TimeOnlyBytes)
		}
		fmt.Printf("%-38s %12d %14d %8.4f %14s\n", c.Name, c.PrunedBytes, c.NaiveBytes, c.Ratio(), timeOnly)
	}
	return nil
}
