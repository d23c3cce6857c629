package athenalocal

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Athena's GetQueryResults renders every value as a string, the way the
// engine's own text output does:
//
//   - numbers as Trino printed them (bigint 42, double 1.5 or 1.0E10, NaN,
//     Infinity), decimals with their scale ("1.50"), booleans true/false;
//   - date "2024-01-01", timestamp "2024-01-01 00:00:00.123": the
//     fractional digits are Trino's, i.e. the column's precision — 3 for
//     Athena's own timestamp(3), 6 for the replica's Iceberg timestamp(6),
//     where real Athena's digit count is unverified (docs/design/athena-wire.md);
//     timestamp with time zone "2024-01-01 00:00:00.000 UTC";
//   - varbinary as space-separated lower-case hex bytes ("68 65 6c");
//   - json as its text; uuid, ipaddress, intervals as Trino's text;
//   - array "[a, b]", map "{k=v, k2=v2}" in the map's own order, row
//     "{field=value, …}" with the field names of the type (field0, field1, …
//     for anonymous ROW(…)); strings inside them unquoted, NULL inside them
//     "null";
//   - a top-level NULL is a Datum without VarCharValue.

// columnType is a result column prepared for rendering.
type columnType struct {
	name string
	t    *trino.Type // nil when Trino's type could not be parsed
}

func prepareColumns(cols []trino.Column) []columnType {
	out := make([]columnType, len(cols))
	for i, c := range cols {
		t, err := c.ParsedType()
		if err != nil {
			t = nil
		}
		out[i] = columnType{name: c.Name, t: t}
	}
	return out
}

// athenaColumnInfo describes a column as GetQueryResults does: the type
// name without parameters, precision/scale as Athena's JDBC-like metadata.
func athenaColumnInfo(c columnType) wire.ColumnInfo {
	ci := wire.ColumnInfo{CatalogName: "hive", Name: c.name, Label: c.name, Type: "unknown", Nullable: "UNKNOWN"}
	t := c.t
	if t == nil {
		return ci
	}
	ci.Type = t.Name
	param := func(i int, def int32) int32 {
		if i < len(t.Params) && t.Params[i] >= 0 && t.Params[i] <= 1<<31-1 {
			return int32(t.Params[i])
		}
		return def
	}
	switch t.Name {
	case "varchar":
		ci.Precision = param(0, 2147483647)
		ci.CaseSensitive = true
	case "char":
		ci.Precision = param(0, 1)
		ci.CaseSensitive = true
	case "tinyint":
		ci.Precision = 3
	case "smallint":
		ci.Precision = 5
	case "integer":
		ci.Precision = 10
	case "bigint":
		ci.Precision = 19
	case "real":
		ci.Precision = 7
	case "double":
		ci.Precision = 17
	case "decimal":
		ci.Precision, ci.Scale = param(0, 38), param(1, 0)
	case "timestamp", "timestamp with time zone", "time", "time with time zone":
		ci.Precision = param(0, 3)
	case "json":
		ci.CaseSensitive = true
	}
	return ci
}

// renderCell renders one top-level value; nil is SQL NULL.
func renderCell(t *trino.Type, raw json.RawMessage) *string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var b strings.Builder
	renderValue(&b, t, raw, 0)
	s := b.String()
	return &s
}

// maxRenderDepth bounds recursion on hostile input; Trino types are far
// shallower.
const maxRenderDepth = 100

// renderValue appends raw rendered for type t (nil: by JSON shape). Values
// come from Trino's page JSON, already validated by the decoder, so a small
// scanner splits arrays and objects instead of encoding/json (which
// dominated the rendering profile); anything it cannot split is written as
// is, never a panic.
func renderValue(b *strings.Builder, t *trino.Type, raw []byte, depth int) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		b.WriteString("null")
		return
	}
	if depth > maxRenderDepth {
		b.Write(raw)
		return
	}
	name := ""
	if t != nil {
		name = t.Name
	}
	switch raw[0] {
	case '[':
		elems, ok := splitJSON(raw, '[', ']')
		if !ok {
			b.Write(raw)
			return
		}
		if name == "row" {
			renderRow(b, t, elems, depth)
			return
		}
		var et *trino.Type
		if name == "array" && len(t.Fields) == 1 {
			et = t.Fields[0].Type
		}
		b.WriteByte('[')
		for i, e := range elems {
			if i > 0 {
				b.WriteString(", ")
			}
			renderValue(b, et, e, depth+1)
		}
		b.WriteByte(']')
	case '{':
		renderObject(b, t, raw, depth)
	case '"':
		str, ok := jsonString(raw)
		if !ok {
			b.Write(raw)
			return
		}
		b.WriteString(renderString(name, str))
	default: // number, true, false
		b.Write(raw)
	}
}

