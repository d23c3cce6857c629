package sqlbuild_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func TestIdentPathTable(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"plain", sqlbuild.Ident("time"), `"time"`},
		{"quote doubled", sqlbuild.Ident(`a"b`), `"a""b"`},
		{"two quotes", sqlbuild.Ident(`""`), `""""""`},
		{"single quote kept", sqlbuild.Ident(`it's`), `"it's"`},
		{"empty", sqlbuild.Ident(""), `""`},
		{"path one part", sqlbuild.Path("severity"), `"severity"`},
		{"path parts", sqlbuild.Path("api.response.error"), `"api"."response"."error"`},
		{"path with quote", sqlbuild.Path(`a.b"c`), `"a"."b""c"`},
		{"table", sqlbuild.Table("AwsDataCatalog", "db", "t"), `"AwsDataCatalog"."db"."t"`},
		{"table without catalog", sqlbuild.Table("", "db", "t"), `"db"."t"`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestStringLiteral(t *testing.T) {
	tests := map[string]string{
		"":                   `''`,
		"O'Brien":            `'O''Brien'`,
		"''":                 `''''''`,
		`back\slash`:         `'back\slash'`, // Trino strings have no backslash escapes
		`"double"`:           `'"double"'`,
		"line\nbreak":        "'line\nbreak'",
		"x'); DROP TABLE t;": `'x''); DROP TABLE t;'`,
		"ünïcødé ✓":          `'ünïcødé ✓'`,
	}
	for in, want := range tests {
		if got := sqlbuild.StringLiteral(in); got != want {
			t.Errorf("StringLiteral(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLiteral(t *testing.T) {
	tests := []struct {
		value string
		typ   ocsf.ValueType
		want  string // "" when an error is expected
		err   string // substring of the error
	}{
		{"O'Brien", ocsf.String, `'O''Brien'`, ""},
		{"42", ocsf.String, `'42'`, ""},
		{" 42 ", ocsf.Integer, "42", ""},
		{"-7", ocsf.Integer, "-7", ""},
		{"007", ocsf.Integer, "7", ""}, // re-printed, never pasted
		{"9223372036854775807", ocsf.Integer, "9223372036854775807", ""},
		{"9223372036854775808", ocsf.Integer, "", "not a whole number"},
		{"1.5", ocsf.Integer, "", "not a whole number"},
		{"1e3", ocsf.Integer, "", "not a whole number"},
		{"22 OR 1=1", ocsf.Integer, "", `"22 OR 1=1" is not a whole number`},
		{"", ocsf.Integer, "", "not a whole number"},
		{"1.5", ocsf.Float, "1.5E+00", ""},
		{"42", ocsf.Float, "4.2E+01", ""},
		{"-0.001", ocsf.Float, "-1E-03", ""},
		{"1e309", ocsf.Float, "", "not a number"},
		{"NaN", ocsf.Float, "", "not a number"},
		{"Inf", ocsf.Float, "", "not a number"},
		{"abc", ocsf.Float, "", "not a number"},
		{"true", ocsf.Boolean, "TRUE", ""},
		{" TRUE ", ocsf.Boolean, "TRUE", ""},
		{"yes", ocsf.Boolean, "TRUE", ""},
		{"1", ocsf.Boolean, "TRUE", ""},
		{"false", ocsf.Boolean, "FALSE", ""},
		{"no", ocsf.Boolean, "FALSE", ""},
		{"0", ocsf.Boolean, "FALSE", ""},
		{"maybe", ocsf.Boolean, "", "not true or false"},
		{"2024-03-01T12:00:00Z", ocsf.Timestamp, "TIMESTAMP '2024-03-01 12:00:00.000'", ""},
		{"2024-03-01T12:00:00+02:00", ocsf.Timestamp, "TIMESTAMP '2024-03-01 10:00:00.000'", ""},
		{"2024-03-01T00:30:00-05:00", ocsf.Timestamp, "TIMESTAMP '2024-03-01 05:30:00.000'", ""},
		{"2024-03-01 12:00:00", ocsf.Timestamp, "TIMESTAMP '2024-03-01 12:00:00.000'", ""},
		{"2024-03-01 12:00:00.123456", ocsf.Timestamp, "TIMESTAMP '2024-03-01 12:00:00.123'", ""},
		{"2024-03-01", ocsf.Timestamp, "TIMESTAMP '2024-03-01 00:00:00.000'", ""},
		{"1709251200000", ocsf.Timestamp, "TIMESTAMP '2024-03-01 00:00:00.000'", ""},
		{"yesterday", ocsf.Timestamp, "", "not a time"},
		{"2024-03-01'; --", ocsf.Timestamp, "", "not a time"},
		{"x", ocsf.Complex, "", "nested"},
	}
	for _, tt := range tests {
		got, err := sqlbuild.Literal(tt.value, tt.typ)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Literal(%q, %s) = %q, %v; want error containing %q", tt.value, tt.typ, got, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("Literal(%q, %s) = %q, %v; want %s", tt.value, tt.typ, got, err, tt.want)
		}
	}
}

func TestLiteralClipsLongValuesInErrors(t *testing.T) {
	_, err := sqlbuild.Literal(strings.Repeat("x", 500), ocsf.Integer)
	if err == nil || len(err.Error()) > 120 {
		t.Errorf("error not clipped: %v", err)
	}
}

func TestTimestampLiteralUTC(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	got := sqlbuild.TimestampLiteral(time.Date(2024, 3, 1, 8, 0, 0, 999_999_999, tokyo))
	if want := "TIMESTAMP '2024-02-29 23:00:00.999'"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
