package athenalocal

import (
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// withParameters turns Athena's positional ExecutionParameters (SQL literal
// text substituted for each ?) into Trino's EXECUTE IMMEDIATE … USING, so
// Trino binds them as Athena would.
func withParameters(sql string, params []string) string {
	if len(params) == 0 {
		return sql
	}
	return "EXECUTE IMMEDIATE " + quoteLiteral(sql) + " USING " + strings.Join(params, ", ")
}

// quoteLiteral makes a SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// quoteIdent makes a delimited SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// glueType converts a Trino type to the Glue/Hive type string that Athena's
// table metadata shows: string, int, bigint, float, double, boolean, date,
// timestamp, binary, decimal(p,s), varchar(n), char(n), array<…>, map<…,…>,
// struct<a:…,…>. Types Glue cannot express (json, uuid, time, interval, …)
// become string, as Glue reports Iceberg uuid/time columns.
func glueType(t *trino.Type) string {
	if t == nil {
		return "string"
	}
	var b strings.Builder
	writeGlue(&b, t, 0)
	return b.String()
}

func writeGlue(b *strings.Builder, t *trino.Type, depth int) {
	if t == nil || depth > maxRenderDepth {
		b.WriteString("string")
		return
	}
	field := func(i int) *trino.Type {
		if i < len(t.Fields) {
			return t.Fields[i].Type
		}
		return nil
	}
	switch t.Name {
	case "varchar":
		if len(t.Params) == 1 {
			b.WriteString("varchar(" + strconv.FormatInt(t.Params[0], 10) + ")")
			return
		}
		b.WriteString("string")
	case "char":
		b.WriteString("char(" + strconv.FormatInt(firstParam(t, 1), 10) + ")")
	case "integer":
		b.WriteString("int")
	case "real":
		b.WriteString("float")
	case "tinyint", "smallint", "bigint", "double", "boolean", "date":
		b.WriteString(t.Name)
	case "timestamp", "timestamp with time zone":
		b.WriteString("timestamp")
	case "varbinary":
		b.WriteString("binary")
	case "decimal":
		p, s := firstParam(t, 38), int64(0)
		if len(t.Params) > 1 {
			s = t.Params[1]
		}
		b.WriteString("decimal(" + strconv.FormatInt(p, 10) + "," + strconv.FormatInt(s, 10) + ")")
	case "array":
		b.WriteString("array<")
		writeGlue(b, field(0), depth+1)
		b.WriteByte('>')
	case "map":
		b.WriteString("map<")
		writeGlue(b, field(0), depth+1)
		b.WriteByte(',')
		writeGlue(b, field(1), depth+1)
		b.WriteByte('>')
	case "row":
		b.WriteString("struct<")
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			name := f.Name
			if name == "" {
				name = "field" + strconv.Itoa(i)
			}
			b.WriteString(name)
			b.WriteByte(':')
			writeGlue(b, f.Type, depth+1)
		}
		b.WriteByte('>')
	default:
		b.WriteString("string")
	}
}

func firstParam(t *trino.Type, def int64) int64 {
	if len(t.Params) > 0 {
		return t.Params[0]
	}
	return def
}
