package replica

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// StagingSchema holds the temporary JSON tables the seeder loads from. It
// lives in the Hive catalog; its files under <lake>/seclake_staging.
const StagingSchema = "seclake_staging"

// SeedOptions tune Seed.
type SeedOptions struct {
	// LakeDir is the directory the Trino catalogs use as local.location
	// (scripts/trino: $SECLAKE_STATE/lake). The seeder writes staging JSON
	// files below it, so it must run on the same file system as Trino.
	LakeDir string
	// Parallel is the number of tables loaded at once (default 2: the
	// coordinator plans one statement while the other runs).
	Parallel int
	// Logf receives progress lines; nil discards them.
	Logf func(format string, args ...any)
}

// DefaultLakeDir is the lake directory scripts/trino/start.sh configures:
// $SECLAKE_STATE/lake, where SECLAKE_STATE defaults to $SECLAKE_CACHE/state
// and SECLAKE_CACHE to ~/.cache/seclake.
func DefaultLakeDir() string {
	if s := os.Getenv("SECLAKE_STATE"); s != "" {
		return filepath.Join(s, "lake")
	}
	cache := os.Getenv("SECLAKE_CACHE")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache", "seclake")
	}
	return filepath.Join(cache, "state", "lake")
}

// TableCount is the outcome of seeding one table.
type TableCount struct {
	Database string `json:"database"`
	Table    string `json:"table"`
	// Events is how many events were generated; Rows how many the insert wrote.
	Events int   `json:"events"`
	Rows   int64 `json:"rows"`
}

// SeedReport summarises a Seed run.
type SeedReport struct {
	Tables   []TableCount  `json:"tables"`
	Duration time.Duration `json:"duration"`
}

// Seed (re)creates every table of the generator's configuration and fills it:
// per table it writes the events as JSON lines into a staging directory,
// declares a Hive JSON table over it, and copies it with one
// INSERT … SELECT into the real table (Iceberg for v2, Hive for v1 and the
// custom source). One insert per table keeps Iceberg files few — one per
// partition, hence at least one per day — while every day stays its own
// partition for pruning tests. Existing tables are dropped first, so seeding
// twice gives the same data.
func Seed(ctx context.Context, exec Executor, g *Generator, opts SeedOptions) (*SeedReport, error) {
	start := time.Now()
	if opts.LakeDir == "" {
		return nil, errors.New("replica: SeedOptions.LakeDir is required (the Trino catalogs' local.location)")
	}
	if st, err := os.Stat(opts.LakeDir); err != nil {
		return nil, fmt.Errorf("replica: lake directory: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("replica: lake directory %s: not a directory", opts.LakeDir)
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	parallel := opts.Parallel
	if parallel < 1 {
		parallel = 2
	}
	hive := quoteIdent(g.cfg.HiveCatalog())
	schemas := append([]string{StagingSchema}, g.cfg.Databases()...)
	for _, s := range schemas {
		if err := exec.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+hive+"."+quoteIdent(s)); err != nil {
			return nil, err
		}
	}

	tables := g.Tables()
	report := &SeedReport{Tables: make([]TableCount, len(tables))}
	// The first failure cancels the rest: no point loading tables after it.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				t0 := time.Now()
				tc, err := seedTable(ctx, exec, g, tables[i], opts.LakeDir)
				if err != nil {
					stop(err)
					continue
				}
				report.Tables[i] = tc
				logf("seeded %s.%s: %d rows in %s", tc.Database, tc.Table, tc.Rows, time.Since(t0).Round(time.Millisecond))
			}
		}()
	}
	for i := range tables {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	if err := exec.Exec(ctx, "DROP SCHEMA IF EXISTS "+hive+"."+quoteIdent(StagingSchema)); err != nil {
		return nil, err
	}
	_ = os.Remove(filepath.Join(opts.LakeDir, StagingSchema, g.cfg.HiveCatalog()))
	_ = os.Remove(filepath.Join(opts.LakeDir, StagingSchema))
	report.Duration = time.Since(start)
	return report, nil
}

