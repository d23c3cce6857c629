package macros

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// tableRef is one reference to a lake table in the query.
type tableRef struct {
	table lake.Table
	// written is the table name as the query writes it (unquoted).
	written string
	// alias is the correlation name, or "".
	alias string
}

// qualifier is what qualifies the table's columns in predicates: its alias,
// else its name as written.
func (r tableRef) qualifier() string {
	if r.alias != "" {
		return r.alias
	}
	return r.written
}

// tableKey identifies a lake table across references.
func tableKey(t lake.Table) string {
	return strings.ToLower(t.Catalog + "." + t.Database + "." + t.Name)
}

// notAlias are the keywords that may follow a table reference in FROM and so
// are not its alias (Trino's grammar, relationPrimary and what follows it).
var notAlias = map[string]bool{
	"WHERE": true, "JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "FULL": true, "OUTER": true,
	"CROSS": true, "NATURAL": true, "ON": true, "USING": true, "GROUP": true, "ORDER": true, "LIMIT": true,
	"OFFSET": true, "FETCH": true, "UNION": true, "INTERSECT": true, "EXCEPT": true, "HAVING": true,
	"WINDOW": true, "TABLESAMPLE": true, "FOR": true, "MATCH_RECOGNIZE": true, "SELECT": true, "FROM": true,
	"WITH": true, "VALUES": true, "LATERAL": true, "AND": true, "OR": true, "NOT": true, "THEN": true,
	"WHEN": true, "ELSE": true, "END": true, "ASC": true, "DESC": true, "SET": true,
}

// lakeRefs finds the lake tables the first-pass SQL reads: every dotted name
// whose last part is a lake table name (case-insensitive, quoted or not, with
// or without database and catalog), not followed by "(" or ".". When several
// tables share a name (resource links beside the producer database), the one
// whose database matches wins. The alias is the identifier after the name,
// with or without AS, unless it is a keyword of notAlias.
func (e *expansion) lakeRefs() []tableRef {
	if e.refsDone {
		return e.refs
	}
	e.refsDone = true
	if e.ctx.Resolver == nil {
		return nil
	}
	byName := map[string][]lake.Table{}
	for _, t := range e.ctx.Resolver.Tables() {
		byName[strings.ToLower(t.Name)] = append(byName[strings.ToLower(t.Name)], t)
	}
	if len(byName) == 0 {
		return nil
	}
	toks := lex(e.view)
	for i := 0; i < len(toks); {
		parts, j := chain(toks, i)
		if parts == nil {
			i++
			continue
		}
		i = j
		cands := byName[strings.ToLower(parts[len(parts)-1])]
		if len(cands) == 0 || j < len(toks) && toks[j].punct('(') {
			continue
		}
		ref := tableRef{table: cands[0], written: parts[len(parts)-1]}
		if len(parts) > 1 {
			for _, t := range cands {
				if strings.EqualFold(t.Database, parts[len(parts)-2]) {
					ref.table = t
					break
				}
			}
		}
		k := j
		if k < len(toks) && toks[k].is("AS") {
			k++
		}
		if k < len(toks) && (toks[k].kind == tokQuoted || toks[k].kind == tokWord && (k > j || !notAlias[strings.ToUpper(toks[k].text)])) {
			ref.alias, i = toks[k].text, k+1
		}
		e.refs = append(e.refs, ref)
	}
	return e.refs
}

// partitionFilter expands to sqlbuild.PartitionPredicate for the table the
// query reads, in parentheses so that OR and NOT around it keep their
// meaning. With an argument, the table is the one with that alias, name or
// source. Its columns are qualified by its alias, or by its name when an
// argument names an unaliased table, because in a join both sides have
// eventday, region and accountid and an unqualified column is ambiguous; a
// lone unaliased table keeps unqualified columns, which also work in an
// outer query over a CTE or subquery.
func partitionFilter(e *expansion, args []string) (string, error) {
	if e.ctx.Resolver == nil {
		return "", fmt.Errorf("no Security Lake tables are known to this datasource")
	}
	ref, qualify, err := e.pickTable(args)
	if err != nil {
		return "", err
	}
	e.partitioned[tableKey(ref.table)] = true
	pred := sqlbuild.PartitionPredicate(ref.table, e.ctx.Range, e.ctx.Scope)
	if qualify {
		pred = qualifyColumns(pred, ref.qualifier())
	}
	return "(" + pred + ")", nil
}

