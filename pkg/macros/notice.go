package macros

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Notice severities, as the plugin maps them onto data.Notice.
const (
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Notice is a message for the user about the expanded query, shown on the
// panel; it never stops the query.
type Notice struct {
	// Severity is SeverityWarning or SeverityInfo.
	Severity string `json:"severity"`
	Text     string `json:"text"`
}

// predicateStart and predicateEnd open and close the clauses whose columns
// count as predicates: WHERE and ON open one; the next clause keyword closes
// it. Parentheses nest: a subquery's clauses do not end the outer WHERE.
var (
	predicateStart = map[string]bool{"WHERE": true, "ON": true}
	predicateEnd   = map[string]bool{
		"SELECT": true, "FROM": true, "JOIN": true, "GROUP": true, "ORDER": true, "LIMIT": true, "OFFSET": true,
		"FETCH": true, "HAVING": true, "WINDOW": true, "UNION": true, "INTERSECT": true, "EXCEPT": true,
	}
)

// missingPartitions warns about each lake table the query reads without a
// partition predicate, since Athena then scans (and bills) every partition
// (docs/design/security-lake.md, "Partition predicates"). A table has one when
// $__partitionFilter was expanded for it, or when its partition time column
// (eventday for Hive, time_dt for Iceberg) appears in a WHERE or ON clause,
// unqualified or qualified by the table's alias or name.
//
// This is a token check, not a parser, and errs towards silence: it does not
// look at the operator ("time_dt IS NOT NULL" counts), at OR branches that
// defeat pruning, or at which table an unqualified column belongs to in a
// join (it counts for every table with that column). It does catch the
// common costly case: a v1 query filtered on "time" alone.
func (e *expansion) missingPartitions(sql string) []Notice {
	refs := e.lakeRefs()
	if len(refs) == 0 {
		return nil
	}
	has := e.partitioned // tables with a $__partitionFilter, and below with a predicate
	toks := lex(sql)
	keys := map[string]map[string]bool{} // per table: the partition keys named in predicates
	var stack []bool                     // predicate state of the enclosing parentheses
	inPred := false
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case t.punct('('):
			stack = append(stack, inPred)
		case t.punct(')') && len(stack) > 0:
			stack, inPred = stack[:len(stack)-1], stack[len(stack)-1]
		case t.kind == tokWord && predicateStart[strings.ToUpper(t.text)]:
			inPred = true
		case t.kind == tokWord && predicateEnd[strings.ToUpper(t.text)]:
			inPred = false
		case inPred && t.ident():
			parts, j := chain(toks, i)
			markPartitionColumn(parts, refs, has, keys)
			i = j
			continue
		}
		i++
	}
	var out []Notice
	warned := map[string]bool{}
	for _, r := range refs {
		k := tableKey(r.table)
		if has[k] || warned[k] {
			continue
		}
		warned[k] = true
		call := "$__partitionFilter"
		if len(refs) > 1 {
			call += "(" + r.qualifier() + ")"
		}
		out = append(out, Notice{Severity: SeverityWarning, Text: fmt.Sprintf(
			"Query reads %s without a partition predicate: Athena will scan every partition (cost). Add WHERE %s, or a predicate on %s. %s",
			r.table.Name, call, partitionColumn(r.table), constrainedKeys(keys[k]))})
	}
	return out
}

// markPartitionColumn marks the tables whose partition time column the
// dotted name parts ("eventday", "a.eventday", "t"."time_dt") refer to, and
// records in keys every partition key (region, accountid and the time
// column) the parts name, per table.
func markPartitionColumn(parts []string, refs []tableRef, has map[string]bool, keys map[string]map[string]bool) {
	col := strings.ToLower(parts[len(parts)-1])
	if col != lake.ColEventDay && col != lake.ColTimeDT && col != lake.ColRegion && col != lake.ColAccountID {
		return
	}
	for _, r := range refs {
		timeCol := partitionColumn(r.table)
		if col != timeCol && col != lake.ColRegion && col != lake.ColAccountID {
			continue
		}
		if len(parts) > 1 && !strings.EqualFold(parts[len(parts)-2], r.qualifier()) {
			continue
		}
		k := tableKey(r.table)
		if keys[k] == nil {
			keys[k] = map[string]bool{}
		}
		keys[k][col] = true
		if col == timeCol {
			has[k] = true
		}
	}
}

// constrainedKeys says which partition keys a table's predicates do name,
// so the notice is exact: account and Region predicates prune too, but
// only the day key bounds the scan to the time range.
func constrainedKeys(named map[string]bool) string {
	var on []string
	for _, c := range []string{lake.ColRegion, lake.ColAccountID} {
		if named[c] {
			on = append(on, c)
		}
	}
	if len(on) == 0 {
		return "The query constrains none of its partition keys."
	}
	return "The query constrains only the partition keys " + strings.Join(on, " and ") + ", not the day."
}

// partitionColumn is the column whose range prunes the table's partitions.
func partitionColumn(t lake.Table) string {
	if t.Layout == lake.Iceberg {
		return lake.ColTimeDT
	}
	return lake.ColEventDay
}
