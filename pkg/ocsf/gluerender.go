package ocsf

import (
	"fmt"
	"strconv"
	"strings"
)

// Rendering of parsed Glue types: as Athena (Trino) types, as catalog field
// types, and back as canonical Glue syntax.

// Athena returns the Trino type Athena reports for t: string → varchar,
// int → integer, float → real, binary → varbinary, decimal → decimal(p,s),
// array<x> → array(x), map<k,v> → map(k,v), struct<a:x> → row(a x).
func (t *GlueType) Athena() string { return t.render(true) }

// FieldType is the type as Field.Type holds it in the catalog: Athena names,
// with every row shallow ("row", "array(row)"), so Kind and ValueType apply.
func (t *GlueType) FieldType() string { return t.render(false) }

func (t *GlueType) render(full bool) string {
	if t == nil {
		return "unknown"
	}
	switch t.Name {
	case "array":
		return "array(" + t.Elem.render(full) + ")"
	case "map":
		return "map(" + t.Key.render(full) + "," + t.Value.render(full) + ")"
	case "struct":
		if !full {
			return "row"
		}
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = rowFieldName(f.Name) + " " + f.Type.render(true)
		}
		return "row(" + strings.Join(parts, ", ") + ")"
	case "uniontype":
		// Trino's Hive connector reads a union as row(tag, field0, field1, …).
		if !full {
			return "row"
		}
		parts := []string{"tag tinyint"}
		for i, a := range t.Alts {
			parts = append(parts, fmt.Sprintf("field%d %s", i, a.render(true)))
		}
		return "row(" + strings.Join(parts, ", ") + ")"
	case "string":
		return "varchar"
	case "varchar":
		if full && len(t.Params) == 1 {
			return fmt.Sprintf("varchar(%d)", t.Params[0])
		}
		return "varchar"
	case "char":
		if full && len(t.Params) == 1 {
			return fmt.Sprintf("char(%d)", t.Params[0])
		}
		return "char"
	case "int", "integer":
		return "integer"
	case "float":
		return "real"
	case "binary":
		return "varbinary"
	case "decimal", "numeric":
		// Hive's DECIMAL without precision is DECIMAL(10,0).
		prec, scale := 10, 0
		if len(t.Params) > 0 {
			prec = t.Params[0]
		}
		if len(t.Params) > 1 {
			scale = t.Params[1]
		}
		return fmt.Sprintf("decimal(%d,%d)", prec, scale)
	}
	// tinyint, smallint, bigint, double, boolean, timestamp, date and any
	// type this parser does not know pass through.
	if len(t.Params) > 0 && full {
		ps := make([]string, len(t.Params))
		for i, n := range t.Params {
			ps[i] = strconv.Itoa(n)
		}
		return t.Name + "(" + strings.Join(ps, ",") + ")"
	}
	return t.Name
}

// rowFieldName quotes a row member name unless it is a plain identifier.
func rowFieldName(name string) string {
	plain := name != ""
	for i := 0; i < len(name); i++ {
		if !isWordByte(name[i]) {
			plain = false
			break
		}
	}
	if plain && !(name[0] >= '0' && name[0] <= '9') {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// String renders t back in canonical Glue syntax (lower-case names, no
// spaces, member names backquoted unless plain), so ParseGlueType(t.String())
// gives t again.
func (t *GlueType) String() string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	t.writeGlue(&b)
	return b.String()
}

func (t *GlueType) writeGlue(b *strings.Builder) {
	b.WriteString(t.Name)
	switch t.Name {
	case "array":
		b.WriteByte('<')
		t.Elem.writeGlue(b)
		b.WriteByte('>')
		return
	case "map":
		b.WriteByte('<')
		t.Key.writeGlue(b)
		b.WriteByte(',')
		t.Value.writeGlue(b)
		b.WriteByte('>')
		return
	case "struct":
		b.WriteByte('<')
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(glueFieldName(f.Name))
			b.WriteByte(':')
			f.Type.writeGlue(b)
		}
		b.WriteByte('>')
		return
	case "uniontype":
		b.WriteByte('<')
		for i, a := range t.Alts {
			if i > 0 {
				b.WriteByte(',')
			}
			a.writeGlue(b)
		}
		b.WriteByte('>')
		return
	}
	if len(t.Params) > 0 {
		b.WriteByte('(')
		for i, n := range t.Params {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteByte(')')
	}
}

// glueFieldName backquotes a struct member name unless it is plain.
func glueFieldName(name string) string {
	for i := 0; i < len(name); i++ {
		if !isWordByte(name[i]) {
			return "`" + strings.ReplaceAll(name, "`", "``") + "`"
		}
	}
	return name
}
