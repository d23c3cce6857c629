package macros

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// expandCase is one table-test case. wantErr is a substring of the error;
// notices are substrings of the notices, one each, in order (nil: none).
type expandCase struct {
	name    string
	sql     string
	want    string
	wantErr string
	notices []string
	ctx     func(*Context)
}

func runCases(t *testing.T, cases []expandCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := fixtureContext()
			if tc.ctx != nil {
				tc.ctx(&ctx)
			}
			res, err := Expand(tc.sql, ctx)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q (SQL %s)", err, tc.wantErr, res.SQL)
				}
				var me *Error
				if !errors.As(err, &me) {
					t.Fatalf("error %T is not *Error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if res.SQL != tc.want {
				t.Errorf("SQL\n got: %s\nwant: %s", res.SQL, tc.want)
			}
			if len(res.Notices) != len(tc.notices) {
				t.Fatalf("notices = %+v, want %d matching %q", res.Notices, len(tc.notices), tc.notices)
			}
			for i, n := range tc.notices {
				if !strings.Contains(res.Notices[i].Text, n) {
					t.Errorf("notice %d = %q, want it to contain %q", i, res.Notices[i].Text, n)
				}
			}
		})
	}
}

func TestTimeMacros(t *testing.T) {
	runCases(t, []expandCase{
		{name: "timeFilter v2 time_dt", sql: "WHERE $__timeFilter(time_dt)", want: `WHERE "time_dt" ` + tsRange},
		{name: "timeFilter v1 time is epoch ms", sql: "WHERE $__timeFilter(time)", want: `WHERE "time" ` + msRange},
		{name: "timeFilter v1 start_time is epoch ms", sql: "WHERE $__timeFilter(start_time)", want: `WHERE "start_time" ` + msRange},
		{name: "timeFilter v1 nested ms path", sql: "WHERE $__timeFilter(finding.created_time)", want: `WHERE "finding"."created_time" ` + msRange},
		{name: "timeFilter v2 nested timestamp path", sql: "WHERE $__timeFilter(finding_info.created_time_dt)", want: `WHERE "finding_info"."created_time_dt" ` + tsRange},
		{name: "timeFilter alias and quoted parts", sql: `WHERE $__timeFilter(v."time")`, want: `WHERE "v"."time" ` + msRange},
		{name: "timeFilter quoted case kept", sql: `WHERE $__timeFilter("Time_DT")`, want: `WHERE "Time_DT" ` + tsRange},
		{name: "timeFilter any other column is a timestamp", sql: "WHERE $__timeFilter(ingested_at)", want: `WHERE "ingested_at" ` + tsRange},
		{name: "timeFilter spaces around argument", sql: "WHERE $__timeFilter(  time_dt  )", want: `WHERE "time_dt" ` + tsRange},
		{name: "timeFilter eventday refused", sql: "WHERE $__timeFilter(eventday)", wantErr: "use $__partitionFilter"},
		{name: "timeFilter no argument", sql: "WHERE $__timeFilter()", wantErr: "$__timeFilter: takes 1 argument, got 0; write $__timeFilter(column)"},
		{name: "timeFilter bare", sql: "WHERE $__timeFilter AND x", wantErr: "takes 1 argument, got 0"},
		{name: "timeFilter space before parenthesis", sql: "WHERE $__timeFilter (time)", wantErr: "takes 1 argument, got 0"},
		{name: "timeFilter two arguments", sql: "WHERE $__timeFilter(time, 'x')", wantErr: "takes 1 argument, got 2"},
		{name: "timeFilter expression refused", sql: "WHERE $__timeFilter(coalesce(time_dt, start_time_dt))", wantErr: `"coalesce(time_dt, start_time_dt)" is not a column name`},
		{name: "timeFrom and timeTo", sql: "SELECT $__timeFrom(), $__timeTo", want: "SELECT TIMESTAMP '2024-01-01 00:00:00.000', TIMESTAMP '2024-01-02 12:00:00.250'"},
		{name: "timeFromMs and timeToMs", sql: `WHERE "time" >= $__timeFromMs() AND "time" <= $__timeToMs()`, want: `WHERE "time" >= 1704067200000 AND "time" <= 1704196800250`},
		{name: "timeFrom with argument", sql: "SELECT $__timeFrom(x)", wantErr: "$__timeFrom: takes no arguments, got 1; write $__timeFrom()"},
		{name: "range converted to UTC", sql: "SELECT $__timeFrom()", want: "SELECT TIMESTAMP '2024-01-01 00:00:00.000'",
			ctx: func(c *Context) { c.Range.From = c.Range.From.In(time.FixedZone("CET", 3600)) }},
	})
}

