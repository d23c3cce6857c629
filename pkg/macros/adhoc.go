package macros

import (
	"fmt"

	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// adhocFilters expands $__adhocFilters(source) to the dashboard's ad hoc
// filters as typed predicates on that source's table (sqlbuild.AdhocPredicate:
// catalog types, one literal function, enum captions), or 1=1 when there
// are none, so "WHERE … AND $__adhocFilters(vpc_flow)" is valid either way.
// A filter on a field the source lacks is left out with a notice: a
// dashboard's filters span every panel's sources.
func adhocFilters(e *expansion, args []string) (string, error) {
	e.adhocUsed = true
	if e.ctx.Resolver == nil {
		return "", fmt.Errorf("no Security Lake tables are known to this datasource")
	}
	src := unquoteLiterals(args[0])
	if !validSource(src) {
		return "", fmt.Errorf("%q is not a source name (letters, digits and _, optionally @version: vpc_flow, ext_sysmon, vpc_flow@1)", clip(args[0]))
	}
	if len(e.ctx.AdhocFilters) == 0 {
		// Nothing to write: no table or catalog look-up needed.
		return "1=1", nil
	}
	t, err := e.ctx.Resolver.Table(src)
	if err != nil {
		return "", err
	}
	if e.ctx.Fields == nil {
		return "", fmt.Errorf("the field list of %s is not available here", clip(src))
	}
	fields, err := e.ctx.Fields(t)
	if err != nil {
		return "", err
	}
	sql, skipped, err := sqlbuild.AdhocPredicate(t, fields, e.ctx.AdhocFilters)
	if err != nil {
		return "", err
	}
	for _, s := range skipped {
		e.notices = append(e.notices, Notice{Severity: SeverityInfo, Text: s})
	}
	return sql, nil
}

// adhocUnused tells the user that the dashboard's ad hoc filters did not
// reach a raw SQL query that has no $__adhocFilters: the SQL is the user's,
// so the plugin never splices predicates into it.
func adhocUnused(e *expansion) []Notice {
	if e.adhocUsed || len(e.ctx.AdhocFilters) == 0 {
		return nil
	}
	return []Notice{{Severity: SeverityInfo, Text: "The dashboard's ad hoc filters are not applied to this SQL query: add AND $__adhocFilters(<source>) to its WHERE clause."}}
}
