package provisioning

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

var tfFacts = TFFacts{AccountID: "111122223333", Region: "us-east-1", Partition: "aws"}

func strs(vs ...string) cty.Value {
	if len(vs) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	out := make([]cty.Value, len(vs))
	for i, v := range vs {
		out[i] = cty.StringVal(v)
	}
	return cty.ListVal(out)
}

// allV1 are the sources with version 1 tables.
func allV1() []string {
	var out []string
	for _, s := range lake.Sources {
		if s.Has(lake.V1) {
			out = append(out, s.Name)
		}
	}
	return out
}

// expectedTables are the lake tables of every v2 source and the given v1
// sources, named by the plugin's own naming (pkg/lake).
func expectedTables(region string, v1 []string) []string {
	var out []string
	for _, s := range lake.Sources {
		if s.Has(lake.V2) {
			out = append(out, lake.TableName(region, s, lake.V2))
		}
		if slices.Contains(v1, s.Name) {
			out = append(out, lake.TableName(region, s, lake.V1))
		}
	}
	return out
}

// scenarios are module inputs: same account with both roles and v1
// tables; and cross-account with an existing bucket, a KMS key and an
// existing AMG role.
var scenarios = map[string]map[string]cty.Value{
	"same account": {
		"trusted_principal_arns": strs("arn:aws:iam::111122223333:role/grafana-server"),
		"create_amg_role":        cty.True,
		"sources_v1":             strs(allV1()...),
	},
	"cross account": {
		"trusted_services":         strs("ec2.amazonaws.com"),
		"create_instance_profile":  cty.True,
		"amg_existing_role_name":   cty.StringVal("AmazonGrafanaServiceRole-abc123"),
		"security_lake_account_id": cty.StringVal("444455556666"),
		"resource_share_arn":       cty.StringVal("arn:aws:ram:us-east-1:444455556666:resource-share/1234"),
		"results_bucket_name":      cty.StringVal("my-athena-results"),
		"kms_key_arn":              cty.StringVal("arn:aws:kms:us-east-1:111122223333:key/abcd"),
	},
}

