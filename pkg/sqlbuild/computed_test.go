package sqlbuild_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// computedInput is a cloud_trail_mgmt v2 table query with computed columns.
func computedInput(t testing.TB, cs ...models.Computed) sqlbuild.Input {
	t.Helper()
	src, _ := lake.LookupSource("cloud_trail_mgmt")
	schema, err := ocsf.Default().Schema(lake.V2, "cloud_trail_mgmt")
	if err != nil {
		t.Fatal(err)
	}
	q := models.Query{RefID: "A", Mode: models.ModeBuilder, Format: models.FormatTable, Source: "cloud_trail_mgmt", Computed: cs}
	for _, c := range cs {
		q.Fields = append(q.Fields, c.Alias)
	}
	return sqlbuild.Input{
		Query: q, Table: lake.AWSTable("AwsDataCatalog", "us-east-1", src, lake.V2), Fields: schema,
		Range:    sqlbuild.TimeRange{From: utc("2024-03-01T00:00:00Z"), To: utc("2024-03-02T00:00:00Z")},
		Interval: 30 * time.Second, RowLimit: 100,
	}
}

func vals(s ...string) []models.Value {
	out := make([]models.Value, len(s))
	for i, v := range s {
		out[i] = models.Value(v)
	}
	return out
}

// TestComputedJSONPath checks the JSON path grammar: $ then .name,
// ["name"] or [n] segments; the accepted path is one string literal.
func TestComputedJSONPath(t *testing.T) {
	tests := []struct {
		path, want string // want: the literal in the SQL, or "error: …"
	}{
		{"$.userName", `'$.userName'`},
		{"$.ipPermissions.fromPort", `'$.ipPermissions.fromPort'`},
		{`$["user-name"]`, `'$["user-name"]'`},
		{`$["it's"][0].x_1`, `'$["it''s"][0].x_1'`},
		{"$.items[12]", `'$.items[12]'`},
		{"", "error: must start with $"},
		{"$", "error: names no member"},
		{"userName", "error: must start with $"},
		{"$..a", `error: has a "." not followed by a name`},
		{"$.a.", `error: has a "." not followed by a name`},
		{"$.a-b", `error: has "-b" where`},
		{"$[*]", "error: neither an index"},
		{"$[-1]", "error: neither an index"},
		{`$[""]`, "error: empty or not closed"},
		{`$["a`, "error: empty or not closed"},
		{`$["a\"b"]`, "error: with a quote, backslash"},
		{`$["a` + "\n" + `"]`, "error: with a quote, backslash"},
		{"$.a' OR '1'='1", `error: has "' OR '1'='1" where`},
		{"$." + strings.Repeat("a", 300), "error: is 302 bytes long"},
	}
	for _, tt := range tests {
		in := computedInput(t, models.Computed{Alias: "x", Func: models.CompJSONExtract, Field: "api.request.data", Args: vals(tt.path)})
		sql, err := sqlbuild.Build(in)
		if want, isErr := strings.CutPrefix(tt.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%q: got err %v, want one containing %q", tt.path, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.path, err)
			continue
		}
		if w := `json_extract_scalar("api"."request"."data", ` + tt.want + `) AS "x"`; !strings.Contains(sql, w) {
			t.Errorf("%q: SQL lacks %s\n%s", tt.path, w, sql)
		}
		assertInvariants(t, in, sql)
	}
}

