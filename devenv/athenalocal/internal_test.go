package athenalocal

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func TestGlueType(t *testing.T) {
	for in, want := range map[string]string{
		"varchar":                            "string",
		"varchar(15)":                        "varchar(15)",
		"char(2)":                            "char(2)",
		"integer":                            "int",
		"real":                               "float",
		"timestamp(6)":                       "timestamp",
		"timestamp(3) with time zone":        "timestamp",
		"decimal(10,2)":                      "decimal(10,2)",
		"varbinary":                          "binary",
		"json":                               "string",
		"uuid":                               "string",
		"array(map(varchar, array(bigint)))": "array<map<string,array<bigint>>>",
		"row(a integer, \"B c\" double)":     "struct<a:int,B c:double>",
		"row(integer, varchar)":              "struct<field0:int,field1:string>",
	} {
		typ, err := trino.ParseType(in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := glueType(typ); got != want {
			t.Errorf("glueType(%s) = %s, want %s", in, got, want)
		}
	}
	if glueType(nil) != "string" {
		t.Error("nil type")
	}
}

func TestRenderOddInput(t *testing.T) {
	arr, _ := trino.ParseType("array(integer)")
	row, _ := trino.ParseType("row(a integer)")
	mp, _ := trino.ParseType("map(varchar, integer)")
	for _, c := range []struct {
		t    *trino.Type
		raw  string
		want string
	}{
		{arr, `{"not":"an array"}`, "{not=an array}"},   // shape wins over type
		{row, `[1, 2, 3]`, "{a=1, field1=2, field2=3}"}, // more values than fields
		{row, `{"a": 1}`, "{a=1}"},                      // name-keyed rows (older protocol)
		{mp, `[1]`, "[1]"},
		{nil, `{"k":[true,null]}`, "{k=[true, null]}"},
		{nil, `"x`, `"x`},
		{nil, `[1,`, `[1,`},
		{mp, `{"a":1,`, `{"a":1,`},
		{nil, `""`, ""},
		{nil, `["a,b","[c]",{"k:":"}"}]`, "[a,b, [c], {k:=}}]"}, // separators inside strings
		{mp, `{"a\"b":"x\\y","\u00e9":1}`, `{a"b=x\y, é=1}`},    // escapes
		{nil, `[1 , 2]`, "[1, 2]"},
		{nil, `[1,,2]`, "[1,,2]"},
		{nil, `{"a":1,"b"}`, `{"a":1,"b"}`},
		{nil, `[1]]`, "[1]]"},
		{nil, `  7 `, "7"},
	} {
		got := renderCell(c.t, json.RawMessage(c.raw))
		if got == nil || *got != c.want {
			t.Errorf("renderCell(%v, %s) = %v, want %q", c.t, c.raw, got, c.want)
		}
	}
	deep := strings.Repeat("[", 500) + strings.Repeat("]", 500)
	if got := renderCell(nil, json.RawMessage(deep)); got == nil {
		t.Error("deep array rendered as NULL")
	}
	if hexBytes(nil) != "" || hexBytes([]byte{0, 255}) != "00 ff" {
		t.Error("hexBytes")
	}
}

func TestWithParameters(t *testing.T) {
	if got := withParameters("SELECT ?", nil); got != "SELECT ?" {
		t.Error(got)
	}
	if got := withParameters("SELECT 'it''s', ?", []string{"1"}); got != "EXECUTE IMMEDIATE 'SELECT ''it''''s'', ?' USING 1" {
		t.Error(got)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("row(a array(map(varchar, varbinary)))", `[[{"k":"AQI="}]]`)
	f.Add("map(varchar, row(x integer))", `{"a":[1],"b":null}`)
	f.Add("decimal(3,2)", `"1.50"`)
	f.Fuzz(func(t *testing.T, typ, raw string) {
		pt, err := trino.ParseType(typ)
		if err != nil {
			pt = nil
		}
		_ = renderCell(pt, json.RawMessage(raw))
		_ = glueType(pt)
		_ = athenaColumnInfo(columnType{name: "c", t: pt})
	})
}

// FuzzServe sends arbitrary operations and bodies: the endpoint must answer
// every one with a JSON response and never panic.
func FuzzServe(f *testing.F) {
	ft := trinotest.NewServer()
	defer ft.Close()
	ft.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("x", "integer")}, Rows: [][]any{{1}}})
	tc, _ := trino.New(ft.URL(), "fuzz")
	srv, err := New(Options{Trino: tc, Emulator: athenaemu.Options{ResponseDelay: -1}})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	for _, op := range []string{"StartQueryExecution", "GetQueryExecution", "GetQueryResults", "StopQueryExecution", "ListTableMetadata", "GetTableMetadata", "ListDatabases", "GetWorkGroup", "Nope"} {
		f.Add(op, `{}`)
	}
	f.Add("StartQueryExecution", `{"QueryString":"SELECT 1","ExecutionParameters":["1"],"ResultReuseConfiguration":{"ResultReuseByAgeConfiguration":{"Enabled":true}}}`)
	f.Add("GetQueryResults", `{"QueryExecutionId":"x","MaxResults":5,"NextToken":"eHwx"}`)
	f.Fuzz(func(t *testing.T, op, body string) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AmazonAthena."+op)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 && w.Code != 400 && w.Code != 500 {
			t.Fatalf("status %d", w.Code)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("invalid JSON: %s", w.Body.String())
		}
	})
}