func TestTimeGroup(t *testing.T) {
	runCases(t, []expandCase{
		{name: "v2 time_dt 5m", sql: "SELECT $__timeGroup(time_dt, 5m)",
			want: `SELECT CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp)`},
		{name: "v2 time_dt 1h is date_trunc", sql: "SELECT $__timeGroup(time_dt, 1h)", want: `SELECT date_trunc('hour', "time_dt")`},
		{name: "v1 time 5m", sql: "SELECT $__timeGroup(time, '5m')",
			want: `SELECT CAST(from_unixtime("time" / 300000 * 300, 'UTC') AS timestamp)`},
		{name: "v1 time 1d", sql: "SELECT $__timeGroup(time, 1d)",
			want: `SELECT date_trunc('day', CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp))`},
		{name: "interval macro is the panel interval", sql: "SELECT $__timeGroup(time_dt, $__interval)",
			want: `SELECT CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp)`},
		{name: "auto is the panel interval", sql: "SELECT $__timeGroup(a.time, auto)",
			want: `SELECT CAST(from_unixtime("a"."time" / 120000 * 120, 'UTC') AS timestamp)`,
			ctx:  func(c *Context) { c.Interval = 2 * time.Minute }},
		{name: "auto with no interval is 1s", sql: "SELECT $__timeGroup(time_dt, auto)", want: `SELECT date_trunc('second', "time_dt")`,
			ctx: func(c *Context) { c.Interval = 0 }},
		{name: "frontend sub-second interval raised", sql: "SELECT $__timeGroup(time_dt, 200ms)", want: `SELECT date_trunc('second', "time_dt")`,
			notices: []string{"200ms was raised to 1s"}},
		{name: "bad interval", sql: "SELECT $__timeGroup(time_dt, 5x)", wantErr: `time bucket "5x" is not valid`},
		{name: "interval too large", sql: "SELECT $__timeGroup(time_dt, 90d)", wantErr: "too large"},
		{name: "missing interval", sql: "SELECT $__timeGroup(time_dt)", wantErr: "$__timeGroup: takes 2 arguments, got 1; write $__timeGroup(column, interval)"},
		{name: "empty argument", sql: "SELECT $__timeGroup(time_dt, )", wantErr: "argument 2 is empty"},
		{name: "injection in column", sql: "SELECT $__timeGroup(time_dt) FROM x; DROP TABLE y; --, 5m)", wantErr: "takes 2 arguments, got 1"},
		{name: "injected column text", sql: "SELECT $__timeGroup(time_dt); DROP TABLE y, 5m)", wantErr: "takes 2 arguments, got 1"},
	})
}

func TestIntervalMacros(t *testing.T) {
	runCases(t, []expandCase{
		{name: "interval", sql: "SELECT '$__interval', $__interval", want: "SELECT '$__interval', 5m"},
		{name: "interval_ms", sql: `SELECT floor("time" / $__interval_ms)`, want: `SELECT floor("time" / 300000)`},
		{name: "interval 90s", sql: "SELECT $__interval, $__interval_ms()", want: "SELECT 90s, 90000", ctx: func(c *Context) { c.Interval = 90 * time.Second }},
		{name: "interval 1d", sql: "SELECT $__interval", want: "SELECT 1d", ctx: func(c *Context) { c.Interval = 24 * time.Hour }},
		{name: "no interval is 1s", sql: "SELECT $__interval, $__interval_ms", want: "SELECT 1s, 1000", ctx: func(c *Context) { c.Interval = 0 }},
		{name: "interval_ms with argument", sql: "SELECT $__interval_ms(5)", wantErr: "$__interval_ms: takes no arguments, got 1; write $__interval_ms"},
	})
}