// TestComputedErrors checks that bad computed columns get an actionable
// message, never a panic or SQL.
func TestComputedErrors(t *testing.T) {
	tests := []struct {
		c    models.Computed
		want string
	}{
		{models.Computed{Alias: "", Func: models.CompLower, Field: "api.operation"}, "needs an alias"},
		{models.Computed{Alias: `a"b`, Func: models.CompLower, Field: "api.operation"}, "alias \"a\\\"b\" is not valid"},
		{models.Computed{Alias: "TIME", Func: models.CompLower, Field: "api.operation"}, "is a field of source"},
		{models.Computed{Alias: "eventday", Func: models.CompLower, Field: "api.operation"}, "column name the query uses"},
		{models.Computed{Alias: "x", Func: "sha256", Field: "api.operation"}, `unknown function "sha256"`},
		{models.Computed{Alias: "x", Func: models.CompLower}, "needs a field"},
		{models.Computed{Alias: "x", Func: models.CompLower, Field: "nope"}, `unknown field "nope"`},
		{models.Computed{Alias: "x", Func: models.CompLower, Field: "api.operation", Args: vals("a")}, "takes no arguments"},
		{models.Computed{Alias: "x", Func: models.CompLower, Field: "api.operation", Fields: []string{"api.version"}}, "only coalesce takes more"},
		{models.Computed{Alias: "x", Func: models.CompUpper, Field: "severity_id"}, "works on text fields"},
		{models.Computed{Alias: "x", Func: models.CompDomain, Field: "api"}, "works on text fields"},
		{models.Computed{Alias: "x", Func: models.CompLower, Field: "resources[].uid"}, "inside the array resources"},
		{models.Computed{Alias: "x", Func: models.CompRegexpExtract, Field: "api.operation"}, "takes a pattern"},
		{models.Computed{Alias: "x", Func: models.CompRegexpExtract, Field: "api.operation", Args: vals("")}, "the pattern is empty"},
		{models.Computed{Alias: "x", Func: models.CompRegexpExtract, Field: "api.operation", Args: vals(strings.Repeat("a", 5000))}, "the limit is"},
		{models.Computed{Alias: "x", Func: models.CompRegexpExtract, Field: "api.operation", Args: vals("(a)", "-1")}, "not a whole number from 0 to 99"},
		{models.Computed{Alias: "x", Func: models.CompRegexpExtract, Field: "api.operation", Args: vals("a\x00")}, "NUL"},
		{models.Computed{Alias: "x", Func: models.CompJSONExtract, Field: "api.request.data"}, "takes 1 argument"},
		{models.Computed{Alias: "x", Func: models.CompCoalesce, Field: "api.operation"}, "needs a second field or a fallback"},
		{models.Computed{Alias: "x", Func: models.CompCoalesce, Field: "api", Args: vals("a")}, "is a nested field"},
		{models.Computed{Alias: "x", Func: models.CompCoalesce, Field: "severity_id", Fields: []string{"api.operation"}}, "are not of the same kind"},
		{models.Computed{Alias: "x", Func: models.CompCoalesce, Field: "time", Fields: []string{"severity_id"}}, "are not of the same kind"},
		{models.Computed{Alias: "x", Func: models.CompCoalesce, Field: "severity_id", Args: vals("high", "low")}, "one fallback value"},
		{models.Computed{Alias: "x", Func: models.CompCoalesce, Field: "time_dt", Args: vals("yesterday")}, "is not a time"},
		{models.Computed{Alias: "x", Func: models.CompElementAt, Field: "unmapped"}, "takes one argument (the key)"},
		{models.Computed{Alias: "x", Func: models.CompElementAt, Field: "api.operation", Args: vals("k")}, "works on map fields"},
		{models.Computed{Alias: "x", Func: models.CompMapKeys, Field: "unmapped", Args: vals("k")}, "takes no arguments"},
	}
	for _, tt := range tests {
		_, err := sqlbuild.Build(computedInput(t, tt.c))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want an error containing %q", tt.c, err, tt.want)
		}
	}
}

