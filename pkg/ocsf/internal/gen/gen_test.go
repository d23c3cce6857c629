package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/gentest"
)

// fix is the command that regenerates both outputs.
const fix = "go generate ./pkg/ocsf"

// TestCommittedOutputs is the drift test of the catalog and the replica's
// column order: both must be exactly what the committed inventory yields.
func TestCommittedOutputs(t *testing.T) {
	raw, err := os.ReadFile("inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	catalog, order, err := generate(raw)
	if err != nil {
		t.Fatal(err)
	}
	gentest.Check(t, "pkg/ocsf/catalog.json", catalog, fix)
	gentest.Check(t, "devenv/replica/column_order.json", order, fix)
}

// TestRunWritesFiles runs the command's file path (flags' work) into a temp
// dir: what it writes is what generate returns.
func TestRunWritesFiles(t *testing.T) {
	dir := t.TempDir()
	out, orderOut := filepath.Join(dir, "catalog.json"), filepath.Join(dir, "order.json")
	if err := run("inventory.json", out, orderOut); err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Schemas []outSchema `json:"schemas"`
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatal(err)
	}
	// 8 sources in v2, 6 in v1 (EKS audit and WAF arrived with v2).
	if len(cat.Schemas) != 14 {
		t.Errorf("%d schemas, want 14", len(cat.Schemas))
	}
	var order map[string]any
	b, err = os.ReadFile(orderOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &order); err != nil {
		t.Fatal(err)
	}
	if len(order) != 15 { // 14 tables and _source
		t.Errorf("%d keys in the order file, want 15", len(order))
	}
}

func TestGenerateRejectsBadInventory(t *testing.T) {
	for name, in := range map[string]string{
		"not json":     "{",
		"no tables":    `{"v1": {}, "v2": {}}`,
		"bad version":  `{"v1": [], "v2": {}}`,
		"missing both": `{}`,
	} {
		if _, _, err := generate([]byte(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestPrefixesAreRows checks the one rule convert adds to the inventory:
// every struct prefix of a leaf is a row field, array elements excepted.
func TestPrefixesAreRows(t *testing.T) {
	s := convert("x", 2, inSource{AllColumns: []inColumn{
		{Name: "api.service.name", Type: "varchar"},
		{Name: "resources[].uid", Type: "varchar"},
		{Name: "unmapped", Type: "map(varchar, varchar)"},
	}, Columns: []inColumn{{Name: "eventday", Type: "varchar"}}})
	var got []string
	for _, f := range s.Fields {
		got = append(got, f.Path+":"+f.Type)
	}
	want := "api:row api.service:row api.service.name:varchar eventday:varchar resources[].uid:varchar unmapped:map(varchar,varchar)"
	if strings.Join(got, " ") != want {
		t.Errorf("fields %q, want %q", strings.Join(got, " "), want)
	}
}
