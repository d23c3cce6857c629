package macros

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// $__union(source, …, (SELECT … FROM $__table … WHERE $__partitionFilter …))
// repeats the parenthesized SELECT template once per source the lake has,
// joined by UNION ALL. It runs before the other macros (Expand's pre-pass),
// as a textual rewrite of the template into ordinary macro calls, so every
// branch is then expanded like hand-written SQL: each reads its own table
// and carries its own partition predicate. In the template:
//
//	$__table            → $__table(source) of the branch
//	$__partitionFilter  → $__partitionFilter(<the branch's table>), which
//	                      qualifies by the alias when the template gives one
//	$__source           → the branch's source name as a string literal
//	$__freshness        → $__freshness(source), the branch's freshness
//	$__partitions       → $__partitions(source), the branch's partition
//	                      listing from table metadata
//
// Sources the lake lacks are left out with an info notice; when it lacks
// them all, the query is not run (Result.Empty).

// unionOutcome is what the pre-pass learnt besides the rewritten SQL.
type unionOutcome struct {
	notices []Notice
	// empty: some $__union had no source in the lake.
	empty bool
}

// expandUnions rewrites every $__union call of sql.
func expandUnions(sql string, ctx Context) (string, unionOutcome, error) {
	var out unionOutcome
	if !strings.Contains(sql, macroPrefix+"union") {
		return sql, out, nil
	}
	segs, err := parse(sql)
	if err != nil {
		return "", out, err
	}
	var b strings.Builder
	for _, s := range segs {
		if s.call == nil {
			b.WriteString(s.text)
			continue
		}
		if s.call.name != "union" {
			b.WriteString(sql[s.call.offset:s.call.end])
			continue
		}
		text, err := union(s.call, ctx, &out)
		if err != nil {
			return "", out, newError(s.call, sql, err.Error())
		}
		b.WriteString(text)
	}
	return b.String(), out, nil
}

// union writes one $__union call's branches.
func union(c *call, ctx Context, out *unionOutcome) (string, error) {
	const form = "write $__union(source, …, (SELECT … FROM $__table WHERE $__partitionFilter …))"
	if ctx.Resolver == nil {
		return "", fmt.Errorf("no Security Lake tables are known to this datasource")
	}
	if len(c.args) < 2 {
		return "", fmt.Errorf("takes one or more sources and a (SELECT …) template; %s", form)
	}
	tmpl := c.args[len(c.args)-1]
	if !strings.HasPrefix(tmpl, "(") || !strings.HasSuffix(tmpl, ")") {
		return "", fmt.Errorf("the last argument must be the parenthesized SELECT template; %s", form)
	}
	var branches, skipped []string
	seen := map[string]string{}
	for _, arg := range c.args[:len(c.args)-1] {
		src := unquoteLiterals(arg)
		if !validSource(src) {
			return "", fmt.Errorf("%q is not a source name (letters, digits and _, optionally @version: vpc_flow, waf@2)", clip(arg))
		}
		t, notice, err := Optional(ctx.Resolver, src)
		if err != nil {
			return "", err
		}
		if notice != nil {
			s, _ := absentSource(src, lake.ErrTableNotFound)
			skipped = append(skipped, fmt.Sprintf("%s (%s)", s.Title, src))
			continue
		}
		if prev, dup := seen[tableKey(t)]; dup {
			return "", fmt.Errorf("%s and %s read the same table %s; name each source once", clip(prev), clip(src), t.Name)
		}
		seen[tableKey(t)] = src
		branch, err := unionBranch(tmpl, src, t)
		if err != nil {
			return "", err
		}
		branches = append(branches, branch)
	}
	switch {
	case len(branches) == 0:
		out.empty = true
		out.notices = append(out.notices, Notice{Severity: SeverityInfo,
			Text: "Not enabled in this lake: " + strings.Join(skipped, ", ") + "; the query was not run."})
		return "", nil
	case len(skipped) > 0:
		out.notices = append(out.notices, Notice{Severity: SeverityInfo,
			Text: "Left out, not enabled in this lake: " + strings.Join(skipped, ", ") + "."})
	}
	return strings.Join(branches, "\nUNION ALL\n"), nil
}

// unionBranch writes the template for one source: the bare $__table,
// $__partitionFilter and $__source become the branch's; other macros stay
// as written for Expand.
func unionBranch(tmpl, src string, t lake.Table) (string, error) {
	segs, err := parse(tmpl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, s := range segs {
		if s.call == nil {
			b.WriteString(s.text)
			continue
		}
		bare := s.call.args == nil && s.call.end == s.call.offset+len(macroPrefix)+len(s.call.name)
		switch {
		case s.call.name == "union":
			return "", fmt.Errorf("a $__union template cannot hold another $__union")
		case s.call.name == "table" && bare:
			b.WriteString(macroPrefix + "table(" + src + ")")
		case s.call.name == "partitionFilter" && bare:
			b.WriteString(macroPrefix + "partitionFilter(" + t.Name + ")")
		case (s.call.name == "partitions" || s.call.name == "freshness") && bare:
			b.WriteString(macroPrefix + s.call.name + "(" + src + ")")
		case s.call.name == "source" && bare:
			b.WriteString(sqlbuild.StringLiteral(t.Source))
		default:
			b.WriteString(tmpl[s.call.offset:s.call.end])
		}
	}
	return b.String(), nil
}
