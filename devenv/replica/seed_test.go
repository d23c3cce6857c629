package replica

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// recorder is a fake Executor: it logs statements and answers an INSERT
// with the number of staged JSON lines, as Trino would.
type recorder struct {
	mu      sync.Mutex
	lakeDir string
	stmts   []string
}

var stagingRe = regexp.MustCompile(`FROM "([a-z0-9_]+)"."seclake_staging"."([a-z0-9_]+)"$`)

func (r *recorder) Exec(ctx context.Context, sql string) error {
	_, err := r.Query(ctx, sql)
	return err
}

func (r *recorder) Query(_ context.Context, sql string) ([][]any, error) {
	r.mu.Lock()
	r.stmts = append(r.stmts, sql)
	r.mu.Unlock()
	m := stagingRe.FindStringSubmatch(sql)
	if !strings.HasPrefix(sql, "INSERT") || m == nil {
		return nil, nil
	}
	files, _ := filepath.Glob(filepath.Join(r.lakeDir, StagingSchema, m[1], m[2], "*.json"))
	lines := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines += bytes.Count(b, []byte("\n"))
	}
	return [][]any{{int64(lines)}}, nil
}

func TestSeedStatements(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Volume, cfg.Days, cfg.Regions = 3, 15, []string{"eu-west-1"}
	g, err := NewGenerator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{lakeDir: t.TempDir()}
	rep, err := Seed(context.Background(), rec, g, SeedOptions{LakeDir: rec.lakeDir, Parallel: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tables) != 15 {
		t.Fatalf("%d tables seeded", len(rep.Tables))
	}
	for _, tc := range rep.Tables {
		if tc.Rows != int64(tc.Events) || tc.Events < cfg.Volume*cfg.Days*len(cfg.Accounts) {
			t.Errorf("%s: %d rows, %d events", tc.Table, tc.Rows, tc.Events)
		}
	}
	all := strings.Join(rec.stmts, "\n")
	for _, want := range []string{
		`CREATE SCHEMA IF NOT EXISTS "awsdatacatalog"."amazon_security_lake_glue_db_eu_west_1"`,
		`CREATE TABLE "awsdatacatalog_iceberg"."amazon_security_lake_glue_db_eu_west_1"."amazon_security_lake_table_eu_west_1_waf_2_0"`,
		`WITH (format = 'JSON', external_location = 'local:///seclake_staging/awsdatacatalog/amazon_security_lake_table_eu_west_1_vpc_flow_1_0')`,
		`DROP TABLE IF EXISTS "awsdatacatalog"."amazon_security_lake_glue_db_eu_west_1"."amazon_security_lake_table_eu_west_1_vpc_flow_1_0"`,
		`DROP SCHEMA IF EXISTS "awsdatacatalog"."seclake_staging"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing statement %s", want)
		}
	}
	// Per table: drop, create, stage, insert, unstage — in that order.
	var order []string
	for _, s := range rec.stmts {
		if strings.Contains(s, `"amazon_security_lake_table_eu_west_1_s3_data_2_0"`) {
			order = append(order, strings.Fields(s)[0]+" "+strings.Fields(s)[1])
		}
	}
	if strings.Join(order, ",") != "DROP TABLE,DROP TABLE,CREATE TABLE,CREATE TABLE,INSERT INTO,DROP TABLE" {
		t.Errorf("statement order %v", order)
	}
	if entries, _ := os.ReadDir(rec.lakeDir); len(entries) != 0 {
		t.Errorf("staging files left behind: %v", entries)
	}
	if _, err := Seed(context.Background(), rec, g, SeedOptions{}); err == nil {
		t.Error("Seed without LakeDir must fail")
	}
}

// TestSeedProfileStatements: a profile lake is created in its own catalogs,
// and a rollup table is loaded with every contributing Region's events.
func TestSeedProfileStatements(t *testing.T) {
	p, err := LookupProfile("rollup", DefaultVolume)
	if err != nil {
		t.Fatal(err)
	}
	cfg := p.Lakes[0]
	cfg.Volume, cfg.Days = 1, 2
	g, err := NewGenerator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{lakeDir: t.TempDir()}
	rep, err := Seed(context.Background(), rec, g, SeedOptions{LakeDir: rec.lakeDir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tables) != 5 {
		t.Fatalf("%d tables", len(rep.Tables))
	}
	for _, tc := range rep.Tables {
		if tc.Events < len(ProfileRegions)*len(cfg.Accounts)*cfg.Days {
			t.Errorf("%s: %d events from %d regions", tc.Table, tc.Events, len(ProfileRegions))
		}
	}
	all := strings.Join(rec.stmts, "\n")
	for _, want := range []string{
		`CREATE SCHEMA IF NOT EXISTS "lake_rollup"."amazon_security_lake_glue_db_us_east_1"`,
		`CREATE TABLE "lake_rollup_iceberg"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"`,
		`external_location = 'local:///seclake_staging/lake_rollup/amazon_security_lake_table_us_east_1_waf_2_0'`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing statement %s", want)
		}
	}
	if strings.Contains(all, `"awsdatacatalog`) || strings.Contains(all, "eu_west_1") {
		t.Errorf("a rollup profile touches only its catalog and the rollup database:\n%s", all)
	}
}

// failing fails every statement that mentions a table name.
type failing struct {
	recorder
	table string
}

func (f *failing) Exec(ctx context.Context, sql string) error {
	_, err := f.Query(ctx, sql)
	return err
}

func (f *failing) Query(ctx context.Context, sql string) ([][]any, error) {
	if strings.Contains(sql, f.table) {
		return nil, errors.New("TABLE_NOT_FOUND: " + f.table)
	}
	return f.recorder.Query(ctx, sql)
}

func TestSeedStopsAtFirstError(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Volume, cfg.Days = 1, 3
	g, _ := NewGenerator(cfg)
	f := &failing{recorder: recorder{lakeDir: t.TempDir()}, table: "amazon_security_lake_table_us_east_1_s3_data_2_0"}
	_, err := Seed(context.Background(), f, g, SeedOptions{LakeDir: f.lakeDir, Parallel: 2})
	if err == nil || !strings.Contains(err.Error(), "TABLE_NOT_FOUND") {
		t.Fatalf("error %v", err)
	}
	inserts := 0
	for _, s := range f.stmts {
		if strings.HasPrefix(s, "INSERT") {
			inserts++
		}
	}
	if inserts >= len(g.Tables())-1 {
		t.Errorf("%d inserts ran after the failure", inserts)
	}
}
