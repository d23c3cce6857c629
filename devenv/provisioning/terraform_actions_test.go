package provisioning

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// TestTerraformAllowsEveryAthenaCall ties the module's query policy to the
// plugin: every Athena operation the plugin calls (the methods of
// athena.API, which the config editor's list routes extend) is an action
// of provisioning/terraform/iam.tf, so a new call cannot ship without its
// permission.
func TestTerraformAllowsEveryAthenaCall(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root(t), TerraformDir, "iam.tf"))
	if err != nil {
		t.Fatal(err)
	}
	policy := string(b)
	api := reflect.TypeFor[athena.API]()
	if api.NumMethod() < 10 {
		t.Fatalf("athena.API has %d methods; expected the plugin's Athena calls", api.NumMethod())
	}
	for i := range api.NumMethod() {
		action := `"athena:` + api.Method(i).Name + `"`
		if !strings.Contains(policy, action) {
			t.Errorf("iam.tf does not allow %s, which the plugin calls", action)
		}
	}
}
