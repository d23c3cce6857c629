package lake

import (
	"context"
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

func discoverCfg() Config { return Config{Region: testRegion, Discover: true} }

func mustDiscover(t *testing.T, c Catalog, cfg Config) *Inventory {
	t.Helper()
	inv, err := Discover(context.Background(), c, cfg)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return inv
}

func tableNames(ts []Table) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

func TestDiscoverVersions(t *testing.T) {
	tests := []struct {
		desc      string
		tables    []TableMeta
		cfg       func(*Config)
		versions  []Version
		preferred Version
		count     int
		warn      string
	}{
		{"only v1", awsTables(testRegion, V1), nil, []Version{V1}, V1, 6, ""},
		{"only v2", awsTables(testRegion, V2), nil, []Version{V2}, V2, 8, ""},
		{"both: v2 has more sources", append(awsTables(testRegion, V1), awsTables(testRegion, V2)...), nil, []Version{V1, V2}, V2, 14, ""},
		{"both, same sources: the highest", append(awsTables(testRegion, V1, "vpc_flow"), awsTables(testRegion, V2, "vpc_flow")...), nil, []Version{V1, V2}, V2, 2, ""},
		{"both: v1 has more sources", append(awsTables(testRegion, V1), awsTables(testRegion, V2, "vpc_flow")...), nil, []Version{V1, V2}, V1, 7, ""},
		{"pinned version wins", append(awsTables(testRegion, V1), awsTables(testRegion, V2)...), func(c *Config) { c.Version = V1 }, []Version{V1, V2}, V1, 14, ""},
		{"pinned version not found", awsTables(testRegion, V2), func(c *Config) { c.Version = V1 }, []Version{V2}, V1, 8, "set to 1 but amazon_security_lake_glue_db_us_east_1 has only version 2"},
		{"empty database", nil, nil, nil, V2, 0, "no Security Lake tables found"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			cfg := discoverCfg()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			c := lakeCatalog(tt.tables)
			inv := mustDiscover(t, c, cfg)
			if !reflect.DeepEqual(inv.Versions, tt.versions) || inv.Preferred != tt.preferred || len(inv.Tables) != tt.count {
				t.Errorf("versions %v preferred %d tables %d; want %v %d %d", inv.Versions, inv.Preferred, len(inv.Tables), tt.versions, tt.preferred, tt.count)
			}
			if tt.warn == "" && len(inv.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", inv.Warnings)
			}
			if tt.warn != "" && !strings.Contains(strings.Join(inv.Warnings, "\n"), tt.warn) {
				t.Errorf("warnings %q lack %q", inv.Warnings, tt.warn)
			}
			for _, tb := range inv.Tables {
				if tb.Layout != layoutOf(tb.Version) || tb.Catalog != DefaultCatalog || tb.Database != testDB || tb.Custom || tb.Pinned {
					t.Errorf("table %+v", tb)
				}
			}
			if len(inv.Columns) != 0 {
				t.Errorf("conventional tables need no columns: %v", inv.Columns)
			}
		})
	}
}

