package trino_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

func TestParseTypeRoundTrips(t *testing.T) {
	for _, s := range []string{
		"varchar", "varchar(15)", "char(3)", "integer", "bigint", "double", "real", "boolean",
		"decimal(10,2)", "date", "timestamp(6)", "timestamp(3) with time zone", "time(3) with time zone",
		"interval day to second", "interval year to month", "json", "varbinary", "uuid", "ipaddress",
		"array(integer)", "map(varchar, array(bigint))",
		"row(ip varchar, port integer)",
		`row(from varchar, "Port" integer, "a b" bigint)`,
		"row(integer, varchar(1))",
		"row(time timestamp(6), ts timestamp(3) with time zone, t time with time zone)",
		"array(row(name varchar, type varchar, type_id integer, value varchar))",
		"row(metadata row(product row(name varchar, vendor_name varchar), version varchar))",
		"qdigest(bigint)", "hyperloglog",
	} {
		typ, err := trino.ParseType(s)
		if err != nil {
			t.Errorf("ParseType(%q): %v", s, err)
			continue
		}
		if got := typ.String(); got != s {
			t.Errorf("ParseType(%q).String() = %q", s, got)
		}
		back, err := trino.ParseSignature(typ.Signature())
		if err != nil || !reflect.DeepEqual(back, typ) {
			t.Errorf("signature round trip of %q: %+v, %v", s, back, err)
		}
	}
}

func TestParseTypeStructure(t *testing.T) {
	typ, err := trino.ParseType("row(a timestamp(3) with time zone, time with time zone, \"x\"\"y\" map(varchar(3), decimal(38,0)))")
	if err != nil {
		t.Fatal(err)
	}
	f := typ.Fields
	if typ.Name != "row" || len(f) != 3 {
		t.Fatalf("%+v", typ)
	}
	if f[0].Name != "a" || f[0].Type.Name != "timestamp with time zone" || f[0].Type.Params[0] != 3 {
		t.Errorf("field 0 = %+v %+v", f[0], f[0].Type)
	}
	if f[1].Name != "" || f[1].Type.Name != "time with time zone" {
		t.Errorf("field 1 = %+v %+v", f[1], f[1].Type)
	}
	m := f[2].Type
	if f[2].Name != `x"y` || m.Name != "map" || m.Fields[0].Type.Params[0] != 3 || !reflect.DeepEqual(m.Fields[1].Type.Params, []int64{38, 0}) {
		t.Errorf("field 2 = %+v %+v", f[2], m)
	}
}

func TestParseTypeErrors(t *testing.T) {
	for _, s := range []string{"", "(", "row(", "row(a integer", "array(integer))", `row("a integer)`, "decimal(99999999999999999999)", "map(,)"} {
		if typ, err := trino.ParseType(s); err == nil {
			t.Errorf("ParseType(%q) = %v, want error", s, typ)
		}
	}
	deep := strings.Repeat("array(", 500) + "integer" + strings.Repeat(")", 500)
	if _, err := trino.ParseType(deep); err == nil {
		t.Error("500 levels accepted")
	}
}

// TestParseSignatureAsTrinoSendsIt uses signatures in Trino's exact shape,
// including unbounded varchar's 2147483647 and an anonymous row field.
func TestParseSignatureAsTrinoSendsIt(t *testing.T) {
	raw := `{"rawType":"row","arguments":[
		{"kind":"NAMED_TYPE","value":{"fieldName":{"name":"ip"},"typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}}},
		{"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"timestamp with time zone","arguments":[{"kind":"LONG","value":3}]}}},
		{"kind":"NAMED_TYPE","value":{"fieldName":{"name":"m"},"typeSignature":{"rawType":"map","arguments":[
			{"kind":"TYPE","value":{"rawType":"varchar","arguments":[{"kind":"LONG","value":15}]}},
			{"kind":"TYPE","value":{"rawType":"decimal","arguments":[{"kind":"LONG","value":10},{"kind":"LONG","value":2}]}}]}}}]}`
	typ, err := trino.ParseSignature(json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := typ.String(); got != "row(ip varchar, timestamp(3) with time zone, m map(varchar(15), decimal(10,2)))" {
		t.Errorf("String() = %q", got)
	}
	col := trino.Column{Name: "c", Type: "ignored when the signature parses", TypeSignature: json.RawMessage(raw)}
	if pt, err := col.ParsedType(); err != nil || pt.Name != "row" {
		t.Errorf("ParsedType = %v, %v", pt, err)
	}
	col = trino.Column{Name: "c", Type: "array(integer)", TypeSignature: json.RawMessage(`null`)}
	if pt, err := col.ParsedType(); err != nil || pt.String() != "array(integer)" {
		t.Errorf("ParsedType from text = %v, %v", pt, err)
	}
	for _, bad := range []string{`{}`, `[]`, `{"rawType":"x","arguments":[{"kind":"LONG","value":"a"}]}`,
		`{"rawType":"row","arguments":[{"kind":"NAMED_TYPE","value":{"typeSignature":{}}}]}`} {
		if _, err := trino.ParseSignature(json.RawMessage(bad)); err == nil {
			t.Errorf("ParseSignature(%s) accepted", bad)
		}
	}
}

func FuzzParseType(f *testing.F) {
	for _, s := range []string{"row(a integer, \"b\" array(map(varchar, double)))", "timestamp(3) with time zone", "decimal(10,2)", `row("x""" int)`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := trino.ParseType(s)
		if err != nil {
			return
		}
		// Whatever parses must print, and print to something that parses to
		// the same tree.
		again, err := trino.ParseType(typ.String())
		if err != nil {
			t.Fatalf("%q printed as %q which fails: %v", s, typ.String(), err)
		}
		if again.String() != typ.String() {
			t.Fatalf("%q: %q then %q", s, typ.String(), again.String())
		}
		if _, err := trino.ParseSignature(typ.Signature()); err != nil {
			t.Fatalf("%q: signature does not parse: %v", s, err)
		}
	})
}
