package sqlbuild_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/gentest"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// matrixDims are a typical dimension and filter per source, as the bundled
// dashboards use them; "a|b" takes the first path the version has.
var matrixDims = map[string]struct {
	group  string
	filter map[string]any
}{
	"cloud_trail_mgmt": {"api.operation", map[string]any{"field": "status", "op": "=", "value": "Failure"}},
	"lambda_execution": {"api.operation", map[string]any{"field": "api.operation", "op": "=", "value": "Invoke"}},
	"s3_data":          {"api.service.name", map[string]any{"field": "api.operation", "op": "starts-with", "value": "Get"}},
	"vpc_flow":         {"action|disposition", map[string]any{"field": "dst_endpoint.port", "op": "=", "value": 22}},
	"route53":          {"query.type", map[string]any{"field": "rcode", "op": "=", "value": "NXDomain"}},
	"sh_findings":      {"severity", map[string]any{"field": "severity_id", "op": ">=", "value": "High"}},
	"eks_audit":        {"api.operation", map[string]any{"field": "api.response.code", "op": ">=", "value": 400}},
	"waf":              {"action", map[string]any{"field": "http_request.http_method", "op": "=", "value": "POST"}},
}

// matrixFormats are the formats of the source × version matrix.
var matrixFormats = []models.Format{models.FormatTimeSeries, models.FormatTable, models.FormatLogs}

func matrixName(s lake.Source, v lake.Version, f models.Format) string {
	return fmt.Sprintf("matrix_%s_v%d_%s", s.Name, int(v), f)
}

// matrixInputs are the golden inputs of the matrix, by file name: every AWS
// source in every version it exists in, in every format.
func matrixInputs(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, s := range lake.Sources {
		dims, ok := matrixDims[s.Name]
		if !ok {
			t.Fatalf("no matrix dimensions for %s", s.Name)
		}
		for _, v := range s.Versions {
			schema, err := ocsf.Default().Schema(v, s.Name)
			if err != nil {
				t.Fatal(err)
			}
			group := firstPresent(t, schema, dims.group)
			for _, f := range matrixFormats {
				q := map[string]any{"refId": "A", "format": f, "source": s.Name}
				switch f {
				case models.FormatTimeSeries:
					q["groupBy"] = []string{group}
					q["timeBucket"] = "auto"
					q["filters"] = []any{dims.filter}
					q["accounts"] = []string{"111122223333", "444455556666"}
				case models.FormatTable:
					q["regions"] = []string{"us-east-1"}
				case models.FormatLogs:
					q["filters"] = []any{dims.filter}
					q["limit"] = 500
				}
				c := map[string]any{
					"table":         map[string]any{"source": s.Name, "version": int(v), "region": "us-east-1"},
					"range":         map[string]string{"from": "2024-03-01T00:00:00Z", "to": "2024-03-02T00:00:00Z"},
					"interval":      "30s",
					"maxDataPoints": 1000,
					"rowLimit":      10000,
					"query":         q,
				}
				raw, err := json.MarshalIndent(c, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				files[matrixName(s, v, f)+".json"] = append(raw, '\n')
			}
		}
	}
	return files
}

// TestMatrixInputs is the drift test of the matrix inputs: the committed
// testdata/matrix_*.json are exactly what matrixInputs writes (14 tables ×
// 3 formats = 42 cases, nothing stale beside them). With -update (run by go
// generate ./pkg/sqlbuild) it rewrites them; TestGolden then covers them as
// ordinary golden cases.
func TestMatrixInputs(t *testing.T) {
	files := matrixInputs(t)
	if len(files) != 42 {
		t.Errorf("matrix has %d cases, want 42", len(files))
	}
	committed, err := filepath.Glob(filepath.Join("testdata", "matrix_*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range committed {
		if _, ok := files[filepath.Base(path)]; ok {
			continue
		}
		if *update {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			_ = os.Remove(strings.TrimSuffix(path, ".json") + ".sql")
			_ = os.Remove(strings.TrimSuffix(path, ".json") + ".err")
			continue
		}
		t.Errorf("%s is no matrix case; run `go generate ./pkg/sqlbuild` to remove it", path)
	}
	for name, b := range files {
		if *update {
			if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		gentest.Check(t, "pkg/sqlbuild/testdata/"+name, b, "go generate ./pkg/sqlbuild")
	}
}

func firstPresent(t *testing.T, s *ocsf.Schema, alternatives string) string {
	t.Helper()
	for _, p := range strings.Split(alternatives, "|") {
		if _, ok := s.Field(p); ok {
			return p
		}
	}
	t.Fatalf("%s v%d has none of %s", s.Source, s.Version, alternatives)
	return ""
}