// TestComputedUses checks the typed uses of computed columns: a filter
// literal typed by the result type, the epoch-ms coalesce shown as a time,
// chaining, and the alias refused where it makes no sense.
func TestComputedUses(t *testing.T) {
	port := models.Computed{Alias: "port", Func: models.CompJSONExtract, Field: "api.request.data", Args: vals("$.fromPort")}
	sev := models.Computed{Alias: "sev", Func: models.CompCoalesce, Field: "severity_id", Args: vals("0")}
	first := models.Computed{Alias: "first", Func: models.CompCoalesce, Field: "time", Args: vals("2024-03-01T00:00:00Z")}
	in := computedInput(t, port, sev, first)
	in.Query.Filters = []models.Filter{{Field: "sev", Op: models.OpGte, Value: "3"}, {Field: "port", Op: models.OpEq, Value: "22"}}
	sql, err := sqlbuild.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`coalesce("severity_id", 0) >= 3`,
		`json_extract_scalar("api"."request"."data", '$.fromPort') = '22'`,
		`CAST(from_unixtime(coalesce("time", 1709251200000) / 1E3, 'UTC') AS timestamp) AS "first"`,
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("SQL lacks %s\n%s", want, sql)
		}
	}
	assertInvariants(t, in, sql)

	in.Query.Filters = []models.Filter{{Field: "sev", Op: models.OpGte, Value: "high'"}}
	if _, err := sqlbuild.Build(in); err == nil || !strings.Contains(err.Error(), "filter on sev") {
		t.Errorf("a text value for an integer computed column: got %v", err)
	}
	// A computed list has a size: empty / not-empty and size(keys) work on it.
	keys := computedInput(t, models.Computed{Alias: "keys", Func: models.CompMapKeys, Field: "unmapped"})
	keys.Query.Filters = []models.Filter{{Field: "keys", Op: models.OpNotEmpty}}
	keys.Query.Fields = []string{"size(keys)"}
	sql, err = sqlbuild.Build(keys)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sql, `coalesce(cardinality(map_keys("unmapped")), 0) > 0`) {
		t.Errorf("not-empty of a computed list:\n%s", sql)
	}
	assertInvariants(t, keys, sql)

	in.Query.Filters = nil
	in.Query.Computed = append(in.Query.Computed, models.Computed{Alias: "port", Func: models.CompLower, Field: "api.operation"})
	if _, err := sqlbuild.Build(in); err == nil || !strings.Contains(err.Error(), `two computed columns are named "port"`) {
		t.Errorf("alias clash: got %v", err)
	}
}

// FuzzComputed feeds arbitrary computed columns to Build: never a panic,
// and whatever builds keeps user text inside literals.
//
//	go test ./pkg/sqlbuild -run '^$' -fuzz FuzzComputed -fuzztime 10s
func FuzzComputed(f *testing.F) {
	f.Add("domain", "x", "query.hostname", "", "", "x", "=")
	f.Add("json_extract_scalar", "p", "api.request.data", `$["a'b"][0]`, "", "p", "regex")
	f.Add("regexp_extract", "r", "api.operation", "^(Get)", "1", "r", "contains")
	f.Add("coalesce", "c", "actor.user.name", "o'clock", "", "c", "in")
	f.Add("element_at", "e", "unmapped", "k'; --", "", "e", "is-null")
	f.Add("map_keys", "k", "unmapped", "", "", "k", "any")
	f.Fuzz(func(t *testing.T, fn, alias, field, a1, a2, use, op string) {
		c := models.Computed{Alias: alias, Func: models.ComputedFunc(fn), Field: field}
		for _, a := range []string{a1, a2} {
			if a != "" {
				c.Args = append(c.Args, models.Value(a))
			}
		}
		in := computedInput(t, c)
		in.Query.Filters = []models.Filter{{Field: use, Op: models.Op(op), Value: models.Value(a1)}}
		for _, variant := range []func(){
			func() {},
			func() { in.Query.GroupBy = []string{use}; in.Query.Fields = nil },
			func() { in.Query.Filters = nil },
		} {
			variant()
			sql, err := sqlbuild.Build(in)
			if err != nil {
				continue
			}
			if err := checkInvariants(in, sql); err != nil {
				t.Fatalf("%v\ncomputed %+v\n%s", err, c, sql)
			}
		}
	})
}
