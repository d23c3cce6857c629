package provisioning

import (
	"encoding/json"
	"os"
	"testing"
)

// TestInterpolationVectors holds this offline copy of the frontend's raw-SQL
// interpolation to the vectors src/sqlInterpolation.test.ts checks too.
func TestInterpolationVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/interpolation.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Vars  Vars
		Cases []struct{ SQL, Want string }
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) < 10 {
		t.Fatalf("only %d vectors", len(v.Cases))
	}
	for _, c := range v.Cases {
		if got := v.Vars.sql(c.SQL); got != c.Want {
			t.Errorf("%q:\n got %q\nwant %q", c.SQL, got, c.Want)
		}
	}
}
