package sqlbuild_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// hostileValues try to end a literal, open a comment, or look like SQL. The
// property test prefixes each with a unique marker word that is not SQL, so
// a value leaking out of its literal would show up as a code token.
var hostileValues = []string{
	"'", "''", "x' OR '1'='1", `"; DROP TABLE t; --`, `a"b`, `\`, `\'`, "Robert'); --", "/* c */", "--",
	"1; SELECT 1", "e -> e", "' AND 1=1 AND 'a'='a", "日本語", "tab\there", "new\nline", "%_", "$__timeFilter(time)",
}

// plainValues are values that parse as numbers, booleans, times or captions.
var plainValues = []string{"5", "-3", "1.5", "1e3", "true", "0", "2024-03-01T00:00:00Z", "2024-03-01 12:00:00",
	"1709251200000", "Critical", "high", "Create", "New", ""}

var bucketSpecs = []string{"", "auto", "5m", "1h", "1d", "1w", "7m", "90s", "bad", "0s", "40d"}

var aggFuncs = []models.AggFunc{models.AggCount, models.AggCountDistinct, models.AggApproxDistinct, models.AggSum,
	models.AggAvg, models.AggMin, models.AggMax, "median"}

var aliases = []string{"", "", "n", "bytes total", "a.b-c", `bad"alias`, "1bad", "x'); --"}

// catalogInputs are the inputs of every AWS table, one per source × version.
func catalogInputs(t testing.TB) []sqlbuild.Input {
	t.Helper()
	var out []sqlbuild.Input
	for _, s := range lake.Sources {
		for _, v := range s.Versions {
			schema, err := ocsf.Default().Schema(v, s.Name)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, sqlbuild.Input{
				Query:    models.Query{RefID: "A", Mode: models.ModeBuilder, Source: s.Name},
				Table:    lake.AWSTable("AwsDataCatalog", "us-east-1", s, v),
				Fields:   schema,
				Range:    sqlbuild.TimeRange{From: utc("2024-03-01T00:00:00Z"), To: utc("2024-03-02T00:00:00Z")},
				Interval: 30 * time.Second, MaxDataPoints: 1000, RowLimit: 5000,
			})
		}
	}
	return out
}

// opsFor are the operators that suit a field, so that most random filters
// build; the rest draw from every operator.
func opsFor(f ocsf.Field) []models.Op {
	switch f.Kind() {
	case ocsf.Element:
		return []models.Op{models.OpAnyMatch}
	case ocsf.Nested:
		return []models.Op{models.OpIsNull, models.OpNotNull, models.OpAnyMatch}
	}
	switch f.ValueType() {
	case ocsf.String:
		return []models.Op{models.OpEq, models.OpNeq, models.OpIn, models.OpNotIn, models.OpContains,
			models.OpStartsWith, models.OpRegex, models.OpLt, models.OpGte, models.OpIsNull}
	case ocsf.Boolean:
		return []models.Op{models.OpEq, models.OpNeq, models.OpNotNull}
	}
	return []models.Op{models.OpEq, models.OpNeq, models.OpIn, models.OpNotIn, models.OpLt, models.OpLte,
		models.OpGt, models.OpGte, models.OpIsNull}
}

// plainFor are values that parse for a value type.
var plainFor = map[ocsf.ValueType][]string{
	ocsf.Integer:   {"5", "-3", "0", "1709251200000", "Critical", "high", "Create"},
	ocsf.Float:     {"1.5", "-3", "1e3", "0"},
	ocsf.Boolean:   {"true", "false", "1"},
	ocsf.Timestamp: {"2024-03-01T00:00:00Z", "2024-03-01 12:00:00", "1709251200000"},
}

