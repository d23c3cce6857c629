package macros

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// table expands $__table(source) to the quoted catalog.database.table the
// Resolver finds for the configured Region and version. The argument is only
// a key for the Resolver; the SQL is written by sqlbuild.Table from the
// resolved names.
func table(e *expansion, args []string) (string, error) {
	if e.ctx.Resolver == nil {
		return "", fmt.Errorf("no Security Lake tables are known to this datasource")
	}
	// A dashboard variable arrives as a literal ($__table(vpc_flow@'2')):
	// its text is read as a name or version and checked like one, and it is
	// only ever a key for the Resolver, never pasted.
	src := unquoteLiterals(args[0])
	if !validSource(src) {
		return "", fmt.Errorf("%q is not a source name (letters, digits and _, optionally @version: vpc_flow, ext_sysmon, vpc_flow@1)", clip(args[0]))
	}
	t, err := e.ctx.Resolver.Table(src)
	if err != nil {
		return "", err
	}
	return sqlbuild.Table(t.Catalog, t.Database, t.Name), nil
}

// validSource accepts what a Resolver takes: a word (vpc_flow, vpc_flow_1_0,
// ext_windows_sysmon, custom names with dashes) and an optional @version
// (@1, @2.0).
func validSource(s string) bool {
	name, ver, hasVer := strings.Cut(s, "@")
	if name == "" || hasVer && ver == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isWordByte(name[i]) && name[i] != '-' {
			return false
		}
	}
	for i := 0; i < len(ver); i++ {
		if (ver[i] < '0' || ver[i] > '9') && ver[i] != '.' {
			return false
		}
	}
	return true
}

func accountFilter(e *expansion, args []string) (string, error) {
	return scopeFilter(args, lake.ColAccountID, sqlbuild.Scope{Accounts: e.ctx.Scope.Accounts})
}

func regionFilter(e *expansion, args []string) (string, error) {
	return scopeFilter(args, lake.ColRegion, sqlbuild.Scope{Regions: e.ctx.Scope.Regions})
}

// scopeFilter writes the IN list of sqlbuild.ScopePredicates for one scope
// list (s holds only that list), on the partition column col or on the
// column given as argument (a joined table's "a"."accountid", or an OCSF
// field such as cloud.account.uid).
//
// An empty selection means all accounts or Regions, as a dashboard variable
// with nothing (or "All") selected does; 1=1 keeps "AND $__accountFilter"
// valid SQL without narrowing the query.
func scopeFilter(args []string, col string, s sqlbuild.Scope) (string, error) {
	preds := sqlbuild.ScopePredicates(s)
	if len(preds) == 0 {
		return "1=1", nil
	}
	if len(args) == 0 {
		return preds[0], nil
	}
	parts, err := parsePath(args[0])
	if err != nil {
		return "", err
	}
	// sqlbuild writes `"col" IN (…)`: keep its list, swap the column.
	list, ok := strings.CutPrefix(preds[0], sqlbuild.Ident(col))
	if !ok {
		return "", fmt.Errorf("internal error: unexpected scope predicate")
	}
	return sqlbuild.Path(strings.Join(parts, ".")) + list, nil
}

// unquoteLiterals replaces each complete single-quoted literal of arg by its
// text (” undone); an unterminated one is kept as written, so it fails the
// caller's grammar.
func unquoteLiterals(arg string) string {
	if !strings.Contains(arg, "'") {
		return arg
	}
	var b strings.Builder
	for i := 0; i < len(arg); {
		if arg[i] != '\'' {
			b.WriteByte(arg[i])
			i++
			continue
		}
		end, ok := skipQuoted(arg, i)
		if !ok {
			b.WriteString(arg[i:])
			break
		}
		b.WriteString(strings.ReplaceAll(arg[i+1:end-1], "''", "'"))
		i = end
	}
	return b.String()
}