func TestTableMacro(t *testing.T) {
	runCases(t, []expandCase{
		{name: "default version", sql: "FROM $__table(vpc_flow)", want: "FROM " + vpcV2, notices: []string{"without a partition predicate"}},
		{name: "version with @", sql: "FROM $__table(vpc_flow@1) WHERE $__partitionFilter", want: "FROM " + vpcV1 + " WHERE (" + hiveSQL + " AND " + scopeSQL + ")"},
		{name: "version suffix", sql: "FROM $__table(vpc_flow_1_0) WHERE $__partitionFilter", want: "FROM " + vpcV1 + " WHERE (" + hiveSQL + " AND " + scopeSQL + ")"},
		{name: "custom source", sql: "FROM $__table(ext_edr_process) WHERE $__partitionFilter", want: "FROM " + sysmon + " WHERE (" + hiveSQL + " AND " + scopeSQL + ")"},
		{name: "discovered resource link", sql: "FROM $__table(vpc_flow_link) WHERE $__partitionFilter", want: "FROM " + linkVPC + " WHERE (" + icebSQL + " AND " + scopeSQL + ")"},
		{name: "v2-only source in v1", sql: "FROM $__table(waf@1)", wantErr: `unknown source "waf@1"; known sources: cloud_trail_mgmt (v1, v2)`},
		{name: "unknown source", sql: "FROM $__table(nope)", wantErr: `$__table: unknown source "nope"`},
		{name: "injection quote", sql: "FROM $__table(vpc_flow'; DROP)", wantErr: "$__table: unterminated string literal in the arguments"},
		{name: "injection statement", sql: "FROM $__table(vpc_flow; DROP TABLE x)", wantErr: `"vpc_flow; DROP TABLE x" is not a source name`},
		{name: "injection comment", sql: "FROM $__table(vpc_flow --)\n)", wantErr: "comments are not allowed inside macro arguments"},
		{name: "injection quoted identifier", sql: `FROM $__table("vpc_flow"" x")`, wantErr: "is not a source name"},
		{name: "no resolver", sql: "FROM $__table(vpc_flow)", wantErr: "no Security Lake tables are known", ctx: func(c *Context) { c.Resolver = nil }},
		{name: "no argument", sql: "FROM $__table", wantErr: "takes 1 argument, got 0; write $__table(source)"},
	})
}

func TestScopeMacros(t *testing.T) {
	runCases(t, []expandCase{
		{name: "account", sql: "AND $__accountFilter", want: `AND "accountid" IN ('111122223333', '444455556666')`},
		{name: "region", sql: "AND $__regionFilter()", want: `AND "region" IN ('us-east-1')`},
		{name: "account on alias column", sql: "AND $__accountFilter(a.accountid)", want: `AND "a"."accountid" IN ('111122223333', '444455556666')`},
		{name: "account on OCSF field", sql: "AND $__accountFilter(cloud.account.uid)", want: `AND "cloud"."account"."uid" IN ('111122223333', '444455556666')`},
		{name: "region on quoted column", sql: `AND $__regionFilter("b"."region")`, want: `AND "b"."region" IN ('us-east-1')`},
		{name: "empty scope is 1=1", sql: "WHERE $__accountFilter AND $__regionFilter(x.region)", want: "WHERE 1=1 AND 1=1",
			ctx: func(c *Context) { c.Scope = sqlbuild.Scope{} }},
		{name: "scope values are literals", sql: "AND $__accountFilter", want: `AND "accountid" IN ('1'') OR 1=1 --', '2')`,
			ctx: func(c *Context) { c.Scope.Accounts = []string{"1') OR 1=1 --", "2", "2", ""} }},
		{name: "column expression refused", sql: "AND $__regionFilter(lower(region))", wantErr: `"lower(region)" is not a column name`},
		{name: "too many arguments", sql: "AND $__accountFilter(a, b)", wantErr: "takes at most 1 argument, got 2; write $__accountFilter[(column)]"},
	})
}

