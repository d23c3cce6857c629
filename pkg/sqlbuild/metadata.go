package sqlbuild

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Partition-listing columns of PartitionsSQL, the same for both layouts.
const (
	PartRegion  = "region"
	PartAccount = "accountid"
	PartDay     = "day"
	PartRecords = "records"
	PartFiles   = "files"
)

// MetadataSuffix names the partition metadata table of a lake table, on
// Athena engine version 3 as on Trino: "<table>$partitions" lists an
// Iceberg table's partitions with record and file counts, and a Hive
// table's partition values (docs/design/lake-health.md).
const MetadataSuffix = "$partitions"

// PartitionsSQL lists the partitions of a lake table from its metadata
// table, so it reads table metadata (manifests or the Glue partition list),
// not data: one row per partition with the columns region, accountid, day
// (a DATE), records and files (bigint; NULL for Hive tables, whose
// listing has no counts). Rows are the partitions of the scope up to the
// day of r.To: a freshness question asks for the newest one, however old,
// so there is no lower bound.
//
// Iceberg (v2): the partition tuple is the "partition" row, with the
// identity fields region and accountid and the day(time_dt) field
// time_dt_day. Hive (v1, custom): the partition keys region, accountid and
// eventday ('YYYYMMDD') are the listing's columns.
func PartitionsSQL(t lake.Table, r TimeRange, s Scope) string {
	from := Table(t.Catalog, t.Database, t.Name+MetadataSuffix)
	end := r.To.UTC()
	if t.Layout == lake.Iceberg {
		col := func(name string) string { return Ident("partition") + "." + Ident(name) }
		where := append([]string{col("time_dt_day") + " <= DATE " + StringLiteral(end.Format("2006-01-02"))},
			scopeOn(col, s)...)
		return "SELECT " + col(lake.ColRegion) + " AS " + Ident(PartRegion) + ", " + col(lake.ColAccountID) + " AS " + Ident(PartAccount) +
			", " + col("time_dt_day") + " AS " + Ident(PartDay) + ", " + Ident("record_count") + " AS " + Ident(PartRecords) +
			", " + Ident("file_count") + " AS " + Ident(PartFiles) + " FROM " + from + " WHERE " + strings.Join(where, " AND ")
	}
	where := append([]string{Ident(lake.ColEventDay) + " <= " + StringLiteral(end.Format(lake.EventDayFormat))}, ScopePredicates(s)...)
	return "SELECT " + Ident(lake.ColRegion) + " AS " + Ident(PartRegion) + ", " + Ident(lake.ColAccountID) + " AS " + Ident(PartAccount) +
		", CAST(date_parse(" + Ident(lake.ColEventDay) + ", '%Y%m%d') AS date) AS " + Ident(PartDay) +
		", CAST(NULL AS bigint) AS " + Ident(PartRecords) + ", CAST(NULL AS bigint) AS " + Ident(PartFiles) +
		" FROM " + from + " WHERE " + strings.Join(where, " AND ")
}

// scopeOn writes the scope's IN lists on the columns col names.
func scopeOn(col func(string) string, s Scope) []string {
	var out []string
	for _, p := range []struct {
		name string
		vals []string
	}{{lake.ColAccountID, s.Accounts}, {lake.ColRegion, s.Regions}} {
		vals := dedupe(p.vals)
		if len(vals) == 0 {
			continue
		}
		lits := make([]string, len(vals))
		for i, v := range vals {
			lits[i] = StringLiteral(v)
		}
		out = append(out, col(p.name)+" IN ("+strings.Join(lits, ", ")+")")
	}
	return out
}

// PartitionRegionsSQL lists the distinct values of a lake table's region
// partition from its partition metadata: the Regions whose data the table
// holds (in a rollup Region, the contributing Regions). It reads the
// manifests or the metastore only, no event data.
func PartitionRegionsSQL(t lake.Table) string {
	col := Ident(lake.ColRegion)
	if t.Layout == lake.Iceberg {
		col = Ident("partition") + "." + col
	}
	return "SELECT DISTINCT " + col + " AS " + Ident(PartRegion) + " FROM " + Table(t.Catalog, t.Database, t.Name+MetadataSuffix) +
		" ORDER BY 1"
}
