package e2e

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestConfigListsOnTheReplica asks the config editor's list routes through
// the plugin binary and athena-local: the catalog, the lake databases of
// the replica and its workgroups, as the editor shows them.
func TestConfigListsOnTheReplica(t *testing.T) {
	s := stack(t)
	ds := s.DS("us-east-1", "", nil)
	names := func(path string) []string {
		t.Helper()
		status, _, body, err := s.Host.CallResource(t.Context(), ds, "GET", path, nil)
		if err != nil || status != 200 {
			t.Fatalf("%s: %d %v %s", path, status, err, body)
		}
		var items []struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(body, &items); err != nil {
			t.Fatalf("%s: %v in %s", path, err, body)
		}
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = it.Name
		}
		return out
	}
	if cats := names("catalogs"); !slices.Contains(cats, "AwsDataCatalog") {
		t.Fatalf("catalogs = %v", cats)
	}
	dbs := names("databases?catalog=AwsDataCatalog")
	if !slices.Contains(dbs, "amazon_security_lake_glue_db_us_east_1") || !slices.IsSorted(dbs) {
		t.Fatalf("databases = %v", dbs)
	}
	if wgs := names("workgroups"); len(wgs) == 0 || !slices.Contains(wgs, "primary") {
		t.Fatalf("workgroups = %v", wgs)
	}
	status, _, body, err := s.Host.CallResource(t.Context(), ds, "GET", "databases?catalog=no_such_catalog", nil)
	if err != nil || status != 400 {
		t.Fatalf("unknown catalog: %d %v %s", status, err, body)
	}
}