func TestDiscoverBothVersionsResolve(t *testing.T) {
	inv := mustDiscover(t, lakeCatalog(awsTables(testRegion, V1), awsTables(testRegion, V2)), discoverCfg())
	for _, tt := range []struct {
		source string
		v      Version
		want   string
	}{
		{"vpc_flow", 0, "amazon_security_lake_table_us_east_1_vpc_flow_2_0"},
		{"vpc_flow", V1, "amazon_security_lake_table_us_east_1_vpc_flow_1_0"},
		{"route53", V2, "amazon_security_lake_table_us_east_1_route53_2_0"},
		{"waf", 0, "amazon_security_lake_table_us_east_1_waf_2_0"},
	} {
		got, err := inv.Resolve(tt.source, tt.v)
		if err != nil || got.Name != tt.want {
			t.Errorf("Resolve(%s, %d) = %s, %v; want %s", tt.source, tt.v, got.Name, err, tt.want)
		}
	}
	_, err := inv.Resolve("eks_audit", V1)
	if !errors.Is(err, ErrTableNotFound) || !strings.Contains(err.Error(), "exists only in Security Lake version 2") {
		t.Errorf("eks_audit v1: %v", err)
	}
	_, err = inv.Resolve("vpcflow", 0)
	if !errors.Is(err, ErrTableNotFound) || !strings.Contains(err.Error(), "vpc_flow, route53") {
		t.Errorf("unknown source: %v", err)
	}
	// Editors list sources in lake.Sources order, v1 before v2.
	if got := tableNames(inv.Tables)[:2]; got[0] != "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0" || got[1] != "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0" {
		t.Errorf("order: %v", got)
	}
	if got := inv.Sources(); len(got) != 8 || got[0] != "cloud_trail_mgmt" || got[7] != "waf" {
		t.Errorf("Sources() = %v", got)
	}
}

