package athenalocal_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
)

// renderCase is one column: its Trino type, the JSON value Trino sends, and
// what Athena shows (nil: NULL, a Datum without VarCharValue).
type renderCase struct {
	typ, raw    string
	want        *string
	athenaType  string
	prec, scale int32
}

func s(v string) *string { return &v }

var renderCases = []renderCase{
	{"boolean", `true`, s("true"), "boolean", 0, 0},
	{"tinyint", `-128`, s("-128"), "tinyint", 3, 0},
	{"smallint", `32767`, s("32767"), "smallint", 5, 0},
	{"integer", `42`, s("42"), "integer", 10, 0},
	{"bigint", `9007199254740993`, s("9007199254740993"), "bigint", 19, 0},
	{"real", `1.5`, s("1.5"), "real", 7, 0},
	{"double", `1.0E10`, s("1.0E10"), "double", 17, 0},
	{"double", `"NaN"`, s("NaN"), "double", 17, 0},
	{"double", `"-Infinity"`, s("-Infinity"), "double", 17, 0},
	{"decimal(3,2)", `"1.50"`, s("1.50"), "decimal", 3, 2},
	{"decimal(38,0)", `"12345678901234567890123456789012345678"`, s("12345678901234567890123456789012345678"), "decimal", 38, 0},
	{"varchar", `"héllo, \"world\"\n"`, s("héllo, \"world\"\n"), "varchar", 2147483647, 0},
	{"varchar(15)", `"10.0.0.1"`, s("10.0.0.1"), "varchar", 15, 0},
	{"char(3)", `"ab "`, s("ab "), "char", 3, 0},
	{"date", `"2024-01-01"`, s("2024-01-01"), "date", 0, 0},
	{"timestamp(3)", `"2024-01-01 00:00:00.000"`, s("2024-01-01 00:00:00.000"), "timestamp", 3, 0},
	{"timestamp(6)", `"2024-01-01 00:00:00.123456"`, s("2024-01-01 00:00:00.123456"), "timestamp", 6, 0},
	{"timestamp(3) with time zone", `"2024-01-01 00:00:00.000 UTC"`, s("2024-01-01 00:00:00.000 UTC"), "timestamp with time zone", 3, 0},
	{"varbinary", `"aGVsbG8="`, s("68 65 6c 6c 6f"), "varbinary", 0, 0},
	{"json", `"{\"a\":[1,2]}"`, s(`{"a":[1,2]}`), "json", 0, 0},
	{"uuid", `"12151fd2-7586-11e9-8f9e-2a86e4085a59"`, s("12151fd2-7586-11e9-8f9e-2a86e4085a59"), "uuid", 0, 0},
	{"ipaddress", `"10.0.0.1"`, s("10.0.0.1"), "ipaddress", 0, 0},
	{"interval day to second", `"1 00:00:00.000"`, s("1 00:00:00.000"), "interval day to second", 0, 0},
	{"array(integer)", `[1,2]`, s("[1, 2]"), "array", 0, 0},
	{"array(varchar)", `["a",null,"b c"]`, s("[a, null, b c]"), "array", 0, 0},
	{"array(integer)", `[]`, s("[]"), "array", 0, 0},
	{"map(varchar, integer)", `{"z":1,"a":2}`, s("{z=1, a=2}"), "map", 0, 0},
	{"map(varchar, varchar)", `{"k":null}`, s("{k=null}"), "map", 0, 0},
	{"map(integer, varbinary)", `{"1":"AQI="}`, s("{1=01 02}"), "map", 0, 0},
	{"row(ip varchar, port integer)", `["10.0.0.1",443]`, s("{ip=10.0.0.1, port=443}"), "row", 0, 0},
	{"row(integer, varchar(1))", `[1,"a"]`, s("{field0=1, field1=a}"), "row", 0, 0},
	{"row(a integer, b varchar)", `[null,null]`, s("{a=null, b=null}"), "row", 0, 0},
	{
		"array(row(name varchar, value map(varchar, array(bigint)), ts timestamp(3)))",
		`[["n",{"k":[1,2],"e":[]},"2024-01-01 00:00:00.000"],null]`,
		s("[{name=n, value={k=[1, 2], e=[]}, ts=2024-01-01 00:00:00.000}, null]"), "array", 0, 0,
	},
	{
		"row(metadata row(product row(name varchar, vendor_name varchar), version varchar), observables array(row(name varchar, type_id integer)))",
		`[[["VPC Flow","AWS"],"1.1.0"],[["src_endpoint.ip",2]]]`,
		s("{metadata={product={name=VPC Flow, vendor_name=AWS}, version=1.1.0}, observables=[{name=src_endpoint.ip, type_id=2}]}"), "row", 0, 0,
	},
	{"varchar", `null`, nil, "varchar", 2147483647, 0},
	{"row(a integer)", `null`, nil, "row", 0, 0},
}

func TestRendersEveryTypeAsAthena(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	var cols []trino.Column
	var row []any
	for i, c := range renderCases {
		cols = append(cols, trinotest.Col("c"+string(rune('a'+i%26))+string(rune('0'+i/26)), c.typ))
		row = append(row, json.RawMessage(c.raw))
	}
	e.trino.Handle(trinotest.Any(), trinotest.Result{Columns: cols, Rows: [][]any{row}})
	id := e.start(t, "SELECT everything")
	e.wait(t, id)
	info, rows, _ := e.results(t, id, 1000)
	if len(rows) != 2 || len(info) != len(renderCases) {
		t.Fatalf("%d rows, %d columns", len(rows), len(info))
	}
	for i, c := range renderCases {
		if str(rows[0][i]) != cols[i].Name {
			t.Errorf("header %d = %s", i, str(rows[0][i]))
		}
		got := rows[1][i]
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s %s rendered %q, want %q", c.typ, c.raw, str(got), str(c.want))
		}
		ci := info[i]
		if aws.ToString(ci.Type) != c.athenaType || ci.Precision != c.prec || ci.Scale != c.scale {
			t.Errorf("%s: ColumnInfo type %q precision %d scale %d, want %q %d %d", c.typ, aws.ToString(ci.Type), ci.Precision, ci.Scale, c.athenaType, c.prec, c.scale)
		}
	}
}
