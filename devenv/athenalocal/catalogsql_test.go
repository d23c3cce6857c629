package athenalocal

import "testing"

func TestRewriteCatalogs(t *testing.T) {
	m := map[string]string{"awsdatacatalog": "lake_minimal"}
	cases := []struct{ name, in, want string }{
		{"quoted three-part", `SELECT * FROM "AwsDataCatalog"."db"."t"`, `SELECT * FROM "lake_minimal"."db"."t"`},
		{"unquoted any case", `select 1 from awsDataCatalog.db.t`, `select 1 from "lake_minimal".db.t`},
		{"spaces and comments around dots", `FROM AwsDataCatalog /* c */ . "db" . t`, `FROM "lake_minimal" /* c */ . "db" . t`},
		{"catalog.schema in SHOW", `SHOW TABLES FROM awsdatacatalog.db`, `SHOW TABLES FROM "lake_minimal".db`},
		{"string literal untouched", `SELECT 'awsdatacatalog.db.t' FROM "awsdatacatalog"."db"."t"`, `SELECT 'awsdatacatalog.db.t' FROM "lake_minimal"."db"."t"`},
		{"escaped quote in literal", `SELECT 'it''s awsdatacatalog.x', awsdatacatalog.db.t`, `SELECT 'it''s awsdatacatalog.x', "lake_minimal".db.t`},
		{"line comment untouched", "-- awsdatacatalog.db.t\nSELECT 1", "-- awsdatacatalog.db.t\nSELECT 1"},
		{"block comment untouched", `/* "AwsDataCatalog"."db" */ SELECT 1`, `/* "AwsDataCatalog"."db" */ SELECT 1`},
		{"not after a dot", `SELECT x.awsdatacatalog.y FROM t`, `SELECT x.awsdatacatalog.y FROM t`},
		{"bare name is not a catalog", `SELECT awsdatacatalog FROM t`, `SELECT awsdatacatalog FROM t`},
		{"longer identifier untouched", `SELECT * FROM awsdatacatalog_iceberg.db.t`, `SELECT * FROM awsdatacatalog_iceberg.db.t`},
		{"quoted identifier containing the name", `SELECT "awsdatacatalog.db" FROM t`, `SELECT "awsdatacatalog.db" FROM t`},
		{"dot then literal", `SELECT awsdatacatalog.'x'`, `SELECT awsdatacatalog.'x'`},
		{"unterminated literal", `SELECT 'awsdatacatalog.db.t`, `SELECT 'awsdatacatalog.db.t`},
		{"two references", `SELECT * FROM awsdatacatalog.a.t JOIN "AWSDATACATALOG".b.u ON true`, `SELECT * FROM "lake_minimal".a.t JOIN "lake_minimal".b.u ON true`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := rewriteCatalogs(c.in, m); got != c.want {
				t.Errorf("rewriteCatalogs(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
	if got := rewriteCatalogs(`SELECT * FROM awsdatacatalog.db.t`, nil); got != `SELECT * FROM awsdatacatalog.db.t` {
		t.Errorf("no mapping must leave the SQL alone: %q", got)
	}
}

// TestTokenizeRoundTrip: the tokens always concatenate back to the input.
func TestTokenizeRoundTrip(t *testing.T) {
	for _, s := range []string{``, `'`, `"`, `/*`, `--`, `a.b."c""d".'e''f' -- g` + "\n" + `/* h */ 1e3 <> 0x1F`, "é.ü \"x\"\t\r\n"} {
		var got string
		for _, tok := range tokenize(s) {
			got += tok.text
		}
		if got != s {
			t.Errorf("tokenize(%q) concatenates to %q", s, got)
		}
	}
}
