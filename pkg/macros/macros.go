// Package macros expands the $__name macros of raw SQL queries into Athena
// SQL. It is pure: no I/O, no AWS SDK; the lake context comes in through a
// Resolver.
//
// What it adds over the generic Athena datasource (see
// docs/design/generic-athena-plugin.md): a partition macro for both
// Security Lake layouts ($__partitionFilter, written by sqlbuild so raw SQL
// and the builder prune alike), time macros that know OCSF's epoch
// milliseconds, account/Region scope macros, and a warning when a query reads
// a lake table without any partition predicate (every partition is scanned
// and billed).
//
// Files: registry.go (the one macro map, Macros, argument checks), parse.go
// (finding calls and their arguments), lex.go (tokens for finding tables and
// predicates), time.go (time and interval macros), partition.go
// ($__partitionFilter and table references), scope.go ($__table and the
// account/Region filters), notice.go (the missing-partition warning),
// resolver.go (TableResolver), optional.go and union.go (sources a lake may
// lack: $__optionalTable, $__union), adhoc.go (the dashboard's ad hoc
// filters: $__adhocFilters).
package macros

import (
	"fmt"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// Resolver gives the macro expander the lake context; the plugin implements
// it from settings + discovery (TableResolver is a ready implementation over
// a table list).
type Resolver interface {
	// Table resolves a source name ("vpc_flow", "ext_sysmon", optionally
	// with a version "vpc_flow_1_0"/"vpc_flow@1") to its table.
	Table(source string) (lake.Table, error)
	// Tables lists every known lake table (used to detect lake tables in raw
	// SQL and to know each table's layout).
	Tables() []lake.Table
}

// Context is everything the macros read besides the SQL.
type Context struct {
	// Range is the dashboard (or alert rule) time range.
	Range sqlbuild.TimeRange
	// Interval is the panel interval; values under one second count as one
	// second (see effectiveInterval).
	Interval time.Duration
	// Scope holds the accounts and Regions chosen on the dashboard (may be
	// empty: an empty list means all).
	Scope sqlbuild.Scope
	// Resolver knows the lake tables; nil disables $__table,
	// $__partitionFilter and the missing-partition check.
	Resolver Resolver
	// AdhocFilters are the dashboard's ad hoc filters, which
	// $__adhocFilters(source) writes as typed predicates (adhoc.go).
	AdhocFilters []models.Filter
	// Fields returns the field set of a resolved table, for the ad hoc
	// filters' types; nil makes $__adhocFilters fail when filters are set.
	Fields func(lake.Table) (sqlbuild.FieldSet, error)
}

// Result is the expanded SQL and what the user should be told about it.
type Result struct {
	SQL     string
	Notices []Notice
	// Empty means the query must not run: it reads an optional source the
	// lake lacks ($__optionalTable, or a $__union with none of its sources).
	// SQL is then empty; a notice names the sources, and the caller answers
	// with an empty result.
	Empty bool
}

// Expand replaces every macro of sql outside string literals, quoted
// identifiers and comments. All errors are *Error (user errors).
//
// Expansion runs in two passes: first every macro that does not depend on the
// query's tables (so $__table(...) has become a table name), then
// $__partitionFilter, which finds its table in the result of the first pass.
func Expand(sql string, ctx Context) (Result, error) {
	sql, pre, err := expandUnions(sql, ctx)
	if err != nil {
		return Result{}, err
	}
	if pre.empty {
		return Result{Empty: true, Notices: pre.notices}, nil
	}
	segs, err := parse(sql)
	if err != nil {
		return Result{}, err
	}
	for _, s := range segs {
		if s.call != nil {
			if err := check(s.call, sql); err != nil {
				return Result{}, err
			}
		}
	}
	e := &expansion{ctx: ctx, partitioned: map[string]bool{}}
	out := make([]string, len(segs))
	for pass := 0; pass < 2; pass++ {
		for i, s := range segs {
			if s.call == nil {
				out[i] = s.text
				continue
			}
			m := registry[s.call.name]
			if m.needsTables != (pass == 1) {
				continue
			}
			if out[i], err = m.fn(e, s.call.args); err != nil {
				return Result{}, newError(s.call, sql, err.Error())
			}
		}
		if pass == 0 {
			if len(e.absent) > 0 {
				return Result{Empty: true, Notices: append(pre.notices, e.absent...)}, nil
			}
			e.view = strings.Join(out, "")
		}
	}
	res := Result{SQL: strings.Join(out, "")}
	res.Notices = append(append(pre.notices, e.notices...), e.missingPartitions(res.SQL)...)
	res.Notices = append(res.Notices, adhocUnused(e)...)
	return res, nil
}

// expansion is the state of one Expand call that macro functions share.
type expansion struct {
	ctx Context
	// view is the SQL after the first pass, where lake tables are looked for.
	view string
	// refs caches the lake-table references found in view.
	refs     []tableRef
	refsDone bool
	// partitioned marks tables (by tableKey) that received a $__partitionFilter.
	partitioned map[string]bool
	notices     []Notice
	// absent holds a notice per $__optionalTable source the lake lacks.
	absent []Notice
	// adhocUsed is set when the SQL has a $__adhocFilters call.
	adhocUsed bool
}

// Error is a user error in a query's macros: an unknown macro, wrong
// arguments, or a table that cannot be found.
type Error struct {
	// Macro is the macro's name with its $__ prefix.
	Macro string
	// Offset is the byte offset of the macro in the SQL; Line is 1-based.
	Offset, Line int
	// Msg says what is wrong and how to write it instead.
	Msg string
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (line %d)", e.Macro, e.Msg, e.Line)
}

func newError(c *call, sql, msg string) *Error {
	return &Error{Macro: macroPrefix + c.name, Offset: c.offset, Line: lineOf(sql, c.offset), Msg: msg}
}

func lineOf(sql string, offset int) int {
	return 1 + strings.Count(sql[:min(offset, len(sql))], "\n")
}
