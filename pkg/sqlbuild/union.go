package sqlbuild

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Branch is one resolved source of a union or join: its table and fields.
type Branch struct {
	Table  lake.Table
	Fields FieldSet
}

// SourceColumn names the column of a union that says which source a row
// came from. No OCSF field has this name.
const SourceColumn = "source"

// unionAlias names the union subquery in FROM.
const unionAlias = "u"

// buildUnion writes a query over several sources:
//
//	SELECT <outer columns> FROM (
//	  SELECT <used fields>, 'vpc_flow' AS "source" FROM <table 1> WHERE <partitions 1> AND <filters>
//	  UNION ALL
//	  SELECT … FROM <table 2> WHERE <partitions 2> AND <filters>
//	) AS "u" GROUP BY … ORDER BY … LIMIT …
//
// The outer query is the single-table builder run on the fields common to
// every source (same path and type); it records which fields it uses, and
// each branch projects exactly those. The same row type differs between
// sources (src_endpoint has other members in vpc_flow than in route53), so
// a branch rebuilds each used struct with only the used members, cast to a
// named row type: the outer query's "src_endpoint"."ip" then reads the
// same in every branch. Filters, the class and the join run in each branch,
// on its own table and field set, after its partition predicate.
func buildUnion(in Input) (string, error) {
	branches := append([]Branch{{Table: in.Table, Fields: in.Fields}}, in.Union...)
	if err := checkBranches(branches); err != nil {
		return "", err
	}
	if in.Query.Join.TwoSided() {
		return "", fmt.Errorf("a join that adds the other source's columns is not supported in a query over several sources: use kind semi or anti")
	}
	common := &commonFields{branches: branches, used: map[string]ocsf.Field{}, why: map[string]error{}}
	// Filters on the source column select branches: they filter the union
	// (the branches' tables have no such column); the others run in each branch.
	all := in.Query.Filters
	outerIn := in
	outerIn.Fields, outerIn.Union = common, nil
	outerIn.Query.Filters, in.Query.Filters = nil, nil
	for _, f := range all {
		if f.Field == SourceColumn {
			outerIn.Query.Filters = append(outerIn.Query.Filters, f)
		} else {
			in.Query.Filters = append(in.Query.Filters, f)
		}
	}
	b := newBuilder(outerIn)
	b.union = true
	b.build()
	if b.err != nil {
		return "", b.err
	}
	if !aggregated(b.q) || b.q.Format == models.FormatLogs {
		if !b.names[SourceColumn] {
			b.addColumn(column{expr: Ident(SourceColumn), name: SourceColumn})
		}
	}
	parts := make([]string, len(branches))
	for i, br := range branches {
		sql, err := branchSQL(in, br, common.paths())
		if err != nil {
			return "", err
		}
		parts[i] = sql
	}
	b.st.from = "(\n" + strings.Join(parts, "\nUNION ALL\n") + "\n) AS " + Ident(unionAlias)
	return b.st.render(), nil
}

// checkBranches refuses unions the SQL cannot express: too many sources, a
// source twice, unresolved tables, or sources of different lake layouts
// (v1 keeps the time as epoch milliseconds, v2 as a timestamp).
func checkBranches(branches []Branch) error {
	if len(branches) > models.MaxSources {
		return fmt.Errorf("the query reads %d sources: at most %d can be combined in one query", len(branches), models.MaxSources)
	}
	seen := map[string]bool{}
	first := branches[0].Table
	for _, br := range branches {
		t := br.Table
		if t.Name == "" || t.Database == "" || br.Fields == nil {
			return fmt.Errorf("no table resolved for source %s", t.Source)
		}
		key := t.Database + "." + t.Name
		if seen[key] {
			return fmt.Errorf("source %s is named twice in the query", t.Source)
		}
		seen[key] = true
		if t.HasTimeDT() != first.HasTimeDT() {
			return fmt.Errorf("sources of different lake versions cannot be combined: %s is version %d and %s version %d; choose sources of one version",
				first.Source, int(first.Version), t.Source, int(t.Version))
		}
	}
	return nil
}

// commonFields is the FieldSet of a union: the scalar fields every branch
// has with the same type, plus the source column. It records the fields
// the outer query resolves (so each branch projects them) and why a field
// is refused (missReason).
type commonFields struct {
	branches []Branch
	used     map[string]ocsf.Field
	why      map[string]error
}

// missReasoner explains why a FieldSet has no field at a path, for a
// clearer message than "unknown field".
type missReasoner interface {
	missReason(path string) error
}

// Field resolves path in every branch.
func (c *commonFields) Field(path string) (ocsf.Field, bool) {
	if path == SourceColumn {
		return ocsf.Field{Path: SourceColumn, Type: "varchar"}, true
	}
	var first ocsf.Field
	for i, br := range c.branches {
		f, ok := br.Fields.Field(path)
		if !ok {
			c.why[path] = fmt.Errorf("field %q is not in source %s (version %d): a query over several sources can only use the fields they all have",
				clip(path), br.Table.Source, int(br.Table.Version))
			return ocsf.Field{}, false
		}
		if f.Kind() != ocsf.Scalar {
			c.why[path] = fmt.Errorf("field %q is a nested or array field: a query over several sources can only use scalar fields (choose a member)", clip(path))
			return ocsf.Field{}, false
		}
		if i == 0 {
			first = f
			continue
		}
		if f.Type != first.Type {
			c.why[path] = fmt.Errorf("field %q is %s in source %s but %s in %s: a query over several sources can only use fields of one type",
				clip(path), first.Type, c.branches[0].Table.Source, f.Type, br.Table.Source)
			return ocsf.Field{}, false
		}
	}
	if _, ok := sqlType(first.Type); !ok {
		c.why[path] = fmt.Errorf("field %q has type %s, which a query over several sources cannot combine", clip(path), clip(first.Type))
		return ocsf.Field{}, false
	}
	c.used[path] = first
	return first, true
}