// randomQuery fills in.Query with random parts drawn from the schema: mostly
// well-typed, sometimes not. String values carry a marker word planted in
// hostile text (see hostileValues).
func randomQuery(r *rand.Rand, in *sqlbuild.Input, n int) {
	schema := in.Fields.(*ocsf.Schema)
	var scalars []ocsf.Field
	for _, f := range schema.Fields {
		if f.Kind() == ocsf.Scalar {
			scalars = append(scalars, f)
		}
	}
	anyField := func() ocsf.Field {
		if r.IntN(20) == 0 {
			return ocsf.Field{Path: fmt.Sprintf("no.such.field%d", r.IntN(3)), Type: "varchar"}
		}
		return schema.Fields[r.IntN(len(schema.Fields))]
	}
	scalar := func() ocsf.Field {
		if r.IntN(8) == 0 {
			return anyField()
		}
		return scalars[r.IntN(len(scalars))]
	}
	value := func(f ocsf.Field) models.Value {
		vals := plainFor[f.ValueType()]
		if r.IntN(6) == 0 {
			vals = plainValues
		}
		if len(vals) == 0 || r.IntN(6) == 0 {
			return models.Value(fmt.Sprintf("zqmark%d%s", n, hostileValues[r.IntN(len(hostileValues))]))
		}
		return models.Value(vals[r.IntN(len(vals))])
	}
	q := &in.Query
	q.Format = []models.Format{models.FormatTimeSeries, models.FormatTable, models.FormatLogs}[r.IntN(3)]
	for range r.IntN(4) {
		q.Fields = append(q.Fields, anyField().Path)
	}
	for range r.IntN(4) {
		f := anyField()
		ops := opsFor(f)
		if r.IntN(5) == 0 {
			ops = models.Ops
		}
		flt := models.Filter{Field: f.Path, Op: ops[r.IntN(len(ops))]}
		switch flt.Op {
		case models.OpIn, models.OpNotIn, models.OpAnyMatch:
			for range r.IntN(3) + 1 {
				flt.Values = append(flt.Values, value(f))
			}
		default:
			flt.Value = value(f)
		}
		q.Filters = append(q.Filters, flt)
	}
	for range r.IntN(3) {
		q.GroupBy = append(q.GroupBy, scalar().Path)
	}
	for range r.IntN(3) {
		a := models.Aggregation{Func: aggFuncs[r.IntN(len(aggFuncs))]}
		if r.IntN(3) == 0 {
			a.Alias = aliases[r.IntN(len(aliases))]
		}
		if a.Func != models.AggCount || r.IntN(2) == 0 {
			a.Field = scalar().Path
		}
		q.Aggregations = append(q.Aggregations, a)
	}
	q.TimeBucket = bucketSpecs[r.IntN(len(bucketSpecs))]
	if r.IntN(3) == 0 {
		// Mostly a name the result has; sometimes any path.
		names := append(append([]string{"time", "time_dt", "count"}, q.Fields...), q.GroupBy...)
		q.OrderBy = []models.Order{{Field: names[r.IntN(len(names))], Desc: r.IntN(2) == 0}}
	}
	q.Limit = r.IntN(3) * 4000
	if r.IntN(2) == 0 {
		q.Accounts = []string{"111122223333", fmt.Sprintf("zqmark%d%s", n, hostileValues[r.IntN(len(hostileValues))])}
	}
	if r.IntN(2) == 0 {
		q.Regions = []string{"us-east-1", "eu-west-1"}
	}
	if r.IntN(4) == 0 {
		q.ClassUID = schema.Classes[r.IntN(len(schema.Classes))].UID
	}
	randomArrays(r, q, schema)
}

// randomArrays sometimes makes the query one row per element of an array
// field, groups or selects one of its element fields and its size, and
// picks the first element of another element field.
func randomArrays(r *rand.Rand, q *models.Query, schema *ocsf.Schema) {
	var arrays, elements []ocsf.Field
	for _, f := range schema.Fields {
		if strings.HasPrefix(f.Type, "array") {
			arrays = append(arrays, f)
		}
		if f.Kind() == ocsf.Element {
			elements = append(elements, f)
		}
	}
	if len(arrays) > 0 && r.IntN(3) == 0 {
		q.Unnest = arrays[r.IntN(len(arrays))].Path
		for _, f := range elements {
			if strings.HasPrefix(f.Path, q.Unnest+"[].") && r.IntN(3) == 0 {
				q.GroupBy = append(q.GroupBy, f.Path)
				q.Fields = append(q.Fields, f.Path)
			}
		}
		q.Fields = append(q.Fields, models.SizeField(arrays[r.IntN(len(arrays))].Path))
	}
	if len(elements) > 0 && r.IntN(4) == 0 {
		f := elements[r.IntN(len(elements))]
		q.Picks = append(q.Picks, models.Pick{Field: f.Path, Alias: "first_one"})
	}
}

// TestPropertyValuesStayInLiterals builds thousands of random queries over
// the whole catalog. Every statement that builds must keep all user text
// inside literals (checkInvariants: only the builder's words and numbers
// outside quotes, identifiers from the catalog, the partition predicate
// first), and every string value it filters on must appear as a literal.
func TestPropertyValuesStayInLiterals(t *testing.T) {
	r := rand.New(rand.NewPCG(20240301, 476))
	inputs := catalogInputs(t)
	const runs = 6000
	built := 0
	for n := range runs {
		in := inputs[r.IntN(len(inputs))]
		randomQuery(r, &in, n)
		sql, err := sqlbuild.Build(in)
		if err != nil {
			continue
		}
		built++
		if err := checkInvariants(in, sql); err != nil {
			t.Fatalf("run %d: %v\nquery %+v\n%s", n, err, in.Query, sql)
		}
		toks, _ := tokenize(sql)
		strs := setOf(toks.strs...)
		for _, f := range in.Query.Filters {
			fld, _ := in.Fields.Field(f.Field)
			if fld.Kind() != ocsf.Scalar || fld.ValueType() != ocsf.String ||
				f.Op == models.OpIsNull || f.Op == models.OpNotNull {
				continue // no literal is written
			}
			for _, v := range f.AllValues() {
				if !strs[string(v)] {
					t.Fatalf("run %d: value %q of %s is not a literal in\n%s", n, v, f.Field, sql)
				}
			}
		}
	}
	// The generator must reach the SQL writer often, or the property is idle.
	if built < runs/4 {
		t.Errorf("only %d of %d random queries built", built, runs)
	}
	t.Logf("%d of %d random queries built", built, runs)
}

// TestBuildDeterministic builds the same random queries twice.
func TestBuildDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	inputs := catalogInputs(t)
	for n := range 500 {
		in := inputs[r.IntN(len(inputs))]
		randomQuery(r, &in, n)
		a, errA := sqlbuild.Build(in)
		b, errB := sqlbuild.Build(in)
		if a != b || fmt.Sprint(errA) != fmt.Sprint(errB) {
			t.Fatalf("run %d: two builds differ:\n%s\n%v\n---\n%s\n%v", n, a, errA, b, errB)
		}
	}
}