// jsonString decodes a JSON string, without encoding/json when it has no
// escapes (the common case).
func jsonString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// splitJSON splits the top level of a JSON array (opening '[') or object
// (opening '{') into its elements; for an object, keys and values alternate.
// ok is false when raw is not well formed at the top level.
func splitJSON(raw []byte, opening, closing byte) (parts [][]byte, ok bool) {
	if len(raw) < 2 || raw[0] != opening || raw[len(raw)-1] != closing {
		return nil, false
	}
	body := raw[1 : len(raw)-1]
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, true
	}
	depth, inString, start := 0, false, 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case inString:
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth < 0 {
				return nil, false
			}
		case depth == 0 && (c == ',' || c == ':' && opening == '{'):
			parts = append(parts, bytes.TrimSpace(body[start:i]))
			start = i + 1
		}
	}
	if inString || depth != 0 {
		return nil, false
	}
	parts = append(parts, bytes.TrimSpace(body[start:]))
	if opening == '{' && len(parts)%2 != 0 {
		return nil, false
	}
	for _, p := range parts {
		if len(p) == 0 {
			return nil, false
		}
	}
	return parts, true
}

// renderString renders a value Trino sent as a JSON string.
func renderString(typeName, s string) string {
	if typeName == "varbinary" {
		if bin, err := base64.StdEncoding.DecodeString(s); err == nil {
			return hexBytes(bin)
		}
	}
	return s
}

func hexBytes(bin []byte) string {
	if len(bin) == 0 {
		return ""
	}
	out := make([]byte, 0, len(bin)*3-1)
	for i, c := range bin {
		if i > 0 {
			out = append(out, ' ')
		}
		out = hex.AppendEncode(out, []byte{c})
	}
	return string(out)
}

// renderRow renders a row Trino sent positionally.
func renderRow(b *strings.Builder, t *trino.Type, elems [][]byte, depth int) {
	b.WriteByte('{')
	for i, e := range elems {
		if i > 0 {
			b.WriteString(", ")
		}
		var ft *trino.Type
		fname := ""
		if i < len(t.Fields) {
			ft, fname = t.Fields[i].Type, t.Fields[i].Name
		}
		if fname == "" {
			fname = "field" + strconv.Itoa(i)
		}
		b.WriteString(fname)
		b.WriteByte('=')
		renderValue(b, ft, e, depth+1)
	}
	b.WriteByte('}')
}

// renderObject renders a JSON object — a map, or a row in the older
// name-keyed encoding — in the order Trino wrote the entries, which
// decoding into a Go map would lose.
func renderObject(b *strings.Builder, t *trino.Type, raw []byte, depth int) {
	parts, ok := splitJSON(raw, '{', '}')
	keys := make([]string, 0, len(parts)/2)
	for i := 0; ok && i < len(parts); i += 2 {
		var k string
		if k, ok = jsonString(parts[i]); ok {
			keys = append(keys, k)
		}
	}
	if !ok {
		b.Write(raw)
		return
	}
	var kt, vt *trino.Type
	if t != nil && t.Name == "map" && len(t.Fields) == 2 {
		kt, vt = t.Fields[0].Type, t.Fields[1].Type
	}
	keyName := ""
	if kt != nil {
		keyName = kt.Name
	}
	b.WriteByte('{')
	for i, key := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(renderString(keyName, key))
		b.WriteByte('=')
		ft := vt
		if t != nil && t.Name == "row" {
			ft = rowField(t, key)
		}
		renderValue(b, ft, parts[2*i+1], depth+1)
	}
	b.WriteByte('}')
}

func rowField(t *trino.Type, name string) *trino.Type {
	for _, f := range t.Fields {
		if f.Name == name {
			return f.Type
		}
	}
	return nil
}
