package ocsf

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseGlueType(t *testing.T) {
	tests := []struct {
		in, athena, field, glue string
	}{
		{"string", "varchar", "varchar", "string"},
		{"STRING", "varchar", "varchar", "string"},
		{" int ", "integer", "integer", "int"},
		{"integer", "integer", "integer", "integer"},
		{"bigint", "bigint", "bigint", "bigint"},
		{"tinyint", "tinyint", "tinyint", "tinyint"},
		{"smallint", "smallint", "smallint", "smallint"},
		{"double", "double", "double", "double"},
		{"float", "real", "real", "float"},
		{"boolean", "boolean", "boolean", "boolean"},
		{"timestamp", "timestamp", "timestamp", "timestamp"},
		{"date", "date", "date", "date"},
		{"binary", "varbinary", "varbinary", "binary"},
		{"decimal", "decimal(10,0)", "decimal(10,0)", "decimal"},
		{"decimal(10,2)", "decimal(10,2)", "decimal(10,2)", "decimal(10,2)"},
		{"decimal( 9 , 6 )", "decimal(9,6)", "decimal(9,6)", "decimal(9,6)"},
		{"decimal(5)", "decimal(5,0)", "decimal(5,0)", "decimal(5)"},
		{"varchar(255)", "varchar(255)", "varchar", "varchar(255)"},
		{"char(2)", "char(2)", "char", "char(2)"},
		{"array<string>", "array(varchar)", "array(varchar)", "array<string>"},
		{"array<decimal(9,6)>", "array(decimal(9,6))", "array(decimal(9,6))", "array<decimal(9,6)>"},
		{"map<string,string>", "map(varchar,varchar)", "map(varchar,varchar)", "map<string,string>"},
		{"map< string , array<int> >", "map(varchar,array(integer))", "map(varchar,array(integer))", "map<string,array<int>>"},
		{"struct<a:string,b:int>", "row(a varchar, b integer)", "row", "struct<a:string,b:int>"},
		{"struct<>", "row()", "row", "struct<>"},
		{"struct< a : string , b : decimal(10,2) >", "row(a varchar, b decimal(10,2))", "row", "struct<a:string,b:decimal(10,2)>"},
		{"struct<`a b`:string,`x``y`:int,`c:d`:bigint>", `row("a b" varchar, "x` + "`" + `y" integer, "c:d" bigint)`, "row", "struct<`a b`:string,`x``y`:int,`c:d`:bigint>"},
		{"struct<Name:string,$meta:int>", `row(Name varchar, "$meta" integer)`, "row", "struct<Name:string,`$meta`:int>"},
		{"array<struct<name:string,type_id:int>>", "array(row(name varchar, type_id integer))", "array(row)", "array<struct<name:string,type_id:int>>"},
		{"map<string,struct<a:array<struct<b:map<string,int>>>>>", "map(varchar,row(a array(row(b map(varchar,integer)))))", "map(varchar,row)", "map<string,struct<a:array<struct<b:map<string,int>>>>>"},
		{"uniontype<int,string>", "row(tag tinyint, field0 integer, field1 varchar)", "row", "uniontype<int,string>"},
		{"geometry", "geometry", "geometry", "geometry"},
	}
	for _, tt := range tests {
		got, err := ParseGlueType(tt.in)
		if err != nil {
			t.Errorf("ParseGlueType(%q): %v", tt.in, err)
			continue
		}
		if a := got.Athena(); a != tt.athena {
			t.Errorf("%q Athena() = %q, want %q", tt.in, a, tt.athena)
		}
		if f := got.FieldType(); f != tt.field {
			t.Errorf("%q FieldType() = %q, want %q", tt.in, f, tt.field)
		}
		if g := got.String(); g != tt.glue {
			t.Errorf("%q String() = %q, want %q", tt.in, g, tt.glue)
		}
	}
}

func TestParseGlueTypeErrors(t *testing.T) {
	for _, in := range []string{
		"", "   ", "array", "array<", "array<>", "array<string", "array<string>>", "map<string>",
		"map<string,>", "struct<a>", "struct<:int>", "struct<a:int,>", "struct<a:int", "struct<`a:int>",
		"decimal(", "decimal(10,", "decimal(a)", "decimal(99999999999999999999)", "string string",
		"<string>", "array(string)", "uniontype<>", strings.Repeat("array<", 200) + "int" + strings.Repeat(">", 200),
	} {
		if got, err := ParseGlueType(in); err == nil {
			t.Errorf("ParseGlueType(%q) = %v, want an error", in, got)
		} else if !strings.Contains(err.Error(), "glue type") {
			t.Errorf("error %q does not say what failed", err)
		}
	}
	// Errors carry the offset and quote a truncated input.
	_, err := ParseGlueType("struct<a:int," + strings.Repeat("x", 200))
	if err == nil || !strings.Contains(err.Error(), "offset") || strings.Contains(err.Error(), strings.Repeat("x", 100)) {
		t.Errorf("error %v", err)
	}
}

func TestParseGlueTypeStructure(t *testing.T) {
	got, err := ParseGlueType("struct<a:array<struct<b:string>>,m:map<string,int>>")
	if err != nil {
		t.Fatal(err)
	}
	want := &GlueType{Name: "struct", Fields: []GlueField{
		{Name: "a", Type: &GlueType{Name: "array", Elem: &GlueType{Name: "struct", Fields: []GlueField{{Name: "b", Type: &GlueType{Name: "string"}}}}}},
		{Name: "m", Type: &GlueType{Name: "map", Key: &GlueType{Name: "string"}, Value: &GlueType{Name: "int"}}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %s, want %s", got, want)
	}
	var nilType *GlueType
	if nilType.String() != "" || nilType.Athena() != "unknown" {
		t.Error("nil type rendering")
	}
}

// FuzzParseGlueType: the parser never panics, and whatever it accepts
// renders back (String) to a type that parses to the same tree.
func FuzzParseGlueType(f *testing.F) {
	for _, seed := range []string{
		"string", "decimal(10,2)", "array<struct<a:string,`b c`:int>>", "map<string,map<string,array<int>>>",
		"struct<>", "uniontype<int,struct<x:string>>", "struct<`a``b`:int>", "array<", "struct<a:int,",
		"struct<actor:struct<user:struct<name:string,uid:string>,session:struct<mfa:boolean>>>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		typ, err := ParseGlueType(in)
		if err != nil {
			return
		}
		_ = typ.Athena()
		_ = typ.FieldType()
		again, err := ParseGlueType(typ.String())
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", in, typ.String(), err)
		}
		if !reflect.DeepEqual(again, typ) {
			t.Fatalf("%q: round trip changed the type: %s vs %s", in, typ, again)
		}
		_, _ = SchemaFromColumns("ext_fuzz", 2, []Column{{Name: "c", Type: in}})
	})
}
