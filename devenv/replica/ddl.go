package replica

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Catalog names of the replica (docs/design/trino-replica.md): Athena's catalog is
// awsdatacatalog; it is a Hive catalog that redirects Iceberg tables to
// awsdatacatalog_iceberg, which shares its file metastore.
const (
	CatalogHive    = "awsdatacatalog"
	CatalogIceberg = "awsdatacatalog_iceberg"
)

// ASLVersion is the value written to the asl_version column (and identity
// partition) of v2 tables. Only the column is confirmed by a live DESCRIBE;
// its value in AWS data is not documented (docs/design/security-lake.md,
// Unconfirmed).
const ASLVersion = "2.0"

// Table is one replica table: where it lives, what it holds and its columns.
type Table struct {
	// Catalog is the Trino Hive catalog of the lake (Config.HiveCatalog).
	Catalog string
	// Region is the Region whose data the table holds; a rollup table
	// holds DataRegions' instead.
	Region   string
	Database string
	Name     string
	// Source is the AWS source name ("vpc_flow") or, for a custom source,
	// "ext_" plus its name ("ext_edr_process"), as lake.Table.Source.
	Source string
	// Version is the Security Lake source version; a custom source reports
	// 2 (it carries OCSF 1.1.0) but is Hive-partitioned like every custom source.
	Version lake.Version
	Custom  bool
	// OCSFVersion is metadata.version of its events.
	OCSFVersion string
	// Classes are the OCSF classes the source emits.
	Classes []ocsf.Class
	Columns []Column
	// DataRegions are the Regions whose events a rollup table holds (the
	// region partition tells them apart); nil means Region only.
	DataRegions []string
}

// Regions are the Regions whose events the table holds.
func (t Table) Regions() []string {
	if len(t.DataRegions) > 0 {
		return t.DataRegions
	}
	return []string{t.Region}
}

// HiveCatalog is the table's Hive catalog (CatalogHive when unset).
func (t Table) HiveCatalog() string {
	if t.Catalog == "" {
		return CatalogHive
	}
	return t.Catalog
}

// Layout is Iceberg for v2 AWS sources and Hive for v1 and custom sources.
func (t Table) Layout() lake.Layout {
	if t.Version == lake.V2 && !t.Custom {
		return lake.Iceberg
	}
	return lake.Hive
}

// CreateCatalog is the catalog the table is created in; v2 tables are then
// also readable as awsdatacatalog.<db>.<table> through the redirect.
func (t Table) CreateCatalog() string {
	if t.Layout() == lake.Iceberg {
		return t.HiveCatalog() + "_iceberg"
	}
	return t.HiveCatalog()
}

// Qualified returns "catalog"."database"."table".
func (t Table) Qualified(catalog string) string {
	return quoteIdent(catalog) + "." + quoteIdent(t.Database) + "." + quoteIdent(t.Name)
}

// Column returns the column with the given name.
func (t Table) Column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

func (t Table) flavor() typeFlavor {
	if t.Layout() == lake.Iceberg {
		return flavorIceberg
	}
	return flavorHive
}

// hivePartitions are the partition columns of v1 and custom tables, in
// partitioned_by order; Hive requires them last (docs/design/security-lake.md).
var hivePartitions = []string{lake.ColRegion, lake.ColAccountID, lake.ColEventDay}

// CreateSQL is the CREATE TABLE statement: Iceberg with
// partitioning = ARRAY['asl_version','region','accountid','day(time_dt)'] for
// v2 (the spec of a live cloud_trail_mgmt_2_0 table), Hive with
// partitioned_by = ARRAY['region','accountid','eventday'] otherwise. Both
// store Parquet like Security Lake.
func (t Table) CreateSQL() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", t.Qualified(t.CreateCatalog()))
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  %s %s", quoteIdent(c.Name), c.ddlType(t.flavor()))
	}
	b.WriteString("\n) WITH (format = 'PARQUET', ")
	if t.Layout() == lake.Iceberg {
		b.WriteString("format_version = 2, partitioning = ARRAY['asl_version', 'region', 'accountid', 'day(time_dt)'])")
	} else {
		b.WriteString("partitioned_by = ARRAY['region', 'accountid', 'eventday'])")
	}
	return b.String()
}

// DropSQL drops the table if it exists (with its data: the tables are managed).
func (t Table) DropSQL() string {
	return "DROP TABLE IF EXISTS " + t.Qualified(t.CreateCatalog())
}

// quoteIdent double-quotes an identifier (always: Trino reserves words Athena
// does not, docs/design/trino-replica.md).
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Tables returns every replica table of the configuration: per region (or
// for the rollup region only) the eight v2 AWS sources (Iceberg), the six v1
// sources (Hive) and the custom source — or the subset the configuration
// names — with columns from the embedded OCSF catalog.
func Tables(cfg Config) ([]Table, error) {
	cat := ocsf.Default()
	var out []Table
	homes := cfg.Regions
	var data []string
	if cfg.Rollup != "" {
		homes, data = []string{cfg.Rollup}, cfg.Regions
	}
	for _, region := range homes {
		if !lake.ValidRegion(region) {
			return nil, fmt.Errorf("replica: invalid region %q", region)
		}
		var ts []Table
		for _, v := range []lake.Version{lake.V2, lake.V1} {
			for _, src := range lake.Sources {
				if !src.Has(v) || !cfg.hasSource(src.Name, v) {
					continue
				}
				s, err := cat.Schema(v, src.Name)
				if err != nil {
					return nil, err
				}
				cols, err := schemaColumns(cat, v, src.Name)
				if err != nil {
					return nil, err
				}
				if v == lake.V1 {
					cols = partitionsLast(cols)
				}
				ts = append(ts, Table{
					Region: region, Database: lake.DatabaseName(region), Name: lake.TableName(region, src, v),
					Source: src.Name, Version: v, OCSFVersion: s.OCSFVersion, Classes: s.Classes, Columns: cols,
				})
			}
		}
		if !cfg.NoCustom {
			ext, err := customTable(region)
			if err != nil {
				return nil, err
			}
			ts = append(ts, ext)
		}
		for _, t := range ts {
			t.Catalog, t.DataRegions = cfg.HiveCatalog(), data
			if cfg.Database != "" {
				t.Database = cfg.Database
			}
			if n := cfg.TableNames[t.Source]; n != "" {
				t.Name = n
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// partitionsLast moves the Hive partition columns to the end in
// partitioned_by order, keeping the order of the others.
func partitionsLast(cols []Column) []Column {
	isPart := map[string]bool{}
	for _, p := range hivePartitions {
		isPart[p] = true
	}
	out := make([]Column, 0, len(cols))
	byName := map[string]Column{}
	for _, c := range cols {
		if isPart[c.Name] {
			byName[c.Name] = c
			continue
		}
		out = append(out, c)
	}
	for _, p := range hivePartitions {
		c, ok := byName[p]
		if !ok {
			c = Column{Name: p, node: &node{name: p, leaf: "varchar"}}
		}
		out = append(out, c)
	}
	return out
}