func TestResolveListsWhatExists(t *testing.T) {
	inv := mustDiscover(t, lakeCatalog(awsTables(testRegion, V2, "vpc_flow", "route53")), Config{Region: testRegion, Discover: true, Version: V1})
	_, err := inv.Resolve("vpc_flow", 0)
	if !errors.Is(err, ErrTableNotFound) {
		t.Fatalf("want ErrTableNotFound, got %v", err)
	}
	for _, want := range []string{"version 1", testDB, "found vpc_flow v2, route53 v2", "DESCRIBE", "pin"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	var nilInv *Inventory
	if _, err := nilInv.Resolve("vpc_flow", 0); err == nil {
		t.Error("nil inventory must not resolve")
	}
}

func TestDiscoverCustomSources(t *testing.T) {
	c := lakeCatalog(awsTables(testRegion, V2, "vpc_flow"), []TableMeta{
		customTable("amazon_security_lake_table_us_east_1_ext_windows_sysmon"),
		customTable("amazon_security_lake_table_us_east_1_ext_okta_sso_1_0"),
		customTable("amazon_security_lake_table_us_east_1_ext_okta_sso"), // same source, older form
	})
	inv := mustDiscover(t, c, discoverCfg())
	if got := tableNames(inv.Custom); !reflect.DeepEqual(got, []string{"amazon_security_lake_table_us_east_1_ext_okta_sso_1_0", "amazon_security_lake_table_us_east_1_ext_windows_sysmon"}) {
		t.Fatalf("custom = %v", got)
	}
	for _, ct := range inv.Custom {
		if !ct.Custom || ct.Layout != Hive || ct.Version != V2 || !strings.HasPrefix(ct.Source, "ext_") {
			t.Errorf("custom table %+v", ct)
		}
		cols, ok := inv.ColumnsOf(ct)
		if !ok || len(cols) != 6 || cols[5].Name != "eventday" {
			t.Errorf("columns of %s: %v", ct.Name, cols)
		}
	}
	if !strings.Contains(strings.Join(inv.Warnings, "\n"), "both look like custom source ext_okta_sso") {
		t.Errorf("warnings %q", inv.Warnings)
	}
	got, err := inv.Resolve("ext_okta_sso", 0)
	if err != nil || got.Name != "amazon_security_lake_table_us_east_1_ext_okta_sso_1_0" {
		t.Errorf("Resolve(ext_okta_sso) = %+v, %v", got, err)
	}
	if _, err := inv.Resolve("ext_nope", 0); !errors.Is(err, ErrTableNotFound) || !strings.Contains(err.Error(), "custom sources ext_okta_sso, ext_windows_sysmon") {
		t.Errorf("Resolve(ext_nope): %v", err)
	}
	if vpc, _ := inv.Resolve("vpc_flow", 0); func() bool { _, ok := inv.ColumnsOf(vpc); return ok }() {
		t.Error("conventional AWS tables take their fields from the catalog, not Columns")
	}
}

func TestDiscoverResourceLinks(t *testing.T) {
	const links = "sl_links"
	c := &fakeCatalog{
		dbs: []string{"default", links},
		tables: map[string][]TableMeta{links: {
			{Name: "securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1"},
			{Name: "securitylake_shared_resourcelink_route53_1_0_us_east_1", Columns: v1Columns, PartitionKeys: v1Partitions},
			{Name: "ct_link", Columns: v2Columns},
			{Name: "my_link", Columns: v2Columns},
		}},
	}
	inv := mustDiscover(t, c, Config{Region: testRegion, Database: links, Discover: true, Pins: map[string]string{"cloud_trail_mgmt": "my_link"}})
	want := []Table{
		{Catalog: DefaultCatalog, Database: links, Name: "my_link", Source: "cloud_trail_mgmt", Version: V2, Layout: Iceberg, Pinned: true},
		{Catalog: DefaultCatalog, Database: links, Name: "securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1", Source: "vpc_flow", Version: V2, Layout: Iceberg},
		{Catalog: DefaultCatalog, Database: links, Name: "securitylake_shared_resourcelink_route53_1_0_us_east_1", Source: "route53", Version: V1, Layout: Hive},
	}
	if !reflect.DeepEqual(inv.Tables, want) {
		t.Errorf("tables\n got %+v\nwant %+v", inv.Tables, want)
	}
	// my_link matched no rule, but the pin names it: only ct_link is left to pin.
	if !reflect.DeepEqual(inv.Unrecognized, []string{links + ".ct_link"}) {
		t.Errorf("unrecognized %v", inv.Unrecognized)
	}
	for _, name := range []string{"my_link", "securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1"} {
		if _, ok := inv.Columns[links+"."+name]; !ok {
			t.Errorf("no columns for resource link %s", name)
		}
	}
	if len(inv.Warnings) != 0 {
		t.Errorf("warnings %q", inv.Warnings)
	}
}

func TestDiscoverPins(t *testing.T) {
	c := lakeCatalog(awsTables(testRegion, V1), awsTables(testRegion, V2))
	c.dbs = append(c.dbs, "links")
	c.tables["links"] = []TableMeta{{Name: "flow", Columns: v1Columns, PartitionKeys: v1Partitions}}
	cfg := discoverCfg()
	cfg.Pins = map[string]string{
		"vpc_flow":         "links.flow",                                   // other database, version from columns
		"route53":          "missing_route53_2_0",                          // not listed: warning, still used
		"waf":              "hidden_db.waf_table",                          // database not visible: warning
		"ext_app":          "amazon_security_lake_table_us_east_1_ext_app", // pinned custom
		"cloudtrail":       "whatever",                                     // not a source: ignored
		"sh_findings":      "links.",                                       // no table: ignored
		"lambda_execution": "amazon_security_lake_table_us_east_1_lambda_execution_1_0",
	}
	inv := mustDiscover(t, c, cfg)
	if c.calls("links") != 1 || c.calls("hidden_db") != 0 || c.calls(testDB) != 1 {
		t.Errorf("ListTables calls: %v", c.tableCalls)
	}
	get := func(src string) []Table {
		var out []Table
		for _, tb := range append(append([]Table(nil), inv.Tables...), inv.Custom...) {
			if tb.Source == src {
				out = append(out, tb)
			}
		}
		return out
	}
	if got := get("vpc_flow"); len(got) != 1 || got[0].Database != "links" || got[0].Name != "flow" || got[0].Version != V1 || got[0].Layout != Hive || !got[0].Pinned {
		t.Errorf("vpc_flow pin: %+v", got)
	}
	if got := get("route53"); len(got) != 1 || got[0].Name != "missing_route53_2_0" || got[0].Version != V2 {
		t.Errorf("route53 pin: %+v", got)
	}
	if got := get("waf"); len(got) != 1 || got[0].Database != "hidden_db" || got[0].Version != V2 {
		t.Errorf("waf pin (version from the preferred version): %+v", got)
	}
	if got := get("ext_app"); len(got) != 1 || !got[0].Custom || got[0].Layout != Hive {
		t.Errorf("ext_app pin: %+v", got)
	}
	if got := get("sh_findings"); len(got) != 2 {
		t.Errorf("an empty pin must leave discovery alone: %+v", got)
	}
	if got := get("lambda_execution"); len(got) != 1 || got[0].Version != V1 {
		t.Errorf("a pin replaces every version of its source: %+v", got)
	}
	// Resolve: v 0 returns the pin whatever the preferred version.
	if tb, err := inv.Resolve("vpc_flow", 0); err != nil || tb.Name != "flow" {
		t.Errorf("Resolve(vpc_flow) = %+v, %v", tb, err)
	}
	if _, err := inv.Resolve("vpc_flow", V2); !errors.Is(err, ErrTableNotFound) {
		t.Errorf("Resolve(vpc_flow, 2) with a v1 pin: %v", err)
	}
	warnings := strings.Join(inv.Warnings, "\n")
	for _, want := range []string{
		"missing_route53_2_0 for route53 was not found by discovery; using it anyway",
		"database hidden_db of the pinned table for waf is not visible",
		`the pin for "cloudtrail" is ignored`,
		`the pin "links." for sh_findings is ignored`,
		"cannot tell the version of the pinned table waf_table; assuming version 2",
		"ext_app was not found by discovery",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
	if _, ok := inv.Columns["links.flow"]; !ok {
		t.Error("a pinned link's columns must be kept")
	}
}

func TestDiscoverErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("missing database", func(t *testing.T) {
		c := &fakeCatalog{dbs: []string{"default", "amazon_security_lake_glue_db_eu_west_1"}}
		_, err := Discover(ctx, c, discoverCfg())
		var dnf *DatabaseNotFoundError
		if !errors.Is(err, ErrDatabaseNotFound) || !errors.As(err, &dnf) {
			t.Fatalf("want DatabaseNotFoundError, got %v", err)
		}
		for _, want := range []string{`"amazon_security_lake_glue_db_us_east_1"`, "AwsDataCatalog", "Region us-east-1", "amazon_security_lake_glue_db_eu_west_1", "resource link", "DESCRIBE"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
		if c.calls(testDB) != 0 {
			t.Error("no table listing without the database")
		}
	})
	t.Run("missing pinned database", func(t *testing.T) {
		_, err := Discover(ctx, &fakeCatalog{dbs: []string{"default"}}, Config{Region: testRegion, Database: "links", Discover: true})
		if !errors.Is(err, ErrDatabaseNotFound) || !strings.Contains(err.Error(), "set in the datasource settings") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("database names are case-insensitive", func(t *testing.T) {
		c := lakeCatalog(awsTables(testRegion, V2))
		c.dbs = []string{strings.ToUpper(testDB)}
		if _, err := Discover(ctx, c, discoverCfg()); err != nil {
			t.Error(err)
		}
	})
	t.Run("ListDatabases error", func(t *testing.T) {
		cause := errors.New("AccessDeniedException: not authorized to perform athena:ListDatabases")
		_, err := Discover(ctx, &fakeCatalog{dbErr: cause}, discoverCfg())
		if !errors.Is(err, cause) || !strings.Contains(err.Error(), "AwsDataCatalog") || !strings.Contains(err.Error(), cause.Error()) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ListTables error", func(t *testing.T) {
		cause := errors.New("Insufficient Lake Formation permission(s) on amazon_security_lake_glue_db_us_east_1")
		c := lakeCatalog()
		c.tableErr = map[string]error{testDB: cause}
		_, err := Discover(ctx, c, discoverCfg())
		if !errors.Is(err, cause) || !strings.Contains(err.Error(), "listing the tables of AwsDataCatalog."+testDB) || !strings.Contains(err.Error(), cause.Error()) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ListTables error of a pinned database", func(t *testing.T) {
		cause := errors.New("throttled")
		c := lakeCatalog()
		c.dbs = append(c.dbs, "links")
		c.tableErr = map[string]error{"links": cause}
		_, err := Discover(ctx, c, Config{Region: testRegion, Discover: true, Pins: map[string]string{"waf": "links.w"}})
		if !errors.Is(err, cause) || !strings.Contains(err.Error(), "pinned for waf") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("no region, no database", func(t *testing.T) {
		if _, err := Discover(ctx, lakeCatalog(), Config{Discover: true}); err == nil {
			t.Error("want an error")
		}
	})
	t.Run("nil catalog", func(t *testing.T) {
		if _, err := Discover(ctx, nil, discoverCfg()); err == nil {
			t.Error("want an error")
		}
	})
}

func TestDiscoverWarnings(t *testing.T) {
	inv := mustDiscover(t, lakeCatalog([]TableMeta{
		{Name: "amazon_security_lake_table_us_east_1_vpc_flow_3_0"},
		{Name: "amazon_security_lake_table_us_east_1_route53_1_0", Columns: v2Columns},
		{Name: "route53_link"},
		{Name: "securitylake_shared_resourcelink_waf_2_0_us_east_1", Columns: v2Columns},
		{Name: "amazon_security_lake_table_us_east_1_waf_2_0", Columns: v2Columns},
	}), discoverCfg())
	warnings := strings.Join(inv.Warnings, "\n")
	for _, want := range []string{
		"vpc_flow_3_0 looks like Security Lake version 3",
		"route53_1_0: its name says version 1 but its columns say version 2",
		"route53_link looks like source route53 but neither its name nor its columns tell the lake version",
		"amazon_security_lake_table_us_east_1_waf_2_0 and securitylake_shared_resourcelink_waf_2_0_us_east_1 both look like waf version 2; using amazon_security_lake_table_us_east_1_waf_2_0",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
	// With a configured version, an unversioned link is assumed to be of it.
	inv = mustDiscover(t, lakeCatalog([]TableMeta{{Name: "route53_link"}}), Config{Region: testRegion, Discover: true, Version: V1})
	if tb, err := inv.Resolve("route53", 0); err != nil || tb.Version != V1 || tb.Layout != Hive {
		t.Errorf("route53_link with version 1: %+v, %v", tb, err)
	}
}

func TestDiscoverDeterministic(t *testing.T) {
	metas := append(append(awsTables(testRegion, V1), awsTables(testRegion, V2)...),
		customTable("amazon_security_lake_table_us_east_1_ext_b"), customTable("amazon_security_lake_table_us_east_1_ext_a"),
		TableMeta{Name: "zzz"}, TableMeta{Name: "aaa"}, TableMeta{Name: "vpc_flow_link", Columns: v2Columns})
	cfg := discoverCfg()
	cfg.Pins = map[string]string{"waf": "w1", "eks_audit": "e1", "ext_c": "c1"}
	first := mustDiscover(t, lakeCatalog(metas), cfg)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		shuffled := append([]TableMeta(nil), metas...)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if got := mustDiscover(t, lakeCatalog(shuffled), cfg); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs:\n got %+v\nwant %+v", i, got, first)
		}
	}
}

func TestDiscoverOffIsConventional(t *testing.T) {
	c := lakeCatalog(awsTables(testRegion, V2))
	cfg := Config{Region: testRegion, Version: V1}
	inv := mustDiscover(t, c, cfg)
	if c.dbCalls != 0 || c.calls(testDB) != 0 {
		t.Error("discovery off must not call the catalog")
	}
	if !reflect.DeepEqual(inv, Conventional(cfg)) {
		t.Error("Discover without discovery must equal Conventional")
	}
}