func TestParsing(t *testing.T) {
	runCases(t, []expandCase{
		{name: "inside string literal", sql: "SELECT '$__timeFilter(time)', 'it''s $__timeFrom()' AS s", want: "SELECT '$__timeFilter(time)', 'it''s $__timeFrom()' AS s"},
		{name: "inside line comment", sql: "SELECT 1 -- $__foo(\nFROM t", want: "SELECT 1 -- $__foo(\nFROM t"},
		{name: "inside block comment", sql: "SELECT /* $__foo() \n $__timeFilter( */ 1", want: "SELECT /* $__foo() \n $__timeFilter( */ 1"},
		{name: "inside quoted identifier", sql: `SELECT "$__foo" FROM t`, want: `SELECT "$__foo" FROM t`},
		{name: "unterminated literal outside macros left to Athena", sql: "SELECT 'abc $__foo", want: "SELECT 'abc $__foo"},
		{name: "after a closed literal", sql: "SELECT 'a''', $__timeFromMs", want: "SELECT 'a''', 1704067200000"},
		{name: "dollar signs that are not macros", sql: "SELECT '$', $1, $__, $_x, \"t$partitions\"", want: "SELECT '$', $1, $__, $_x, \"t$partitions\""},
		{name: "multiple macros", sql: "SELECT $__timeGroup(time_dt, 1h) t, count(*) FROM $__table(vpc_flow) WHERE $__partitionFilter AND $__timeFilter(start_time_dt) AND $__regionFilter GROUP BY 1",
			want: `SELECT date_trunc('hour', "time_dt") t, count(*) FROM ` + vpcV2 + ` WHERE (` + icebSQL + ` AND ` + scopeSQL + `) AND "start_time_dt" ` + tsRange + ` AND "region" IN ('us-east-1') GROUP BY 1`},
		{name: "macros in nested parentheses", sql: "WHERE ((x OR ($__accountFilter(a.accountid) AND $__timeFilter(a.time))))",
			want: `WHERE ((x OR ("a"."accountid" IN ('111122223333', '444455556666') AND "a"."time" ` + msRange + `)))`},
		{name: "literal with comma and parenthesis in arguments", sql: "SELECT $__timeGroup(time_dt, ',)')", wantErr: `time bucket ",)" is not valid`},
		{name: "unknown macro", sql: "SELECT $__foo(1)", wantErr: "$__foo: unknown macro; the macros are $__accountFilter, $__adhocFilters, $__freshness, $__interval, $__interval_ms, $__optionalTable, $__partitionFilter, $__partitions, $__regionFilter, $__source, $__table, $__timeFilter"},
		{name: "macro names are case-sensitive", sql: "WHERE $__timefilter(time)", wantErr: "$__timefilter: unknown macro"},
		{name: "missing closing parenthesis", sql: "WHERE $__timeFilter(time", wantErr: "$__timeFilter: missing ) after the arguments (line 1)"},
		{name: "error line number", sql: "SELECT 1\nFROM t\nWHERE $__nope", wantErr: "(line 3)"},
		{name: "unterminated quoted identifier in arguments", sql: `WHERE $__timeFilter("time)`, wantErr: "unterminated quoted identifier"},
		{name: "no macros", sql: "SELECT 1", want: "SELECT 1"},
		{name: "empty", sql: "", want: ""},
	})
}

// TestInjection gathers attempts to smuggle SQL through macro arguments.
// A macro only ever sees the text between its parentheses, and every
// argument is validated as a name and re-quoted, never pasted.
func TestInjection(t *testing.T) {
	runCases(t, []expandCase{
		{name: "operator in column", sql: "WHERE $__timeFilter(time OR 1=1)", wantErr: `"time OR 1=1" is not a column name`},
		{name: "comment in column", sql: "WHERE $__timeFilter(time OR 1=1 --)", wantErr: "comments are not allowed inside macro arguments"},
		{name: "block comment in column", sql: "WHERE $__timeFilter(time /*)*/)", wantErr: "comments are not allowed inside macro arguments"},
		{name: "quote in quoted column", sql: `WHERE $__timeFilter("time"" OR 1=1 --")`, wantErr: "is not a column name"},
		{name: "semicolon in column", sql: "WHERE $__timeFilter(time; DROP TABLE x)", wantErr: "is not a column name"},
		{name: "string in column", sql: "WHERE $__timeFilter('x')", wantErr: `"'x'" is not a column name`},
		{name: "source with quote", sql: "FROM $__table(vpc_flow'; DROP)", wantErr: "unterminated string literal"},
		{name: "partition table with operator", sql: "FROM $__table(vpc_flow) WHERE $__partitionFilter(a OR 1=1)", wantErr: `"a OR 1=1" is not an alias, table or source name`},
		{name: "interval with SQL", sql: "SELECT $__timeGroup(time_dt, 1m FROM x)", wantErr: `time bucket "1m FROM x" is not valid`},
		// The macro's argument here is "time": what follows its ")" is the
		// author's own SQL, which the backend cannot tell from text a
		// dashboard variable put there (see the package report). It is
		// expanded as written and the comment keeps the stray ")".
		{name: "closing parenthesis then SQL", sql: "WHERE $__timeFilter(time) OR 1=1 --)", want: `WHERE "time" ` + msRange + ` OR 1=1 --)`},
	})
}
