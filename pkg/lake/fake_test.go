package lake

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// fakeCatalog is an in-memory Catalog: databases and their tables, optional
// errors, call counters, and an optional gate that holds ListTables.
type fakeCatalog struct {
	dbs      []string
	tables   map[string][]TableMeta // key: lower-case database
	dbErr    error
	tableErr map[string]error // key: lower-case database

	// gate, when set, is received from before ListTables answers (or the
	// context ends); entered gets a value when ListTables starts.
	gate    chan struct{}
	entered chan struct{}

	mu         sync.Mutex
	dbCalls    int
	tableCalls map[string]int
}

func (f *fakeCatalog) ListDatabases(ctx context.Context, catalog string) ([]string, error) {
	f.mu.Lock()
	f.dbCalls++
	f.mu.Unlock()
	if f.dbErr != nil {
		return nil, f.dbErr
	}
	return append([]string(nil), f.dbs...), nil
}

func (f *fakeCatalog) ListTables(ctx context.Context, catalog, database string) ([]TableMeta, error) {
	key := strings.ToLower(database)
	f.mu.Lock()
	if f.tableCalls == nil {
		f.tableCalls = map[string]int{}
	}
	f.tableCalls[key]++
	gate, entered := f.gate, f.entered
	f.mu.Unlock()
	if entered != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err := f.tableErr[key]; err != nil {
		return nil, err
	}
	if ms, ok := f.tables[key]; ok {
		return append([]TableMeta(nil), ms...), nil
	}
	return nil, errors.New("EntityNotFoundException: Database " + database + " not found")
}

func (f *fakeCatalog) calls(db string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tableCalls[strings.ToLower(db)]
}

const (
	testRegion = "us-east-1"
	testDB     = "amazon_security_lake_glue_db_us_east_1"
)

// awsTables returns the Glue listing of the AWS sources of version v as
// Security Lake creates them (v1 Hive with eventday, v2 Iceberg).
func awsTables(region string, v Version, only ...string) []TableMeta {
	var out []TableMeta
	for _, s := range Sources {
		if !s.Has(v) {
			continue
		}
		if len(only) > 0 && !contains(only, s.Name) {
			continue
		}
		m := TableMeta{Name: TableName(region, s, v)}
		if v == V2 {
			m.Columns = v2Columns
			m.Parameters = map[string]string{"table_type": "ICEBERG"}
		} else {
			m.Columns, m.PartitionKeys = v1Columns, v1Partitions
		}
		out = append(out, m)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// customTable is a custom source as the Glue crawler creates it.
func customTable(name string) TableMeta {
	return TableMeta{
		Name:          name,
		Columns:       []ColumnMeta{{"time", "bigint"}, {"class_uid", "int"}, {"actor", "struct<user:struct<name:string>>"}},
		PartitionKeys: v1Partitions,
	}
}

func lakeCatalog(tables ...[]TableMeta) *fakeCatalog {
	var all []TableMeta
	for _, ts := range tables {
		all = append(all, ts...)
	}
	return &fakeCatalog{
		dbs:    []string{"default", testDB},
		tables: map[string][]TableMeta{testDB: all},
	}
}
