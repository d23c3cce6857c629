package macros

import (
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func TestPartitionFilter(t *testing.T) {
	const (
		v1Name = "amazon_security_lake_table_us_east_1_vpc_flow_1_0"
		v2Name = "amazon_security_lake_table_us_east_1_vpc_flow_2_0"
	)
	runCases(t, []expandCase{
		{name: "v1 via $__table", sql: "SELECT * FROM $__table(vpc_flow@1) WHERE $__partitionFilter",
			want: "SELECT * FROM " + vpcV1 + " WHERE (" + hiveSQL + " AND " + scopeSQL + ")"},
		{name: "v2 via $__table", sql: "SELECT * FROM $__table(vpc_flow) WHERE $__partitionFilter()",
			want: "SELECT * FROM " + vpcV2 + " WHERE (" + icebSQL + " AND " + scopeSQL + ")"},
		{name: "custom Hive table by bare name", sql: "SELECT * FROM amazon_security_lake_table_us_east_1_ext_edr_process WHERE $__partitionFilter",
			want: "SELECT * FROM amazon_security_lake_table_us_east_1_ext_edr_process WHERE (" + hiveSQL + " AND " + scopeSQL + ")"},
		{name: "database prefix, upper case", sql: "SELECT * FROM AMAZON_SECURITY_LAKE_GLUE_DB_US_EAST_1.AMAZON_SECURITY_LAKE_TABLE_US_EAST_1_VPC_FLOW_1_0 WHERE $__partitionFilter",
			want: "SELECT * FROM AMAZON_SECURITY_LAKE_GLUE_DB_US_EAST_1.AMAZON_SECURITY_LAKE_TABLE_US_EAST_1_VPC_FLOW_1_0 WHERE (" + hiveSQL + " AND " + scopeSQL + ")"},
		{name: "quoted catalog, database and table", sql: `SELECT * FROM "awsdatacatalog"."amazon_security_lake_glue_db_us_east_1"."` + v2Name + `" WHERE $__partitionFilter`,
			want: `SELECT * FROM "awsdatacatalog"."amazon_security_lake_glue_db_us_east_1"."` + v2Name + `" WHERE (` + icebSQL + " AND " + scopeSQL + ")"},
		{name: "empty scope is the time predicate alone", sql: "FROM $__table(vpc_flow) WHERE $__partitionFilter",
			want: "FROM " + vpcV2 + " WHERE (" + icebSQL + ")", ctx: func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "alias qualifies the columns", sql: "SELECT v.src_endpoint FROM $__table(vpc_flow@1) AS v WHERE $__partitionFilter",
			want: "SELECT v.src_endpoint FROM " + vpcV1 + ` AS v WHERE ("v"."eventday" BETWEEN '20240101' AND '20240102' AND "v"."time" ` + msRange + ` AND "v"."accountid" IN ('111122223333', '444455556666') AND "v"."region" IN ('us-east-1'))`},
		{name: "alias without AS, argument", sql: "FROM $__table(vpc_flow) f WHERE $__partitionFilter(f)",
			want: "FROM " + vpcV2 + ` f WHERE ("f"."time_dt" ` + tsRange + ` AND "f"."accountid" IN ('111122223333', '444455556666') AND "f"."region" IN ('us-east-1'))`},
		{name: "quoted alias", sql: `FROM $__table(vpc_flow) "My Flows" WHERE $__partitionFilter`,
			want: "FROM " + vpcV2 + ` "My Flows" WHERE ("My Flows"."time_dt" ` + tsRange + ` AND "My Flows"."accountid" IN ('111122223333', '444455556666') AND "My Flows"."region" IN ('us-east-1'))`},
		{name: "join of v1 and v2 by alias", sql: "SELECT 1 FROM $__table(vpc_flow@1) a JOIN $__table(vpc_flow) b ON a.uid = b.uid WHERE $__partitionFilter(a) AND $__partitionFilter(b)",
			want: "SELECT 1 FROM " + vpcV1 + " a JOIN " + vpcV2 + ` b ON a.uid = b.uid WHERE ("a"."eventday" BETWEEN '20240101' AND '20240102' AND "a"."time" ` + msRange + ` AND "a"."accountid" IN ('111122223333', '444455556666')) AND ("b"."time_dt" ` + tsRange + ` AND "b"."accountid" IN ('111122223333', '444455556666'))`,
			ctx:  func(c *Context) { c.Scope.Regions = nil }},
		{name: "join by table names without aliases", sql: "FROM " + v1Name + ", " + v2Name + " WHERE $__partitionFilter(" + v2Name + ")",
			want: "FROM " + v1Name + ", " + v2Name + ` WHERE ("` + v2Name + `"."time_dt" ` + tsRange + `)`,
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }, notices: []string{"Query reads " + v1Name + " without a partition predicate"}},
		{name: "aliased table named by source", sql: "FROM $__table(vpc_flow@1) a JOIN $__table(vpc_flow) b ON true WHERE $__partitionFilter(vpc_flow) AND b.eventday = 'x'",
			wantErr: `"vpc_flow" matches several tables of the query`},
		{name: "aliased table named by table name", sql: "FROM $__table(vpc_flow@1) a CROSS JOIN $__table(route53) r WHERE $__partitionFilter(" + v1Name + ") AND $__partitionFilter(r)",
			want: "FROM " + vpcV1 + ` a CROSS JOIN "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0" r WHERE ("a"."eventday" BETWEEN '20240101' AND '20240102' AND "a"."time" ` + msRange + `) AND ("r"."time_dt" ` + tsRange + `)`,
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "join without argument", sql: "FROM $__table(vpc_flow@1) a JOIN $__table(vpc_flow) b ON true WHERE $__partitionFilter",
			wantErr: "the query reads several Security Lake tables (" + v1Name + " AS a, " + v2Name + " AS b); name one with $__partitionFilter(alias)"},
		{name: "self-join without argument", sql: "FROM $__table(vpc_flow) a JOIN $__table(vpc_flow) b ON true WHERE $__partitionFilter",
			wantErr: "several Security Lake tables"},
		{name: "self-join by table name", sql: "FROM $__table(vpc_flow) a JOIN $__table(vpc_flow) b ON true WHERE $__partitionFilter(" + v2Name + ")",
			wantErr: "matches several tables of the query"},
		{name: "join with a non-lake table", sql: "SELECT * FROM $__table(vpc_flow) v LEFT JOIN assets x ON v.dst = x.ip WHERE $__partitionFilter",
			want: "SELECT * FROM " + vpcV2 + ` v LEFT JOIN assets x ON v.dst = x.ip WHERE ("v"."time_dt" ` + tsRange + `)`,
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "same table in both UNION branches", sql: "SELECT 1 FROM $__table(vpc_flow) WHERE $__partitionFilter UNION ALL SELECT 2 FROM $__table(vpc_flow) WHERE $__partitionFilter",
			want: "SELECT 1 FROM " + vpcV2 + " WHERE (" + icebSQL + ") UNION ALL SELECT 2 FROM " + vpcV2 + " WHERE (" + icebSQL + ")",
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "source through a CTE", sql: "WITH f AS (SELECT * FROM $__table(vpc_flow@1)) SELECT * FROM f WHERE $__partitionFilter(vpc_flow@1)",
			want: "WITH f AS (SELECT * FROM " + vpcV1 + ") SELECT * FROM f WHERE (" + hiveSQL + ")",
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "source not in the query", sql: "SELECT * FROM other WHERE $__partitionFilter(ext_edr_process)",
			want: "SELECT * FROM other WHERE (" + hiveSQL + ")", ctx: func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "unknown alias", sql: "FROM $__table(vpc_flow) v WHERE $__partitionFilter(w)",
			wantErr: `"w" is no alias or table of the query (` + v2Name + ` AS v) and no source: unknown source "w"`},
		{name: "no lake table", sql: "SELECT * FROM other WHERE $__partitionFilter", wantErr: "the query reads no known Security Lake table"},
		{name: "metadata table is not the table", sql: `SELECT * FROM "amazon_security_lake_glue_db_us_east_1"."` + v1Name + `$partitions" WHERE $__partitionFilter`,
			wantErr: "reads no known Security Lake table"},
		{name: "column named like a table qualifier", sql: "SELECT " + v1Name + ".time FROM t WHERE $__partitionFilter", wantErr: "reads no known Security Lake table"},
		{name: "no resolver", sql: "WHERE $__partitionFilter", wantErr: "no Security Lake tables are known", ctx: func(c *Context) { c.Resolver = nil }},
		{name: "scope literal that looks like a column", sql: "FROM $__table(vpc_flow) v WHERE $__partitionFilter",
			want: "FROM " + vpcV2 + ` v WHERE ("v"."time_dt" ` + tsRange + ` AND "v"."accountid" IN ('"time_dt"', 'a''"b"'))`,
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{Accounts: []string{`"time_dt"`, `a'"b"`}} }},
	})
}

