package sqlbuild

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// The statements beside Build: every SQL text the plugin and its proving
// ground send is written here, with the same quoting, literals and
// partition predicate as the builder.

// ProbeSQL is the health check's read of one table: no rows, over the
// partitions of r. It selects * rather than a column list so that a table
// whose columns Lake Formation hides fails with the engine's typical
// message, which the health check turns into the grant to add.
func ProbeSQL(t lake.Table, r TimeRange) string {
	st := stmt{
		cols:  []column{{expr: "*"}},
		from:  Table(t.Catalog, t.Database, t.Name),
		where: []string{PartitionPredicate(t, r, Scope{})},
		// LIMIT 0 still plans the query (permissions, names, columns)
		// but reads no data.
		noRows: true,
	}
	return st.render()
}

// ValueColumn and TextColumn name the output columns of DistinctValues, the
// {value, text} pairs of a dashboard variable.
const (
	ValueColumn = "value"
	TextColumn  = "text"
)

// DistinctValues lists up to limit distinct values of one column of t over
// the partitions of r, sorted, with the matching caption column when text
// is not empty (severity_id with severity): the SQL of a variable or ad hoc
// filter look-up, kept cheap by the partition predicate and the LIMIT. value
// is a column or a catalog field path (actor.user.uid), quoted part by part.
func DistinctValues(t lake.Table, r TimeRange, value, text string, limit int) (string, error) {
	return DistinctValuesWhere(t, r, value, text, limit, "")
}

// DistinctValuesWhere is DistinctValues narrowed by a predicate that this
// package wrote (AdhocPredicate: the dashboard's other ad hoc filters, so a
// filter's values are those the others leave); "" or 1=1 narrows nothing.
func DistinctValuesWhere(t lake.Table, r TimeRange, value, text string, limit int, where string) (string, error) {
	if strings.TrimSpace(value) == "" {
		return "", fmt.Errorf("no column to list values of")
	}
	if limit < 1 {
		return "", fmt.Errorf("the number of values must be at least 1 (got %d)", limit)
	}
	if err := checkRange(r); err != nil {
		return "", err
	}
	if t.Name == "" || t.Database == "" {
		return "", fmt.Errorf("no table resolved for source %s", clip(t.Source))
	}
	st := stmt{
		distinct: true,
		cols:     []column{{expr: Path(value), name: ValueColumn}},
		from:     Table(t.Catalog, t.Database, t.Name),
		where:    []string{PartitionPredicate(t, r, Scope{})},
		orderBy:  []orderItem{{name: ValueColumn}},
		limit:    limit,
	}
	if text != "" {
		st.cols = append(st.cols, column{expr: Ident(text), name: TextColumn})
	}
	if where != "" && where != "1=1" {
		st.where = append(st.where, where)
	}
	return st.render(), nil
}

// BuildWithoutPartitions is Build minus the partition predicate (the time
// range and the account and Region scope on partition columns): the same
// question asked the way a query that forgets its partitions asks it. It
// exists to measure what the predicate saves; the plugin never sends it
// (a test in pkg/ checks that it does not call it).
func BuildWithoutPartitions(in Input) (string, error) {
	b := newBuilder(in)
	b.build()
	if b.err != nil {
		return "", b.err
	}
	// where() always writes the partition predicate first.
	b.st.where = b.st.where[1:]
	return b.st.render(), nil
}