func seedTable(ctx context.Context, exec Executor, g *Generator, t Table, lakeDir string) (TableCount, error) {
	tc := TableCount{Database: t.Database, Table: t.Name}
	// Staging files live per catalog: profiles share the lake directory.
	stagingDir := StagingSchema + "/" + t.HiveCatalog() + "/" + t.Name
	dir := filepath.Join(lakeDir, filepath.FromSlash(stagingDir))
	n, err := writeStaging(dir, g, t)
	if err != nil {
		return tc, err
	}
	// The staging files are copies; a leftover is removed by the next seed.
	defer func() { _ = os.RemoveAll(dir) }()
	tc.Events = n

	staging := quoteIdent(t.HiveCatalog()) + "." + quoteIdent(StagingSchema) + "." + quoteIdent(t.Name)
	cols := make([]string, len(t.Columns))
	defs := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quoteIdent(c.Name)
		defs[i] = quoteIdent(c.Name) + " " + c.ddlType(flavorHive)
	}
	list := strings.Join(cols, ", ")
	stmts := []string{
		t.DropSQL(),
		"DROP TABLE IF EXISTS " + staging,
		t.CreateSQL(),
		// Trino's Hive JSON reader maps keys to columns and row members by
		// name; timestamps written as 'YYYY-MM-DD hh:mm:ss.fff' read as
		// timestamp(3), which the insert widens to Iceberg's timestamp(6).
		fmt.Sprintf("CREATE TABLE %s (\n  %s\n) WITH (format = 'JSON', external_location = 'local:///%s')",
			staging, strings.Join(defs, ",\n  "), stagingDir),
	}
	for _, s := range stmts {
		if err := exec.Exec(ctx, s); err != nil {
			return tc, fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	rows, err := exec.Query(ctx, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", t.Qualified(t.CreateCatalog()), list, list, staging))
	if err != nil {
		return tc, fmt.Errorf("%s: %w", t.Name, err)
	}
	tc.Rows = firstInt(rows)
	if err := exec.Exec(ctx, "DROP TABLE "+staging); err != nil {
		return tc, fmt.Errorf("%s: %w", t.Name, err)
	}
	if tc.Rows != int64(tc.Events) {
		return tc, fmt.Errorf("%s: inserted %d rows, generated %d events (is %s Trino's local.location?)", t.Name, tc.Rows, tc.Events, lakeDir)
	}
	return tc, nil
}

// writeStaging writes the table's events as JSON lines, one file per account
// (and data Region, for a rollup table).
func writeStaging(dir string, g *Generator, t Table) (int, error) {
	if err := os.RemoveAll(dir); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	total := 0
	for i, part := range stagingParts(g.cfg.Accounts, t) {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("part-%02d.json", i)))
		if err != nil {
			return 0, err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		enc := json.NewEncoder(w)
		for _, d := range g.cfg.DayList() {
			for _, e := range g.Events(part.t, part.account, d) {
				if err := enc.Encode(e); err != nil {
					_ = f.Close() // the encoding error is the one to report
					return 0, err
				}
				total++
			}
		}
		if err := w.Flush(); err != nil {
			_ = f.Close() // the write error is the one to report
			return 0, err
		}
		if err := f.Close(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// stagingPart is one staging file: an account's events of one data Region.
type stagingPart struct {
	account string
	t       Table
}

// stagingParts lists the staging files of a table: per account, and per
// data Region for a rollup table (whose events carry their own Region).
func stagingParts(accounts []string, t Table) []stagingPart {
	var out []stagingPart
	for _, r := range t.Regions() {
		rt := t
		rt.Region = r
		for _, a := range accounts {
			out = append(out, stagingPart{account: a, t: rt})
		}
	}
	return out
}

// firstInt reads the single number of a one-row result (e.g. an insert's row count).
func firstInt(rows [][]any) int64 {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return -1
	}
	// The Trino driver hands out bigint as int64.
	if n, ok := rows[0][0].(int64); ok {
		return n
	}
	return -1
}

// Drop removes every table of the configuration and its databases (only if
// they are then empty), e.g. after an integration test.
func Drop(ctx context.Context, exec Executor, cfg Config) error {
	tables, err := Tables(cfg)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := exec.Exec(ctx, t.DropSQL()); err != nil {
			return err
		}
	}
	hive := quoteIdent(cfg.HiveCatalog())
	for _, db := range cfg.Databases() {
		rows, err := exec.Query(ctx, "SHOW TABLES FROM "+hive+"."+quoteIdent(db))
		if err != nil || len(rows) > 0 {
			continue // other tables remain (or the database is gone): keep it
		}
		if err := exec.Exec(ctx, "DROP SCHEMA IF EXISTS "+hive+"."+quoteIdent(db)); err != nil {
			return err
		}
	}
	return nil
}
