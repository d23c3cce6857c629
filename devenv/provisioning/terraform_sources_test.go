package provisioning

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Terraform checks the module itself (fmt, validate and the plans of its
// tests under provisioning/terraform/tests, run by scripts/terraform-check.sh).
// What Terraform cannot know is whether the module names the sources and
// tables the plugin queries. TestTerraformSourcesMatchThePlugin ties the
// module's source lists, the subscriber's default sources and the table names
// the Terraform tests expect to the plugin's own naming (pkg/lake).

var (
	quotedRe = regexp.MustCompile(`"([^"]*)"`)
	listRe   = regexp.MustCompile(`(?s)(default\s*=|contains\()\s*\[(.*?)\]`)
)

// tfBlock returns the text of the top-level block that starts with header
// (e.g. `variable "sources_v2" {`), up to the next top-level block.
func tfBlock(t *testing.T, text, header string) string {
	t.Helper()
	i := strings.Index(text, "\n"+header)
	if i < 0 {
		t.Fatalf("no block %s", header)
	}
	rest := text[i+1:]
	if j := strings.Index(rest, "\n}\n"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// tfLists returns the string lists of a block: its default and the lists of
// its validation's contains([...], ...), keyed "default" and "contains".
func tfLists(block string) map[string][][]string {
	out := map[string][][]string{}
	for _, m := range listRe.FindAllStringSubmatch(block, -1) {
		key := "default"
		if strings.HasPrefix(m[1], "contains") {
			key = "contains"
		}
		var items []string
		for _, q := range quotedRe.FindAllStringSubmatch(m[2], -1) {
			items = append(items, q[1])
		}
		out[key] = append(out[key], items)
	}
	return out
}

func readTF(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), TerraformDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sourceNames(v lake.Version, name func(lake.Source) string) []string {
	var out []string
	for _, s := range lake.Sources {
		if s.Has(v) {
			out = append(out, name(s))
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestTerraformSourcesMatchThePlugin(t *testing.T) {
	vars := readTF(t, "variables.tf")
	byName := func(s lake.Source) string { return s.Name }
	v2, v1 := sourceNames(lake.V2, byName), sourceNames(lake.V1, byName)

	// sources_v2 and sources_v1 have no default (a default that assumes
	// every source fails apply on a lake without them: Lake Formation
	// refuses a grant on a missing table); their validations accept exactly
	// the plugin's sources of each version.
	l2 := tfLists(tfBlock(t, vars, `variable "sources_v2" {`))
	if len(l2["default"]) != 0 {
		t.Errorf("sources_v2 has a default %v: the sources must be passed", l2["default"])
	}
	if len(l2["contains"]) != 1 || !sameSet(l2["contains"][0], v2) {
		t.Errorf("sources_v2 validation accepts %v, want %v", l2["contains"], v2)
	}
	l1 := tfLists(tfBlock(t, vars, `variable "sources_v1" {`))
	if len(l1["default"]) != 0 {
		t.Errorf("sources_v1 has a default %v: the sources must be passed", l1["default"])
	}
	if len(l1["contains"]) != 1 || !sameSet(l1["contains"][0], v1) {
		t.Errorf("sources_v1 validation accepts %v, want the plugin's version 1 sources %v", l1["contains"], v1)
	}

	// The subscriber's sources have no default either; its validation
	// accepts every source's API name (the first contains list) and the two
	// versions (the second).
	ls := tfLists(tfBlock(t, readTF(t, "subscriber/main.tf"), `variable "sources" {`))
	var api []string
	for _, s := range lake.Sources {
		api = append(api, s.APIName)
	}
	if len(ls["default"]) != 0 {
		t.Errorf("subscriber sources has a default %v: the sources must be passed", ls["default"])
	}
	if len(ls["contains"]) != 2 || !sameSet(ls["contains"][0], api) || !sameSet(ls["contains"][1], []string{"1.0", "2.0"}) {
		t.Errorf("subscriber sources validation accepts %v, want the API names %v and versions 1.0, 2.0", ls["contains"], api)
	}

	// The same-account run asks for every version 1 source: the tables whose
	// grants it asserts are every table the plugin can query in us-east-1.
	run := tfBlock(t, readTF(t, "tests/setups.tftest.hcl"), `run "self_hosted_same_account" {`)
	var asserted []string
	for _, m := range regexp.MustCompile(`"(amazon_security_lake_table_[a-z0-9_]+)"`).FindAllStringSubmatch(run, -1) {
		asserted = append(asserted, m[1])
	}
	var want []string
	for _, s := range lake.Sources {
		for _, v := range []lake.Version{lake.V2, lake.V1} {
			if s.Has(v) {
				want = append(want, lake.TableName("us-east-1", s, v))
			}
		}
	}
	if !sameSet(asserted, want) {
		t.Errorf("tests/setups.tftest.hcl asserts grants on %v, want the plugin's tables %v", asserted, want)
	}
	if got := strings.Count(run, `"`+lake.DatabaseName("us-east-1")+`"`); got == 0 {
		t.Errorf("tests/setups.tftest.hcl does not assert the database %s", lake.DatabaseName("us-east-1"))
	}
}
