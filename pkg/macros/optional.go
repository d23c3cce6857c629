package macros

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// Optional sources: a lake need not have every AWS source (the common
// deployment enables five of the eight v2 sources), so bundled content
// reads sources it may not find through forms that tolerate their absence:
// $__optionalTable (one source: the query is not run), $__union (several:
// the absent ones are left out) and the builder's optional flag (Optional).
// Everything else keeps the clear "not found" error, so a typo in a user's
// own query is still reported.

// Optional resolves source like $__table, but reports an AWS source that the
// lake lacks (in the requested version) as a notice instead of an error:
// the caller then does not run the query. A name that is no AWS source, a
// version the source never has, or any other error stays an error.
func Optional(r Resolver, source string) (lake.Table, *Notice, error) {
	t, err := r.Table(source)
	if err == nil {
		return t, nil, nil
	}
	s, ok := absentSource(source, err)
	if !ok {
		return lake.Table{}, nil, err
	}
	return lake.Table{}, &Notice{Severity: SeverityInfo, Text: s.Title + " is not enabled in this lake; the query was not run."}, nil
}

// absentSource reports whether err, from resolving ref, means an AWS source
// that exists in the requested version is missing from this lake (rather
// than a name or version that cannot exist, or a failure to list the lake).
func absentSource(ref string, err error) (lake.Source, bool) {
	if !errors.Is(err, lake.ErrTableNotFound) {
		return lake.Source{}, false
	}
	name, ver := strings.ToLower(strings.TrimSpace(ref)), 0
	if n, v, ok := strings.Cut(name, "@"); ok {
		major, _, _ := strings.Cut(v, ".")
		x, perr := strconv.Atoi(major)
		if perr != nil {
			return lake.Source{}, false
		}
		name, ver = n, x
	} else if i := len(name) - len("_1_0"); i > 0 && strings.HasSuffix(name, "_0") && name[i] == '_' {
		if x, perr := strconv.Atoi(name[i+1 : i+2]); perr == nil {
			if _, known := lake.LookupSource(name[:i]); known {
				name, ver = name[:i], x
			}
		}
	}
	s, ok := lake.LookupSource(name)
	if !ok || ver != 0 && !s.Has(lake.Version(ver)) {
		return lake.Source{}, false
	}
	return s, true
}

// notFoundError is TableResolver's resolution error: its own text, and
// errors.Is lake.ErrTableNotFound like the plugin's inventory errors.
type notFoundError struct{ msg string }

func (e notFoundError) Error() string        { return e.msg }
func (e notFoundError) Is(target error) bool { return target == lake.ErrTableNotFound }

// optionalTable expands $__optionalTable(source): the table, as $__table
// writes it, when the lake has the source; when it lacks it, the query is
// marked not to run (Result.Empty) with a notice naming the source.
func optionalTable(e *expansion, args []string) (string, error) {
	if e.ctx.Resolver == nil {
		return "", fmt.Errorf("no Security Lake tables are known to this datasource")
	}
	src := unquoteLiterals(args[0])
	if !validSource(src) {
		return "", fmt.Errorf("%q is not a source name (letters, digits and _, optionally @version: sh_findings, eks_audit@2)", clip(args[0]))
	}
	t, notice, err := Optional(e.ctx.Resolver, src)
	if err != nil {
		return "", err
	}
	if notice != nil {
		e.absent = append(e.absent, *notice)
		return "", nil
	}
	return sqlbuild.Table(t.Catalog, t.Database, t.Name), nil
}

// onlyInUnion is the expansion of $__source outside a $__union template.
func onlyInUnion(*expansion, []string) (string, error) {
	return "", fmt.Errorf("is only valid inside the (SELECT …) template of $__union")
}

// unionLeft is reached only by a $__union the pre-pass could not rewrite.
func unionLeft(*expansion, []string) (string, error) {
	return "", fmt.Errorf("could not be expanded; write $__union(source, …, (SELECT … FROM $__table WHERE $__partitionFilter …))")
}

// partitions expands $__partitions(source) to the parenthesized partition
// listing of the source's table (sqlbuild.PartitionsSQL) for the query's
// range end and scope. It reads the "$partitions" metadata table, which the
// missing-partition check does not count as the lake table.
func partitions(e *expansion, args []string) (string, error) {
	t, err := e.sourceTable(args[0])
	if err != nil {
		return "", err
	}
	return "(" + sqlbuild.PartitionsSQL(t, e.ctx.Range, e.ctx.Scope) + ")", nil
}

// freshness expands $__freshness(source) to the parenthesized freshness
// subquery of the source's table (sqlbuild.FreshnessSQL): the partition
// listing joined to a scan of the last day of the range. That scan carries
// its own partition predicate, so the table counts as partitioned.
func freshness(e *expansion, args []string) (string, error) {
	t, err := e.sourceTable(args[0])
	if err != nil {
		return "", err
	}
	e.partitioned[tableKey(t)] = true
	return "(" + sqlbuild.FreshnessSQL(t, e.ctx.Range, e.ctx.Scope) + ")", nil
}

// sourceTable resolves the source argument of $__partitions and $__freshness.
func (e *expansion) sourceTable(arg string) (lake.Table, error) {
	if e.ctx.Resolver == nil {
		return lake.Table{}, fmt.Errorf("no Security Lake tables are known to this datasource")
	}
	src := unquoteLiterals(arg)
	if !validSource(src) {
		return lake.Table{}, fmt.Errorf("%q is not a source name (letters, digits and _, optionally @version: vpc_flow, waf@2)", clip(arg))
	}
	return e.ctx.Resolver.Table(src)
}