func tfModule(t *testing.T, dir string) *TFModule {
	t.Helper()
	m, err := LoadTerraform(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTerraformParses(t *testing.T) {
	mods, err := ParseTerraformDirs(filepath.Join(root(t), TerraformDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) != 2 {
		t.Fatalf("parsed %d modules, want the module and subscriber/", len(mods))
	}
	for dir, m := range mods {
		if len(m.Terraform) == 0 {
			t.Errorf("%s: no terraform block with required_providers", dir)
		}
		for name, v := range m.Variables {
			if v.Body.Attributes["description"] == nil || v.Body.Attributes["type"] == nil {
				t.Errorf("%s: variable %s needs a description and a type", dir, name)
			}
		}
	}
}

// TestTerraformLeastPrivilege evaluates the module for each scenario and
// checks the IAM statements (no wildcard where a name is known, KMS only
// with a key) and the Lake Formation grants (every table of every v2 source
// and of the v1 sources asked for, by name, to every principal).
func TestTerraformLeastPrivilege(t *testing.T) {
	m := tfModule(t, filepath.Join(root(t), TerraformDir))
	for name, in := range scenarios {
		t.Run(name, func(t *testing.T) {
			e, err := m.Eval(in, tfFacts)
			if err != nil {
				t.Fatal(err)
			}
			stmts, err := e.Statements()
			if err != nil {
				t.Fatal(err)
			}
			for _, err := range CheckIAM(stmts) {
				t.Error(err)
			}
			kms := 0
			for _, st := range stmts {
				if slices.Contains(st.Actions, "kms:Decrypt") {
					kms++
					if !slices.Equal(st.Resources, []string{"arn:aws:kms:us-east-1:111122223333:key/abcd"}) {
						t.Errorf("KMS statement on %v", st.Resources)
					}
				}
			}
			if wantKMS := in["kms_key_arn"] != cty.NilVal; (kms == 1) != wantKMS {
				t.Errorf("%d KMS statements, want one only with a key", kms)
			}
			grants, err := e.Grants()
			if err != nil {
				t.Fatal(err)
			}
			var principals []string
			for _, v := range e.Local("principals").AsValueMap() {
				principals = append(principals, v.AsString())
			}
			if len(principals) != 2 {
				t.Fatalf("principals %v, want two", principals)
			}
			catalog := tfFacts.AccountID
			if v, ok := in["security_lake_account_id"]; ok {
				catalog = v.AsString()
			}
			v1 := ctyStrings(in["sources_v1"])
			tables := expectedTables("us-east-1", v1)
			for _, err := range CheckGrants(grants, principals, catalog, lake.DatabaseName("us-east-1"), tables) {
				t.Error(err)
			}
			t.Logf("%d IAM statements, %d Lake Formation grants for %d principals and %d tables", len(stmts), len(grants), len(principals), len(tables))
		})
	}
}

// TestTerraformWorkgroup checks the workgroup: the tag AMG requires, an
// enforced configuration and a bytes-scanned cutoff.
func TestTerraformWorkgroup(t *testing.T) {
	m := tfModule(t, filepath.Join(root(t), TerraformDir))
	e, err := m.Eval(scenarios["same account"], tfFacts)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := m.Block("aws_athena_workgroup.grafana")
	if !ok {
		t.Fatal("no aws_athena_workgroup.grafana")
	}
	tags, err := e.Value(b.Body.Attributes["tags"].Expr, nil)
	if err != nil || tags.GetAttr("GrafanaDataSource").AsString() != "true" {
		t.Errorf("workgroup tags %v (%v): want GrafanaDataSource = true", tags, err)
	}
	cfg := e.NestedBlocks(b.Body, "configuration", nil)
	if len(cfg) != 1 {
		t.Fatal("no configuration block")
	}
	for _, attr := range []string{"bytes_scanned_cutoff_per_query", "enforce_workgroup_configuration"} {
		if v, ok, err := e.Attr(cfg[0], attr); !ok || err != nil || v.IsNull() {
			t.Errorf("configuration.%s: %v %v", attr, v, err)
		}
	}
	for _, o := range []string{"role_arn", "amg_role_arn", "workgroup", "output_location", "database", "datasource_json_data"} {
		if m.Outputs[o] == nil {
			t.Errorf("no output %s", o)
		}
	}
}

// copyModule copies the module to a temporary directory with one file
// edited.
func copyModule(t *testing.T, file, old, repl string) *TFModule {
	t.Helper()
	src := filepath.Join(root(t), TerraformDir)
	dst := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(src, "*.tf"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if filepath.Base(f) == file {
			if !strings.Contains(s, old) {
				t.Fatalf("%s does not contain %q", file, old)
			}
			s = strings.Replace(s, old, repl, 1)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tfModule(t, dst)
}

func TestTerraformChecksReject(t *testing.T) {
	in := scenarios["same account"]
	t.Run("wildcard resource", func(t *testing.T) {
		m := copyModule(t, "iam.tf", "resources = [local.workgroup_arn]", `resources = ["*"]`)
		e, err := m.Eval(in, tfFacts)
		if err != nil {
			t.Fatal(err)
		}
		stmts, _ := e.Statements()
		mustErr(t, CheckIAM(stmts), `resource "*" for [athena:StartQueryExecution`)
	})
	t.Run("wildcard in an ARN", func(t *testing.T) {
		m := copyModule(t, "iam.tf", `resources = [local.results_bucket_arn]`, `resources = ["arn:aws:s3:::grafana-*"]`)
		e, _ := m.Eval(in, tfFacts)
		stmts, _ := e.Statements()
		mustErr(t, CheckIAM(stmts), `wildcard in resource "arn:aws:s3:::grafana-*"`)
	})
	t.Run("table without grant", func(t *testing.T) {
		m := copyModule(t, "main.tf", `[for s in var.sources_v2 : "amazon_security_lake_table_${local.region_id}_${s}_2_0"]`,
			`[for s in var.sources_v2 : "amazon_security_lake_table_${local.region_id}_${s}_2_0" if s != "waf"]`)
		e, err := m.Eval(in, tfFacts)
		if err != nil {
			t.Fatal(err)
		}
		grants, _ := e.Grants()
		var principals []string
		for _, v := range e.Local("principals").AsValueMap() {
			principals = append(principals, v.AsString())
		}
		mustErr(t, CheckGrants(grants, principals, tfFacts.AccountID, lake.DatabaseName("us-east-1"), expectedTables("us-east-1", allV1())),
			"no SELECT+DESCRIBE on table amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_waf_2_0")
	})
	t.Run("select without describe", func(t *testing.T) {
		m := copyModule(t, "lakeformation.tf", `permissions = ["SELECT", "DESCRIBE"]`, `permissions = ["SELECT"]`)
		e, _ := m.Eval(in, tfFacts)
		grants, _ := e.Grants()
		var principals []string
		for _, v := range e.Local("principals").AsValueMap() {
			principals = append(principals, v.AsString())
		}
		mustErr(t, CheckGrants(grants, principals, tfFacts.AccountID, lake.DatabaseName("us-east-1"), expectedTables("us-east-1", nil)), "no SELECT+DESCRIBE")
	})
}
