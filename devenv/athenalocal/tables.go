package athenalocal

import (
	"context"
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
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
func (e *Engine) loadTables(ctx context.Context, cat catalogEntry, db, only string) ([]*tableInfo, *wire.Error) {
	where := " WHERE table_schema = " + quoteLiteral(strings.ToLower(db))
	if only != "" {
		where += " AND table_name = " + quoteLiteral(strings.ToLower(only))
	}
	isc := quoteIdent(cat.trino) + ".information_schema."
	_, trows, err := e.queryAll(ctx, "SELECT table_name, table_type FROM "+isc+"tables"+where)
	if err != nil {
		return nil, trinoError("listing tables", err)
	}
	_, crows, err := e.queryAll(ctx, "SELECT table_name, column_name, data_type, extra_info, comment FROM "+isc+"columns"+where+" ORDER BY table_name, ordinal_position")
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
func (e *Engine) queryAll(ctx context.Context, sql string) ([]columnType, [][]*string, error) {
	q, err := e.trino.Submit(ctx, sql, trino.Session{})
	if err != nil {
		return nil, nil, err
	}
	res := &buffer{}
	for {
		if res.cols == nil && q.Columns() != nil {
			res.cols = prepareColumns(q.Columns())
		}
		_ = res.add(q.RawRows(), 1<<62) // metadata is small
		more, err := q.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				e.cancelTrino(q)
			}
			return nil, nil, err
		}
		if !more {
			return res.cols, res.rows, nil
		}
	}
}

// glueTable turns a table into Glue metadata, probing "<t>$partitions".
func (e *Engine) glueTable(ctx context.Context, cat catalogEntry, db string, t *tableInfo) wire.TableMetadata {
	tm := wire.TableMetadata{Name: t.name, TableType: t.tableType, Columns: []wire.Column{}, PartitionKeys: []wire.Column{}}
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
		partNames, iceberg = e.probePartitions(ctx, cat, db, t)
	}
	if iceberg {
		tm.Parameters = map[string]string{"table_type": "ICEBERG"}
		if e.opts.IcebergHidePartitionKeys {
			partNames = nil
		}
	}
	isPart := map[string]bool{}
	for _, n := range partNames {
		isPart[strings.ToLower(n)] = true
	}
	byName := map[string]wire.Column{}
	for _, c := range t.cols {
		pt, err := trino.ParseType(c.trinoType)
		if err != nil {
			pt = nil
		}
		gc := wire.Column{Name: c.name, Type: glueType(pt), Comment: c.comment}
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
func (e *Engine) probePartitions(ctx context.Context, cat catalogEntry, db string, t *tableInfo) ([]string, bool) {
	sql := "DESCRIBE " + quoteIdent(cat.trino) + "." + quoteIdent(strings.ToLower(db)) + "." + quoteIdent(t.name+"$partitions")
	_, rows, err := e.queryAll(ctx, sql)
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
