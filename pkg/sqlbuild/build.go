package sqlbuild

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// FieldSet resolves the field paths a query may use; it is the only source of
// identifiers in the SQL. *ocsf.Schema satisfies it, and custom sources get a
// Schema built from their discovered columns.
type FieldSet interface {
	Field(path string) (ocsf.Field, bool)
}

// enumSet is implemented by FieldSets that know OCSF enum captions
// (*ocsf.Schema), so that a filter may say severity_id = "Critical".
type enumSet interface {
	EnumFor(path string, classUID int) (ocsf.Enum, bool)
}

// Input is everything Build needs: the builder query, the resolved table and
// its fields, and the panel's time context.
type Input struct {
	// Query is a builder-mode query.
	Query models.Query
	// Table is the resolved table: catalog, database, name and layout.
	Table lake.Table
	// Fields resolves the query's field paths for Table.
	Fields FieldSet
	// Range is the dashboard time range; both ends are inclusive.
	Range TimeRange
	// Interval is the panel interval, the lower bound of an auto bucket.
	Interval time.Duration
	// MaxDataPoints, when > 0, caps the number of auto buckets in Range.
	MaxDataPoints int64
	// RowLimit is the settings' row cap (models.DefaultRowLimit when 0):
	// LIMIT never exceeds it by more than the one row that lets the
	// executor, whose RowLimit is the same, see that rows were cut.
	RowLimit int
	// Union are the query's further sources (Query.Sources, resolved), in
	// order; Table and Fields are the first source's.
	Union []Branch
	// Join is the other source of Query.Join, resolved.
	Join *Branch
}

// Build writes the Athena SQL of a builder query. The WHERE clause always
// starts with PartitionPredicate, every identifier comes from in.Fields and
// every value goes through Literal. Errors are user-facing: they name the
// field, value and source at fault.
func Build(in Input) (string, error) {
	// A query that names further sources is a union even when an optional
	// one was left out and a single branch remains.
	if len(in.Union) > 0 || len(in.Query.Sources) > 0 {
		return buildUnion(in)
	}
	b := newBuilder(in)
	b.build()
	b.joinColumns()
	if b.err != nil {
		return "", b.err
	}
	return b.st.render(), nil
}

// Bucket returns the time bucket Build uses for in, or 0 when the query has
// none (raw table and logs rows, tables without TimeBucket).
func Bucket(in Input) (time.Duration, error) {
	q := normalize(in.Query, in.Table)
	if !bucketed(q) {
		return 0, nil
	}
	if err := checkRange(in.Range); err != nil {
		return 0, err
	}
	return bucketFor(q.TimeBucket, in)
}

// builder holds one Build call. Like goqu's SQL builder it keeps the first
// error (sticky) and lets later steps run harmlessly, so each step reads as
// straight-line code.
type builder struct {
	in  Input
	q   models.Query
	st  stmt
	err error
	// names are the output column names used so far.
	names map[string]bool
	// arr is the resolved Query.Unnest (nil without one); virt are the
	// fields that are expressions rather than columns (arrays.go).
	arr  *arrays
	virt map[string]boundField
	// computed are the query's computed columns by alias (computed.go).
	computed map[string]computedCol
	// union marks the outer query of a union: FROM and WHERE are the
	// branches' (see buildUnion).
	union bool
}

func newBuilder(in Input) *builder {
	return &builder{in: in, q: normalize(in.Query, in.Table), names: map[string]bool{}}
}

// fail records err unless an earlier error is already recorded.
func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// failf records a formatted error (see fail).
func (b *builder) failf(format string, args ...any) {
	b.fail(fmt.Errorf(format, args...))
}

func (b *builder) build() {
	b.validate()
	if b.err != nil {
		return // without a valid table, range and field set nothing below is meaningful
	}
	b.resolveUnnest()
	b.computedColumns()
	if !b.union {
		b.st.from = Table(b.in.Table.Catalog, b.in.Table.Database, b.in.Table.Name)
		b.where()
	} else {
		b.unionWhere()
	}
	switch b.q.Format {
	case models.FormatTimeSeries:
		b.timeSeries()
	case models.FormatTable:
		b.table()
	case models.FormatLogs:
		b.logs()
	}
	b.having()
	b.st.from += b.unnestFrom() // last: every step above may add UNNEST columns
}

// normalize fills what models.ParseQuery fills for queries made in code:
// builder mode, table format, and the table's source.
func normalize(q models.Query, t lake.Table) models.Query {
	if q.Mode == "" {
		q.Mode = models.ModeBuilder
	}
	if q.Format == "" {
		q.Format = models.FormatTable
	}
	if q.Source == "" {
		q.Source = t.Source
	}
	return q
}

// bucketed reports whether the query groups rows into time buckets.
func bucketed(q models.Query) bool {
	switch q.Format {
	case models.FormatTimeSeries:
		return true
	case models.FormatTable:
		return strings.TrimSpace(q.TimeBucket) != "" && aggregated(q)
	}
	return false
}

// aggregated reports whether a table query groups rows: aggregations, or
// group-by fields (which then count rows).
func aggregated(q models.Query) bool {
	return len(q.Aggregations) > 0 || len(q.GroupBy) > 0
}

func (b *builder) validate() {
	if b.q.Mode == models.ModeSQL {
		b.failf("query %s is raw SQL: it is expanded by the macros, not built", b.q.RefID)
		return
	}
	if err := b.q.Validate(); err != nil {
		b.fail(err)
		return
	}
	t := b.in.Table
	if t.Name == "" || t.Database == "" {
		b.failf("no table resolved for source %s", b.q.Source)
		return
	}
	if b.in.Fields == nil {
		b.failf("no field list for source %s (version %d)", t.Source, int(t.Version))
		return
	}
	if err := checkRange(b.in.Range); err != nil {
		b.fail(err)
		return
	}
	for _, list := range [][]string{b.q.Accounts, b.q.Regions} {
		for _, v := range list {
			if err := checkText(v); err != nil {
				b.failf("account or region %q: %v", clip(v), err)
				return
			}
		}
	}
	if b.q.ClassUID < 0 {
		b.failf("class %d is not an OCSF class uid", b.q.ClassUID)
	}
}

// checkRange refuses a range that ends before it starts; an empty range
// (From == To) is valid and selects one instant.
func checkRange(r TimeRange) error {
	if r.From.After(r.To) {
		return fmt.Errorf("the time range starts after it ends (from %s, to %s)",
			r.From.UTC().Format(time.RFC3339), r.To.UTC().Format(time.RFC3339))
	}
	return nil
}

// checkText refuses text that cannot travel inside an Athena string literal:
// invalid UTF-8 (the API carries JSON strings) and NUL.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("contains a NUL character")
	}
	return nil
}

// sourceName names the table's source in messages: "vpc_flow (version 2)".
func (b *builder) sourceName() string {
	return fmt.Sprintf("%s (version %d)", b.in.Table.Source, int(b.in.Table.Version))
}

// field resolves a path through the FieldSet (or a computed column's
// alias), recording an error when the table has no such field.
func (b *builder) field(path string) (ocsf.Field, bool) {
	if f, handled, ok := b.virtualField(path); handled {
		return f, ok
	}
	if c, ok := b.computed[path]; ok {
		return c.field, true
	}
	f, ok := b.in.Fields.Field(path)
	if !ok {
		if r, has := b.in.Fields.(missReasoner); has {
			if err := r.missReason(path); err != nil {
				b.fail(err)
				return f, false
			}
		}
		b.failf("unknown field %q for source %s%s", clip(path), b.sourceName(), b.computedHint())
	}
	return f, ok
}