func TestMissingPartitionWarning(t *testing.T) {
	const warn = "without a partition predicate: Athena will scan every partition (cost). Add WHERE $__partitionFilter"
	runCases(t, []expandCase{
		{name: "v1 on time alone", sql: "SELECT * FROM $__table(vpc_flow@1) WHERE $__timeFilter(time)",
			want:    "SELECT * FROM " + vpcV1 + ` WHERE "time" ` + msRange,
			notices: []string{"Query reads amazon_security_lake_table_us_east_1_vpc_flow_1_0 " + warn + ", or a predicate on eventday. The query constrains none of its partition keys."}},
		{name: "v1 on account and Region only", sql: "SELECT * FROM $__table(vpc_flow@1) a WHERE a.accountid = 'x' AND region = 'y' AND $__timeFilter(time)",
			want:    "SELECT * FROM " + vpcV1 + ` a WHERE a.accountid = 'x' AND region = 'y' AND "time" ` + msRange,
			notices: []string{"Query reads amazon_security_lake_table_us_east_1_vpc_flow_1_0 " + warn + ", or a predicate on eventday. The query constrains only the partition keys region and accountid, not the day."}},
		{name: "v2 on Region of another table does not count", sql: "SELECT * FROM $__table(vpc_flow) v JOIN other o ON o.region = v.x",
			want:    "SELECT * FROM " + vpcV2 + " v JOIN other o ON o.region = v.x",
			notices: []string{warn + ", or a predicate on time_dt. The query constrains none of its partition keys."}},
		{name: "v2 on time alone", sql: "SELECT * FROM $__table(vpc_flow) WHERE $__timeFilter(time)",
			want: "SELECT * FROM " + vpcV2 + ` WHERE "time" ` + msRange, notices: []string{warn + ", or a predicate on time_dt."}},
		{name: "v2 with timeFilter on time_dt", sql: "SELECT * FROM $__table(vpc_flow) WHERE $__timeFilter(time_dt)",
			want: "SELECT * FROM " + vpcV2 + ` WHERE "time_dt" ` + tsRange},
		{name: "v1 with a hand-written eventday predicate", sql: "SELECT * FROM $__table(vpc_flow@1) WHERE eventDay >= '20240101'",
			want: "SELECT * FROM " + vpcV1 + " WHERE eventDay >= '20240101'"},
		{name: "custom table without predicate", sql: "SELECT count(*) FROM amazon_security_lake_table_us_east_1_ext_edr_process",
			want: "SELECT count(*) FROM amazon_security_lake_table_us_east_1_ext_edr_process", notices: []string{"ext_edr_process " + warn}},
		{name: "partition column outside WHERE does not count", sql: "SELECT eventday FROM $__table(vpc_flow@1) GROUP BY eventday",
			want: "SELECT eventday FROM " + vpcV1 + " GROUP BY eventday", notices: []string{warn}},
		{name: "predicate in a subquery counts", sql: "SELECT * FROM (SELECT * FROM $__table(vpc_flow) WHERE time_dt > now() - INTERVAL '1' DAY) s",
			want: "SELECT * FROM (SELECT * FROM " + vpcV2 + " WHERE time_dt > now() - INTERVAL '1' DAY) s"},
		{name: "WHERE after a subquery in parentheses", sql: "SELECT * FROM $__table(vpc_flow) v WHERE v.x IN (SELECT y FROM z) AND (v.time_dt > $__timeFrom())",
			want: "SELECT * FROM " + vpcV2 + " v WHERE v.x IN (SELECT y FROM z) AND (v.time_dt > TIMESTAMP '2024-01-01 00:00:00.000')"},
		{name: "predicate on the other table's alias", sql: "SELECT * FROM $__table(vpc_flow@1) a JOIN $__table(route53@1) b ON a.eventday = b.eventday WHERE $__partitionFilter(b)",
			want: "SELECT * FROM " + vpcV1 + ` a JOIN "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0" b ON a.eventday = b.eventday WHERE ("b"."eventday" BETWEEN '20240101' AND '20240102' AND "b"."time" ` + msRange + `)`,
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "join with one side filtered", sql: "SELECT * FROM $__table(vpc_flow@1) a JOIN $__table(route53@1) b ON a.x = b.x WHERE $__partitionFilter(b)",
			want: "SELECT * FROM " + vpcV1 + ` a JOIN "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0" b ON a.x = b.x WHERE ("b"."eventday" BETWEEN '20240101' AND '20240102' AND "b"."time" ` + msRange + `)`,
			ctx:  func(c *Context) { c.Scope = sqlbuild.Scope{} }, notices: []string{"vpc_flow_1_0 without a partition predicate: Athena will scan every partition (cost). Add WHERE $__partitionFilter(a), or a predicate on eventday."}},
		{name: "qualifier of another table does not count", sql: "SELECT * FROM $__table(vpc_flow) v JOIN other o ON o.time_dt = v.x",
			want: "SELECT * FROM " + vpcV2 + " v JOIN other o ON o.time_dt = v.x", notices: []string{warn}},
		{name: "partition filter outside WHERE still counts", sql: "SELECT $__partitionFilter AS in_range FROM $__table(vpc_flow)",
			want: "SELECT (" + icebSQL + ") AS in_range FROM " + vpcV2, ctx: func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "one warning per table", sql: "SELECT 1 FROM $__table(vpc_flow) UNION ALL SELECT 2 FROM $__table(vpc_flow)",
			want: "SELECT 1 FROM " + vpcV2 + " UNION ALL SELECT 2 FROM " + vpcV2, notices: []string{warn}},
		{name: "no lake table, no warning", sql: "SELECT * FROM other WHERE $__timeFilter(time)", want: `SELECT * FROM other WHERE "time" ` + msRange},
		{name: "metadata table, no warning", sql: `SELECT * FROM "amazon_security_lake_table_us_east_1_vpc_flow_2_0$files"`,
			want: `SELECT * FROM "amazon_security_lake_table_us_east_1_vpc_flow_2_0$files"`},
		{name: "table name only in a comment or string", sql: "SELECT 'amazon_security_lake_table_us_east_1_vpc_flow_2_0' -- amazon_security_lake_table_us_east_1_vpc_flow_2_0",
			want: "SELECT 'amazon_security_lake_table_us_east_1_vpc_flow_2_0' -- amazon_security_lake_table_us_east_1_vpc_flow_2_0"},
	})
}

func TestQualifyColumns(t *testing.T) {
	for _, tc := range []struct{ pred, q, want string }{
		{`"time_dt" BETWEEN TIMESTAMP '2024' AND TIMESTAMP '2025'`, "a", `"a"."time_dt" BETWEEN TIMESTAMP '2024' AND TIMESTAMP '2025'`},
		{`"accountid" IN ('"x"', 'it''s "y"')`, `we"ird`, `"we""ird"."accountid" IN ('"x"', 'it''s "y"')`},
		{`"cloud"."region" = 'x'`, "t", `"t"."cloud"."region" = 'x'`},
	} {
		if got := qualifyColumns(tc.pred, tc.q); got != tc.want {
			t.Errorf("qualifyColumns(%s, %s)\n got: %s\nwant: %s", tc.pred, tc.q, got, tc.want)
		}
	}
}
