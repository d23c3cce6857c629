package athenalocal

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// Table metadata, the way Glue (and so Athena's ListTableMetadata and
// GetTableMetadata) describes the replica's tables:
//
//   - columns and types from information_schema.columns, types converted to
//     Glue/Hive spelling (glueType);
//   - Hive tables: the partition columns — those information_schema marks
//     "partition key", else the columns of "<t>$partitions" — are
//     PartitionKeys and not Columns, as Glue keeps them;
//   - Iceberg tables (recognised by their "<t>$partitions" shape: a
//     record_count, file_count, total_size …) get Parameters
//     table_type=ICEBERG, and the identity partition fields of its
//     "partition" row (fields named like a column; transforms such as
//     day(time_dt) appear as time_dt_day and are not columns) become
//     PartitionKeys, unless Options.IcebergHidePartitionKeys.
//
// pkg/lake treats an eventday partition key as v1 (Hive) and time_dt plus
// asl_version columns or table_type=ICEBERG as v2, so both layouts are
// identified from this metadata.

// tableInfo is one table as read from Trino.
type tableInfo struct {
	name, tableType string
	cols            []tableColumn
}

type tableColumn struct {
	name, trinoType, extra, comment string
}

// loadTables reads the tables of db (only: one table) with their columns,
// sorted by name.
func (s *Server) loadTables(ctx context.Context, cat catalogEntry, db, only string) ([]*tableInfo, *athenawire.Error) {
	where := " WHERE table_schema = " + quoteLiteral(strings.ToLower(db))
	if only != "" {
		where += " AND table_name = " + quoteLiteral(strings.ToLower(only))
	}
	isc := quoteIdent(cat.trino) + ".information_schema."
	_, trows, err := s.queryAll(ctx, "SELECT table_name, table_type FROM "+isc+"tables"+where)
	if err != nil {
		return nil, trinoError("listing tables", err)
	}
	_, crows, err := s.queryAll(ctx, "SELECT table_name, column_name, data_type, extra_info, comment FROM "+isc+"columns"+where+" ORDER BY table_name, ordinal_position")
	if err != nil {
		return nil, trinoError("listing columns", err)
	}
	byName := map[string]*tableInfo{}
	var out []*tableInfo
	for _, r := range trows {
		t := &tableInfo{name: cell(r, 0), tableType: "EXTERNAL_TABLE"}
		if cell(r, 1) == "VIEW" {
			t.tableType = "VIRTUAL_VIEW"
		}
		byName[t.name] = t
		out = append(out, t)
	}
	for _, r := range crows {
		if t := byName[cell(r, 0)]; t != nil {
			t.cols = append(t.cols, tableColumn{name: cell(r, 1), trinoType: cell(r, 2), extra: cell(r, 3), comment: cell(r, 4)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

func cell(r []*string, i int) string {
	if i < len(r) && r[i] != nil {
		return *r[i]
	}
	return ""
}

// queryAll runs a metadata statement and returns its rows rendered as text.
func (s *Server) queryAll(ctx context.Context, sql string) ([]columnType, [][]*string, error) {
	q, err := s.trino.Submit(ctx, sql, trino.Session{})
	if err != nil {
		return nil, nil, err
	}
	res := &results{}
	for {
		if res.cols == nil && q.Columns() != nil {
			res.cols = prepareColumns(q.Columns())
		}
		_ = res.add(q.RawRows(), 1<<62) // metadata is small
		more, err := q.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				s.cancelTrino(q)
			}
			return nil, nil, err
		}
		if !more {
			return res.cols, res.rows, nil
		}
	}
}

// glueTable turns a table into Glue metadata, probing "<t>$partitions".
func (s *Server) glueTable(ctx context.Context, cat catalogEntry, db string, t *tableInfo) athenawire.TableMetadata {
	tm := athenawire.TableMetadata{Name: t.name, TableType: t.tableType, Columns: []athenawire.Column{}, PartitionKeys: []athenawire.Column{}}
	var partNames []string // partition columns, in partition order
	for _, c := range t.cols {
		if strings.EqualFold(c.extra, "partition key") {
			partNames = append(partNames, c.name)
		}
	}
	iceberg := false
	// Trino marks Hive partition columns, in partitioned_by order; only
	// tables without any (Iceberg, unpartitioned Hive) need the probe —
	// one Trino query each, the cost of a listing.
	if partNames == nil && t.tableType != "VIRTUAL_VIEW" {
		partNames, iceberg = s.probePartitions(ctx, cat, db, t)
	}
	if iceberg {
		tm.Parameters = map[string]string{"table_type": "ICEBERG"}
		if s.opts.IcebergHidePartitionKeys {
			partNames = nil
		}
	}
	isPart := map[string]bool{}
	for _, n := range partNames {
		isPart[strings.ToLower(n)] = true
	}
	byName := map[string]athenawire.Column{}
	for _, c := range t.cols {
		pt, err := trino.ParseType(c.trinoType)
		if err != nil {
			pt = nil
		}
		gc := athenawire.Column{Name: c.name, Type: glueType(pt), Comment: c.comment}
		byName[strings.ToLower(c.name)] = gc
		if !isPart[strings.ToLower(c.name)] {
			tm.Columns = append(tm.Columns, gc)
		}
	}
	for _, n := range partNames {
		if gc, ok := byName[strings.ToLower(n)]; ok {
			tm.PartitionKeys = append(tm.PartitionKeys, gc)
		}
	}
	return tm
}

// probePartitions describes "<t>$partitions": for Hive its columns are the
// partition columns; for Iceberg it has record_count/file_count/total_size
// and, when partitioned, a "partition" row whose fields named like columns
// are identity partitions. A table without one (unpartitioned Hive) yields
// nil, false.
func (s *Server) probePartitions(ctx context.Context, cat catalogEntry, db string, t *tableInfo) ([]string, bool) {
	sql := "DESCRIBE " + quoteIdent(cat.trino) + "." + quoteIdent(strings.ToLower(db)) + "." + quoteIdent(t.name+"$partitions")
	_, rows, err := s.queryAll(ctx, sql)
	if err != nil {
		return nil, false
	}
	pcols := map[string]string{}
	var order []string
	for _, r := range rows {
		pcols[strings.ToLower(cell(r, 0))] = cell(r, 1)
		order = append(order, cell(r, 0))
	}
	_, hasRecords := pcols["record_count"]
	_, hasFiles := pcols["file_count"]
	if !hasRecords || !hasFiles {
		return order, false // Hive
	}
	isCol := map[string]bool{}
	for _, c := range t.cols {
		isCol[strings.ToLower(c.name)] = true
	}
	var ids []string
	if pt, err := trino.ParseType(pcols["partition"]); err == nil && pt.Name == "row" {
		for _, f := range pt.Fields {
			if isCol[strings.ToLower(f.Name)] {
				ids = append(ids, f.Name)
			}
		}
	}
	return ids, true
}

// matchExpression applies ListTableMetadata's Expression: a regular
// expression over the whole name, or a Glue-style wildcard pattern
// ("vpc_flow*", "a*|b*"); a name matching either way is listed.
func matchExpression(expr string) func(string) bool {
	var res []*regexp.Regexp
	if re, err := regexp.Compile("(?i)^(?:" + expr + ")$"); err == nil {
		res = append(res, re)
	}
	alts := strings.Split(expr, "|")
	for i, a := range alts {
		alts[i] = strings.ReplaceAll(regexp.QuoteMeta(a), `\*`, ".*")
	}
	if re, err := regexp.Compile("(?i)^(?:" + strings.Join(alts, "|") + ")$"); err == nil {
		res = append(res, re)
	}
	return func(name string) bool {
		for _, re := range res {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	}
}

func (s *Server) listTableMetadata(ctx context.Context, in *athenasdk.ListTableMetadataInput) (any, *athenawire.Error) {
	cat, ok := s.findCatalog(aws.ToString(in.CatalogName))
	if !ok {
		return nil, athenawire.Metadata("Catalog " + aws.ToString(in.CatalogName) + " was not found")
	}
	db := aws.ToString(in.DatabaseName)
	if db == "" {
		return nil, athenawire.InvalidRequest("DatabaseName is required")
	}
	tables, aerr := s.loadTables(ctx, cat, db, "")
	if aerr != nil {
		return nil, aerr
	}
	if len(tables) == 0 {
		if dbs, aerr := s.schemas(ctx, cat.athena); aerr == nil && !containsFold(dbs, db) {
			return nil, athenawire.Metadata("Database " + db + " not found.")
		}
	}
	if expr := aws.ToString(in.Expression); expr != "" {
		match := matchExpression(expr)
		kept := tables[:0]
		for _, t := range tables {
			if match(t.name) {
				kept = append(kept, t)
			}
		}
		tables = kept
	}
	lo, hi, next, aerr := athenawire.Page(len(tables), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &athenawire.ListTableMetadataOutput{NextToken: next, TableMetadataList: make([]athenawire.TableMetadata, hi-lo)}
	// Each table costs a DESCRIBE of its $partitions: run a few at once.
	sem := make(chan struct{}, s.opts.MetadataConcurrency)
	var wg sync.WaitGroup
	for i, t := range tables[lo:hi] {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out.TableMetadataList[i] = s.glueTable(ctx, cat, db, t)
		}()
	}
	wg.Wait()
	return out, nil
}

func (s *Server) getTableMetadata(ctx context.Context, in *athenasdk.GetTableMetadataInput) (any, *athenawire.Error) {
	cat, ok := s.findCatalog(aws.ToString(in.CatalogName))
	if !ok {
		return nil, athenawire.Metadata("Catalog " + aws.ToString(in.CatalogName) + " was not found")
	}
	db, name := aws.ToString(in.DatabaseName), aws.ToString(in.TableName)
	if db == "" || name == "" {
		return nil, athenawire.InvalidRequest("DatabaseName and TableName are required")
	}
	tables, aerr := s.loadTables(ctx, cat, db, name)
	if aerr != nil {
		return nil, aerr
	}
	if len(tables) == 0 {
		return nil, athenawire.Metadata("Table " + name + " not found in database " + db + ".")
	}
	return &athenawire.GetTableMetadataOutput{TableMetadata: s.glueTable(ctx, cat, db, tables[0])}, nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
