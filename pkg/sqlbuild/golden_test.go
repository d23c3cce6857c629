package sqlbuild_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

var update = flag.Bool("update", false, "rewrite the matrix inputs and testdata/*.sql and *.err from the current output")

// goldenCase is the input of one golden test, testdata/<case>.json.
type goldenCase struct {
	Table struct {
		Source  string `json:"source"`
		Version int    `json:"version"`
		// Layout defaults to the version's (hive for 1, iceberg for 2).
		Layout string `json:"layout,omitempty"`
		Region string `json:"region"`
	} `json:"table"`
	// Fields replaces the catalog schema, as discovery does for custom
	// sources (whose table is then named …_ext_<source>).
	Fields []ocsf.Field `json:"fields,omitempty"`
	Range  struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"range"`
	Interval      string          `json:"interval,omitempty"`
	MaxDataPoints int64           `json:"maxDataPoints,omitempty"`
	RowLimit      int             `json:"rowLimit,omitempty"`
	Query         json.RawMessage `json:"query,omitempty"`
	// Statement names the function under test: "" for Build, "unpruned"
	// for BuildWithoutPartitions, "probe" for ProbeSQL, "values" for
	// DistinctValues (whose arguments are Values).
	Statement string `json:"statement,omitempty"`
	Values    *struct {
		Value string `json:"value"`
		Text  string `json:"text,omitempty"`
		Limit int    `json:"limit"`
	} `json:"values,omitempty"`
}

// fieldList is a FieldSet of discovered columns.
type fieldList []ocsf.Field

func (l fieldList) Field(path string) (ocsf.Field, bool) {
	for _, f := range l {
		if f.Path == path {
			return f, true
		}
	}
	return ocsf.Field{}, false
}

// input turns a case into a Build input, the way the plugin resolves one.
func (c goldenCase) input(t testing.TB) sqlbuild.Input {
	t.Helper()
	var q models.Query
	var err error
	if c.Query != nil {
		if q, err = models.ParseQuery(c.Query); err != nil {
			t.Fatalf("query: %v", err)
		}
	}
	v := lake.Version(c.Table.Version)
	in := sqlbuild.Input{Query: q, MaxDataPoints: c.MaxDataPoints, RowLimit: c.RowLimit}
	if c.Fields != nil {
		in.Fields = fieldList(c.Fields)
		in.Table = lake.Table{Catalog: "AwsDataCatalog", Database: lake.DatabaseName(c.Table.Region),
			Name:   "amazon_security_lake_table_" + strings.ReplaceAll(c.Table.Region, "-", "_") + "_" + c.Table.Source,
			Source: c.Table.Source, Version: v, Layout: lake.Hive, Custom: true}
	} else {
		src, ok := lake.LookupSource(c.Table.Source)
		if !ok {
			t.Fatalf("unknown source %q", c.Table.Source)
		}
		in.Table = lake.AWSTable("AwsDataCatalog", c.Table.Region, src, v)
		schema, err := ocsf.Default().Schema(v, c.Table.Source)
		if err != nil {
			t.Fatal(err)
		}
		in.Fields = schema
	}
	if c.Table.Layout != "" {
		in.Table.Layout = lake.Layout(c.Table.Layout)
	}
	if in.Range.From, err = time.Parse(time.RFC3339, c.Range.From); err != nil {
		t.Fatalf("range.from: %v", err)
	}
	if in.Range.To, err = time.Parse(time.RFC3339, c.Range.To); err != nil {
		t.Fatalf("range.to: %v", err)
	}
	resolveMore(t, &in, c)
	if c.Interval != "" {
		if in.Interval, err = time.ParseDuration(c.Interval); err != nil {
			t.Fatalf("interval: %v", err)
		}
	}
	return in
}

func readCase(t testing.TB, path string) goldenCase {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c goldenCase
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// TestGolden builds every testdata/<case>.json and compares the SQL with
// <case>.sql, or the error with <case>.err. -update rewrites them.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			c := readCase(t, path)
			in := c.input(t)
			sql, err := c.statement(t, in)
			got, ext, stale := sql+"\n", ".sql", ".err"
			if err != nil {
				got, ext, stale = err.Error()+"\n", ".err", ".sql"
			}
			base := strings.TrimSuffix(path, ".json")
			if *update {
				if err := os.WriteFile(base+ext, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				_ = os.Remove(base + stale)
				return
			}
			want, rerr := os.ReadFile(base + ext)
			if rerr != nil {
				t.Fatalf("no %s%s (got %s): run go test -update to create it\n%s", name, ext, ext, got)
			}
			if got != string(want) {
				t.Errorf("%s%s differs (go test -update rewrites it)\n--- want\n%s--- got\n%s", name, ext, want, got)
			}
			if _, err := os.Stat(base + stale); err == nil {
				t.Errorf("stale %s%s beside %s%s", name, stale, name, ext)
			}
		})
	}
}
