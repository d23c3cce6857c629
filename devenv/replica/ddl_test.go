package replica

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

func tablesFor(t *testing.T, cfg Config) []Table {
	t.Helper()
	ts, err := Tables(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func findTable(t *testing.T, ts []Table, name string) Table {
	t.Helper()
	for _, x := range ts {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("table %s not generated", name)
	return Table{}
}

func TestCloudTrailV2MatchesRealDescribe(t *testing.T) {
	tb := findTable(t, tablesFor(t, DefaultConfig()), "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0")
	if len(tb.Columns) != len(cloudTrailV2Describe) {
		t.Errorf("got %d columns, want %d", len(tb.Columns), len(cloudTrailV2Describe))
	}
	for i, want := range cloudTrailV2Describe {
		if i >= len(tb.Columns) {
			t.Errorf("missing column %d %s", i, want[0])
			continue
		}
		c := tb.Columns[i]
		if c.Name != want[0] || normalizeType(c.Type()) != want[1] {
			t.Errorf("column %d:\n got  %s %s\n want %s %s", i, c.Name, normalizeType(c.Type()), want[0], want[1])
		}
	}
	if !strings.Contains(tb.CreateSQL(), `"time_dt" timestamp(6)`) {
		t.Error("Iceberg time_dt must be timestamp(6)")
	}
}

func TestTablesPerRegion(t *testing.T) {
	cfg := DefaultConfig()
	ts := tablesFor(t, cfg)
	// 8 v2 + 6 v1 + 1 custom per region.
	if want := 15 * len(cfg.Regions); len(ts) != want {
		t.Fatalf("got %d tables, want %d", len(ts), want)
	}
	count := map[string]int{}
	for _, tb := range ts {
		key := fmt.Sprintf("%s/v%d/custom=%v", tb.Region, tb.Version, tb.Custom)
		count[key]++
		if tb.Database != lake.DatabaseName(tb.Region) {
			t.Errorf("%s: database %s", tb.Name, tb.Database)
		}
		if !tb.Custom {
			src, _ := lake.LookupSource(tb.Source)
			if tb.Name != lake.TableName(tb.Region, src, tb.Version) {
				t.Errorf("%s: want name %s", tb.Name, lake.TableName(tb.Region, src, tb.Version))
			}
		}
	}
	for _, r := range cfg.Regions {
		if count[r+"/v2/custom=false"] != 8 || count[r+"/v1/custom=false"] != 6 || count[r+"/v2/custom=true"] != 1 {
			t.Errorf("%s: table mix %v", r, count)
		}
	}
	ext := findTable(t, ts, "amazon_security_lake_table_eu_west_1_ext_edr_process")
	if ext.Layout() != lake.Hive || ext.CreateCatalog() != CatalogHive {
		t.Errorf("custom table must be Hive in %s", CatalogHive)
	}
}

func TestCreateSQLPartitioning(t *testing.T) {
	for _, tb := range tablesFor(t, DefaultConfig()) {
		sql := tb.CreateSQL()
		switch tb.Layout() {
		case lake.Iceberg:
			if tb.CreateCatalog() != CatalogIceberg || !strings.HasSuffix(sql, "partitioning = ARRAY['asl_version', 'region', 'accountid', 'day(time_dt)'])") {
				t.Errorf("%s: Iceberg DDL wrong:\n%s", tb.Name, sql)
			}
			for _, c := range []string{"time_dt", "asl_version", "region", "accountid"} {
				if _, ok := tb.Column(c); !ok {
					t.Errorf("%s: no %s column", tb.Name, c)
				}
			}
			if strings.Contains(sql, " timestamp,") || strings.Contains(sql, " timestamp)") {
				t.Errorf("%s: Iceberg timestamps must be timestamp(6)", tb.Name)
			}
		case lake.Hive:
			if !strings.HasSuffix(sql, "partitioned_by = ARRAY['region', 'accountid', 'eventday'])") {
				t.Errorf("%s: Hive DDL wrong:\n%s", tb.Name, sql)
			}
			n := len(tb.Columns)
			if n < 3 || tb.Columns[n-3].Name != "region" || tb.Columns[n-2].Name != "accountid" || tb.Columns[n-1].Name != "eventday" {
				t.Errorf("%s: partition columns must be last in partitioned_by order", tb.Name)
			}
			if _, ok := tb.Column("time_dt"); ok {
				t.Errorf("%s: a v1 table has no time_dt", tb.Name)
			}
		}
	}
}

// Every catalog field of every AWS table must be a column or member of the
// generated DDL, with the catalog's type, so replica and plugin agree.
func TestColumnsCoverCatalog(t *testing.T) {
	cat := ocsf.Default()
	for _, tb := range tablesFor(t, DefaultConfig()) {
		if tb.Custom {
			continue
		}
		s, err := cat.Schema(tb.Version, tb.Source)
		if err != nil {
			t.Fatal(err)
		}
		paths := columnPaths(tb.Columns)
		for _, f := range s.Fields {
			if !paths[f.Path] {
				t.Errorf("%s: catalog field %s missing", tb.Name, f.Path)
				continue
			}
			segs := strings.Split(f.Path, ".")
			col, _ := tb.Column(strings.TrimSuffix(segs[0], "[]"))
			n := col.member(segs[1:])
			switch {
			case f.Type == "row":
				if n.leaf != "" || n.array {
					t.Errorf("%s: %s should be a row", tb.Name, f.Path)
				}
			case f.Type == "array(row)":
				if !n.array {
					t.Errorf("%s: %s should be an array of rows", tb.Name, f.Path)
				}
			case n.leaf != f.Type:
				t.Errorf("%s: %s type %q, catalog %q", tb.Name, f.Path, n.leaf, f.Type)
			}
		}
		// The only extra DDL paths are struct prefixes inside array
		// elements, which the catalog leaves out on purpose.
		for p := range paths {
			if _, ok := s.Field(p); !ok && !strings.Contains(p, "[]") {
				t.Errorf("%s: DDL path %s is not in the catalog", tb.Name, p)
			}
		}
	}
}

// column_order.json must list exactly the catalog's leaves, or the catalog
// and the order file have drifted apart (regenerate with go generate ./pkg/ocsf).
func TestColumnOrderAgreesWithCatalog(t *testing.T) {
	cat := ocsf.Default()
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		for _, src := range cat.Sources(v) {
			s, _ := cat.Schema(v, src)
			order := columnOrder[fmt.Sprintf("%d/%s", int(v), src)]
			if len(order) == 0 {
				t.Errorf("v%d %s: no column order", v, src)
				continue
			}
			known := map[string]bool{}
			for _, f := range s.Fields {
				known[f.Path] = true
			}
			for _, p := range order {
				if !known[p] {
					t.Errorf("v%d %s: ordered path %s not in the catalog", v, src, p)
				}
			}
		}
	}
}

func TestNestedArrayTypes(t *testing.T) {
	tb := findTable(t, tablesFor(t, DefaultConfig()), "amazon_security_lake_table_us_east_1_sh_findings_2_0")
	c, _ := tb.Column("vulnerabilities")
	for _, want := range []string{
		"cve row(cvss array(row(base_score decimal(3,1), vector_string varchar, version varchar)), uid varchar",
		"affected_packages array(row(architecture varchar, epoch integer",
		"remediation row(desc varchar, references array(varchar))",
	} {
		if !strings.Contains(c.Type(), want) {
			t.Errorf("vulnerabilities type lacks %q:\n%s", want, c.Type())
		}
	}
	ev, _ := tb.Column("evidences")
	if !strings.Contains(ev.Type(), "coordinates array(decimal(9,6))") {
		t.Errorf("evidences: %s", ev.Type())
	}
	if !strings.Contains(tb.CreateSQL(), `"cvss" array(row("base_score" decimal(3,1)`) {
		t.Error("DDL must quote member names")
	}
}

func TestV1VersusV2Columns(t *testing.T) {
	ts := tablesFor(t, DefaultConfig())
	v1 := columnPaths(findTable(t, ts, "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0").Columns)
	v2 := columnPaths(findTable(t, ts, "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0").Columns)
	// docs/design/security-lake.md, "Same logical field, different path".
	for old, now := range map[string]string{
		"actor.user.account_uid": "actor.user.account.uid", "actor.session.mfa": "actor.session.is_mfa",
		"actor.session.created_time": "actor.session.created_time_dt", "mfa": "is_mfa",
	} {
		if !v1[old] || v1[now] || !v2[now] || v2[old] {
			t.Errorf("%s (v1) → %s (v2) not reflected", old, now)
		}
	}
	if v1["observables"] || !v2["observables"] || v1["time_dt"] || !v2["time_dt"] {
		t.Error("observables and time_dt are v2-only")
	}
	f1 := columnPaths(findTable(t, ts, "amazon_security_lake_table_us_east_1_sh_findings_1_0").Columns)
	f2 := columnPaths(findTable(t, ts, "amazon_security_lake_table_us_east_1_sh_findings_2_0").Columns)
	if !f1["finding.uid"] || !f2["finding_info.uid"] || !f1["state"] || !f2["status"] || !f1["confidence"] || !f2["confidence_score"] {
		t.Error("finding → finding_info, state → status, confidence → confidence_score")
	}
}