func (c *commonFields) missReason(path string) error { return c.why[path] }

// EnumFor answers the first source's enum captions: OCSF defines an enum
// per attribute, so a field common to the sources has the same captions
// (count_if severity_id = "Critical" in a union).
func (c *commonFields) EnumFor(path string, classUID int) (ocsf.Enum, bool) {
	if es, ok := c.branches[0].Fields.(enumSet); ok {
		return es.EnumFor(path, classUID)
	}
	return ocsf.Enum{}, false
}

// unionWhere writes the outer WHERE of a union: the filters on the source
// column (buildUnion leaves only those to the outer query). The partition
// predicates and every other filter are in the branches.
func (b *builder) unionWhere() {
	for _, flt := range b.q.Filters {
		if p, ok := b.filter(flt); ok {
			b.st.where = append(b.st.where, p)
		}
	}
}

// paths are the used fields, sorted, without the source column.
func (c *commonFields) paths() []ocsf.Field {
	out := make([]ocsf.Field, 0, len(c.used))
	for _, f := range c.used {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// scalarType is the catalog's scalar types that a CAST may name; the type
// text comes from the catalog or discovery, so it is checked, not trusted.
var scalarType = regexp.MustCompile(`^(varchar|char|integer|bigint|smallint|tinyint|real|double|boolean|date|timestamp|decimal\([0-9]{1,2}, ?[0-9]{1,2}\)|varchar\([0-9]{1,5}\)|timestamp\([0-9]\))$`)

// sqlType returns t when it is a scalar type a row type may name.
func sqlType(t string) (string, bool) {
	t = strings.ToLower(strings.TrimSpace(t))
	return t, scalarType.MatchString(t)
}

// branchSQL is one source's SELECT of a union: the time column, the used
// fields (structs rebuilt with only their used members), the source name,
// then the partition predicate, the class, the filters and the join.
func branchSQL(in Input, br Branch, used []ocsf.Field) (string, error) {
	bin := in
	bin.Table, bin.Fields, bin.Union = br.Table, br.Fields, nil
	bb := newBuilder(bin)
	bb.validate()
	if bb.err != nil {
		return "", bb.err
	}
	bb.st.from = Table(br.Table.Catalog, br.Table.Database, br.Table.Name)
	bb.where()
	if bb.err != nil {
		return "", bb.err
	}
	timeCol := lake.ColTime
	if br.Table.HasTimeDT() {
		timeCol = lake.ColTimeDT
	}
	bb.st.cols = append(bb.st.cols, column{expr: Ident(timeCol), name: timeCol})
	root := &rowNode{name: ""}
	for _, f := range used {
		if f.Path == timeCol {
			continue
		}
		root.add(strings.Split(f.Path, "."), f)
	}
	for _, n := range root.children {
		bb.st.cols = append(bb.st.cols, column{expr: n.expr(nil, true), name: n.name})
	}
	bb.st.cols = append(bb.st.cols, column{expr: StringLiteral(br.Table.Source), name: SourceColumn})
	return bb.st.render(), nil
}

// rowNode is a struct path of the used fields: a leaf is a field, an inner
// node a row of its used members.
type rowNode struct {
	name     string
	field    *ocsf.Field
	children []*rowNode
}

func (n *rowNode) add(parts []string, f ocsf.Field) {
	for _, c := range n.children {
		if c.name == parts[0] {
			if len(parts) > 1 {
				c.add(parts[1:], f)
			}
			return
		}
	}
	c := &rowNode{name: parts[0]}
	n.children = append(n.children, c)
	if len(parts) == 1 {
		c.field = &f
		return
	}
	c.add(parts[1:], f)
}

// expr is the node's value in a branch: a leaf is its column path; a row
// is ROW(members…), cast to its named row type at the top so that the
// outer query can dereference members by name.
func (n *rowNode) expr(prefix []string, top bool) string {
	path := append(append([]string(nil), prefix...), n.name)
	if n.field != nil {
		return Path(strings.Join(path, "."))
	}
	items := make([]string, len(n.children))
	for i, c := range n.children {
		items[i] = c.expr(path, false)
	}
	row := "ROW(" + strings.Join(items, ", ") + ")"
	if !top {
		return row
	}
	return "CAST(" + row + " AS " + n.rowType() + ")"
}

// rowType is the named row type of an inner node.
func (n *rowNode) rowType() string {
	items := make([]string, len(n.children))
	for i, c := range n.children {
		if c.field != nil {
			t, _ := sqlType(c.field.Type) // checked by commonFields.Field
			items[i] = Ident(c.name) + " " + t
		} else {
			items[i] = Ident(c.name) + " " + c.rowType()
		}
	}
	return "ROW(" + strings.Join(items, ", ") + ")"
}
