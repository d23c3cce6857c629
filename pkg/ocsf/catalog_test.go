package ocsf

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

var update = flag.Bool("update", false, "rewrite testdata/catalog_summary.txt")

func TestCatalogLoads(t *testing.T) {
	c, err := Load(catalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Sources(lake.V1)); got != 6 {
		t.Errorf("%d v1 sources, want 6", got)
	}
	if got := len(c.Sources(lake.V2)); got != 8 {
		t.Errorf("%d v2 sources, want 8", got)
	}
	if _, err := Load([]byte("{")); err == nil {
		t.Error("broken JSON must fail")
	}
	if _, err := c.Schema(lake.V1, "waf"); err == nil || !strings.Contains(err.Error(), "cloud_trail_mgmt") {
		t.Errorf("unknown source error should list the known ones: %v", err)
	}
}

func TestEverySchema(t *testing.T) {
	ocsfVersion := map[lake.Version]string{lake.V1: "1.0.0-rc.2", lake.V2: "1.1.0"}
	c := Default()
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		for _, name := range c.Sources(v) {
			s, err := c.Schema(v, name)
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s v%d", name, v)
			if len(s.Classes) == 0 {
				t.Errorf("%s has no classes", where)
			}
			for _, cl := range s.Classes {
				if cl.UID/1000 != cl.CategoryUID || cl.Name == "" || cl.CategoryName == "" {
					t.Errorf("%s: class %+v", where, cl)
				}
				if got, ok := s.Class(cl.UID); !ok || got != cl {
					t.Errorf("%s: Class(%d)", where, cl.UID)
				}
			}
			if s.OCSFVersion != ocsfVersion[v] || s.Version != int(v) || s.Source != name {
				t.Errorf("%s: header %s %d %s", where, s.OCSFVersion, s.Version, s.Source)
			}
			for i, f := range s.Fields {
				if i > 0 && s.Fields[i-1].Path >= f.Path {
					t.Errorf("%s: fields not sorted/unique at %s", where, f.Path)
				}
				if got, ok := s.Field(f.Path); !ok || got != f {
					t.Errorf("%s: Field(%s)", where, f.Path)
				}
				if f.Type == "" || strings.ContainsAny(f.Type, "<> ") {
					t.Errorf("%s: %s has a non-Athena type %q", where, f.Path, f.Type)
				}
				// Every struct prefix outside arrays is a row field.
				if i := strings.LastIndex(f.Path, "."); i > 0 && !strings.Contains(f.Path, "[]") {
					if p, ok := s.Field(f.Path[:i]); !ok || p.Type != "row" {
						t.Errorf("%s: parent of %s is %+v", where, f.Path, p)
					}
				}
				// Every element path hangs off an array field.
				if arr, _, ok := f.ArrayPath(); ok {
					if p, ok := s.Field(arr); !ok || !strings.HasPrefix(p.Type, "array") {
						t.Errorf("%s: array of %s is %+v", where, f.Path, p)
					}
				}
			}
			for _, p := range []string{"time", "class_uid", "severity_id", "activity_id", "metadata.product.name"} {
				if _, ok := s.Field(p); !ok {
					t.Errorf("%s lacks %s", where, p)
				}
			}
			if _, ok := s.Field("no.such.path"); ok {
				t.Errorf("%s: unknown path found", where)
			}
		}
	}
}

func TestFieldKindsAndValueTypes(t *testing.T) {
	tests := []struct {
		f    Field
		kind Kind
		vt   ValueType
	}{
		{Field{Path: "src_endpoint.ip", Type: "varchar"}, Scalar, String},
		{Field{Path: "c", Type: "char"}, Scalar, String},
		{Field{Path: "activity_id", Type: "integer"}, Scalar, Integer},
		{Field{Path: "time", Type: "bigint"}, Scalar, Integer},
		{Field{Path: "a", Type: "smallint"}, Scalar, Integer},
		{Field{Path: "a", Type: "tinyint"}, Scalar, Integer},
		{Field{Path: "base_score", Type: "real"}, Scalar, Float},
		{Field{Path: "a", Type: "double"}, Scalar, Float},
		{Field{Path: "a", Type: "decimal(3,1)"}, Scalar, Float},
		{Field{Path: "actor.session.mfa", Type: "boolean"}, Scalar, Boolean},
		{Field{Path: "time_dt", Type: "timestamp"}, Scalar, Timestamp},
		{Field{Path: "actor", Type: "row"}, Nested, Complex},
		{Field{Path: "observables", Type: "array(row)"}, Nested, Complex},
		{Field{Path: "finding.types", Type: "array(varchar)"}, Nested, Complex},
		{Field{Path: "unmapped", Type: "map(varchar,varchar)"}, Nested, Complex},
		{Field{Path: "observables[].name", Type: "varchar"}, Element, String},
		{Field{Path: "vulnerabilities[].packages[].name", Type: "varchar"}, Element, String},
		{Field{Path: "a", Type: "varbinary"}, Scalar, Complex},
	}
	for _, tt := range tests {
		if k := tt.f.Kind(); k != tt.kind {
			t.Errorf("%+v Kind = %v, want %v", tt.f, k, tt.kind)
		}
		if vt := tt.f.ValueType(); vt != tt.vt {
			t.Errorf("%+v ValueType = %v, want %v", tt.f, vt, tt.vt)
		}
	}
}

func TestArrayPath(t *testing.T) {
	tests := []struct {
		path, array, member string
		ok                  bool
	}{
		{"resources[].uid", "resources", "uid", true},
		{"resources[].owner.account.uid", "resources", "owner.account.uid", true},
		{"api.request.containers[].image.name", "api.request.containers", "image.name", true},
		{"vulnerabilities[].packages[].name", "", "", false},
		{"resources", "", "", false},
		{"actor.user.name", "", "", false},
		{"resources[]", "", "", false},
	}
	for _, tt := range tests {
		a, m, ok := Field{Path: tt.path}.ArrayPath()
		if a != tt.array || m != tt.member || ok != tt.ok {
			t.Errorf("ArrayPath(%s) = %q %q %v", tt.path, a, m, ok)
		}
	}
}

// TestCatalogSummary compares a listing of the catalog with a golden file,
// so a regenerated catalog.json shows its changes in review. Run
// `go test ./pkg/ocsf -run TestCatalogSummary -update` to accept them.
func TestCatalogSummary(t *testing.T) {
	var b strings.Builder
	b.WriteString("# source version ocsf classes fields curated scalar nested element\n")
	c := Default()
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		for _, name := range c.Sources(v) {
			s, _ := c.Schema(v, name)
			var uids []string
			for _, cl := range s.Classes {
				uids = append(uids, fmt.Sprint(cl.UID))
			}
			kinds := map[Kind]int{}
			curated := 0
			for _, f := range s.Fields {
				kinds[f.Kind()]++
				if f.Curated {
					curated++
				}
			}
			fmt.Fprintf(&b, "%s v%d %s classes=%s fields=%d curated=%d scalar=%d nested=%d element=%d\n",
				name, v, s.OCSFVersion, strings.Join(uids, ","), len(s.Fields), curated, kinds[Scalar], kinds[Nested], kinds[Element])
		}
	}
	path := filepath.Join("testdata", "catalog_summary.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("catalog summary changed (run with -update if intended):\n got:\n%s\nwant:\n%s", got, want)
	}
}
