package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// TestGoldenSQLRunsOnTrino executes every golden SQL of the builder and of
// the macros through the Athena API on Trino: the generated dialect must be
// accepted by the engine, not just look right.
func TestGoldenSQLRunsOnTrino(t *testing.T) {
	s := stack(t)
	files, _ := filepath.Glob("../../pkg/sqlbuild/testdata/*.sql")
	more, _ := filepath.Glob("../../pkg/macros/testdata/*.expanded.sql")
	files = append(files, more...)
	// Error cases hold SQL the expander refuses; they are not meant to run.
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasPrefix(filepath.Base(f), "error_") })
	// A query on sources the lake lacks expands to no statement at all (only
	// the notice comment): nothing reaches Athena, so there is nothing to run.
	files = slices.DeleteFunc(files, func(f string) bool {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if stmt := withoutComments(string(b)); stmt == "" {
			if !strings.Contains(string(b), "the query was not run") {
				t.Errorf("%s holds no statement and no not-run notice", filepath.Base(f))
			}
			return true
		}
		return false
	})
	if len(files) < 80 {
		t.Fatalf("found only %d golden SQL files", len(files))
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIALOCALREPLICA0001", SecretAccessKey: "local/replica/secret"}, nil
	})}
	exec := athena.New(athena.NewClient(cfg, s.URL), athena.Options{WorkGroup: "primary", RowLimit: 5})
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for _, f := range files {
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func(name, sql string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, err := exec.Run(t.Context(), sql); err != nil {
				mu.Lock()
				failed = append(failed, name+": "+err.Error())
				mu.Unlock()
			}
		}(filepath.Base(f), string(sql))
	}
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d of %d golden SQL files fail on Trino:\n%s", len(failed), len(files), strings.Join(failed, "\n"))
	}
	t.Logf("%d golden SQL files ran on Trino", len(files))
}

// TestPartitionPruning proves the builder's partition predicates prune: a
// one-day query (and a one-day, one-account query) over the 30-day data
// reads at most 1/20 of the bytes of the same query without its partition
// predicates, in both lake versions; and asking the same rows through the
// non-partition "time" column counts the same rows.
func TestPartitionPruning(t *testing.T) {
	s := stack(t)
	p := s.Planted[0]
	cases, err := PruneCases("us-east-1", p.Day.UTC(), p.Account)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Measure(t.Context(), s.URL, cases)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got {
		t.Logf("%-40s pruned %9d B  without partition predicates %9d B  ratio %.4f", c.Name, c.PrunedBytes, c.NaiveBytes, c.Ratio())
		if c.PrunedCount == "" || strings.HasPrefix(c.PrunedCount, "0,") || (c.TimeOnlySQL != "" && c.PrunedCount != c.TimeOnlyCount) {
			t.Fatalf("%s: counts differ: pruned %q, time-column filter %q", c.Name, c.PrunedCount, c.TimeOnlyCount)
		}
		if c.PrunedBytes <= 0 || c.NaiveBytes <= 0 || c.Ratio() > 1.0/20 {
			t.Fatalf("%s: pruned %d bytes vs naive %d: ratio %.4f > 1/20\npruned: %s\nnaive: %s", c.Name, c.PrunedBytes, c.NaiveBytes, c.Ratio(), c.PrunedSQL, c.NaiveSQL)
		}
	}
}

// withoutComments drops the "-- " comment lines the golden files start with
// (the expansion's notices) and trims the rest.
func withoutComments(sql string) string {
	var keep []string
	for _, l := range strings.Split(sql, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			keep = append(keep, l)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