// pickTable chooses the table of $__partitionFilter and whether its columns
// need a qualifier (an argument was given, or the table has an alias).
func (e *expansion) pickTable(args []string) (tableRef, bool, error) {
	refs := e.lakeRefs()
	if len(args) == 0 {
		distinct := map[string]tableRef{}
		for _, r := range refs {
			distinct[tableKey(r.table)+"\x00"+strings.ToLower(r.alias)] = r
		}
		switch len(distinct) {
		case 0:
			return tableRef{}, false, fmt.Errorf("the query reads no known Security Lake table; read one (FROM $__table(vpc_flow)) or name its source ($__partitionFilter(vpc_flow))")
		case 1:
			return refs[0], refs[0].alias != "", nil
		}
		return tableRef{}, false, fmt.Errorf("the query reads several Security Lake tables (%s); name one with $__partitionFilter(alias)", describeRefs(refs))
	}
	name := args[0]
	if parts, err := parsePath(name); err == nil {
		name = parts[len(parts)-1] // [catalog.][database.]table or alias
	} else if !validSource(name) {
		return tableRef{}, false, fmt.Errorf("%q is not an alias, table or source name", clip(name))
	}
	var found []tableRef
	for _, r := range refs {
		if strings.EqualFold(r.alias, name) || r.alias == "" && strings.EqualFold(r.written, name) {
			found = append(found, r)
		}
	}
	if len(found) == 0 { // a table read under an alias, by name or source
		for _, r := range refs {
			if strings.EqualFold(r.table.Name, name) || strings.EqualFold(r.table.Source, name) {
				found = append(found, r)
			}
		}
	}
	switch {
	case len(found) == 1 || len(found) > 1 && sameRefs(found):
		return found[0], true, nil
	case len(found) > 1:
		return tableRef{}, false, fmt.Errorf("%q matches several tables of the query (%s); use an alias", name, describeRefs(found))
	}
	// Not read directly (a CTE or subquery in between): resolve as a source,
	// with unqualified columns that pass through SELECT *.
	t, err := e.ctx.Resolver.Table(name)
	if err != nil {
		return tableRef{}, false, fmt.Errorf("%q is no alias or table of the query (%s) and no source: %w", name, describeRefs(refs), err)
	}
	return tableRef{table: t, written: t.Name}, false, nil
}

// sameRefs reports whether refs all name one table with one qualifier (the
// table read in both branches of a UNION, say).
func sameRefs(refs []tableRef) bool {
	for _, r := range refs[1:] {
		if tableKey(r.table) != tableKey(refs[0].table) || !strings.EqualFold(r.qualifier(), refs[0].qualifier()) {
			return false
		}
	}
	return true
}

// describeRefs lists references for error messages: "name AS alias, …".
func describeRefs(refs []tableRef) string {
	if len(refs) == 0 {
		return "none found"
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range refs {
		s := r.written
		if r.alias != "" {
			s += " AS " + r.alias
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// qualifyColumns prefixes the column identifiers of a sqlbuild predicate
// with a qualifier: "eventday" → "a"."eventday". sqlbuild quotes every
// identifier and writes only the columns of one table, so every quoted
// identifier that does not follow a "." (a struct member) is a column;
// literals are skipped whole, so a scope value that looks like an identifier
// is never touched.
//
// This belongs in pkg/sqlbuild as a qualifier parameter of
// PartitionPredicate; until then the macros qualify sqlbuild's output rather
// than write partition SQL of their own.
func qualifyColumns(pred, qualifier string) string {
	q := sqlbuild.Ident(qualifier) + "."
	var b strings.Builder
	last := 0
	for i := 0; i < len(pred); i++ {
		switch pred[i] {
		case '"':
			if i == 0 || pred[i-1] != '.' {
				b.WriteString(pred[last:i])
				b.WriteString(q)
				last = i
			}
			fallthrough
		case '\'':
			end, _ := skipQuoted(pred, i)
			i = end - 1
		}
	}
	b.WriteString(pred[last:])
	return b.String()
}
