package e2e

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
)

// ReplicaDatasourceFile is the provisioning file of the local replica's
// datasource, relative to the repository root.
const ReplicaDatasourceFile = "provisioning/datasources/securitylake-replica.yaml"

// ReplicaEnv is the environment the replica datasource file expects, with
// athena-local at this stack's address (Grafana would read it from its own
// environment when it provisions the file).
func (s *Stack) ReplicaEnv() map[string]string {
	return map[string]string{
		"SECLAKE_ATHENA_ENDPOINT":    s.URL,
		"SECLAKE_REPLICA_ACCESS_KEY": "AKIALOCALREPLICA0001",
		"SECLAKE_REPLICA_SECRET_KEY": "local/replica/secret",
	}
}

// ProvisionedDS is the datasource that provisioning/datasources/
// securitylake-replica.yaml provisions, with its environment variables
// expanded as Grafana expands them, for a Region (the file's own Region
// when empty). Each call gets a fresh instance uid.
func (s *Stack) ProvisionedDS(region string) (grafanahost.DS, error) {
	root, err := grafanahost.RepoRoot()
	if err != nil {
		return grafanahost.DS{}, err
	}
	files, err := provisioning.LoadDatasourceFiles(filepath.Join(root, filepath.Dir(ReplicaDatasourceFile)))
	if err != nil {
		return grafanahost.DS{}, err
	}
	env := s.ReplicaEnv()
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for _, f := range files {
		if filepath.Base(f.File) != filepath.Base(ReplicaDatasourceFile) {
			continue
		}
		c := f.Datasources[0]
		js, sec := c.Expanded(lookup)
		if region != "" {
			js["defaultRegion"] = region
		}
		return grafanahost.DS{UID: fmt.Sprintf("%s-%s-%d", c.UID, js["defaultRegion"], dsSeq()), Name: c.Name,
			JSONData: js, DecryptedSecureJSONData: sec}, nil
	}
	return grafanahost.DS{}, fmt.Errorf("%s not found", ReplicaDatasourceFile)
}

// FrameKind classifies a frame for shape checks: "timeseries", "logs" or
// "table".
func FrameKind(f *data.Frame) string {
	if f.Meta != nil {
		switch f.Meta.Type {
		case data.FrameTypeLogLines:
			return "logs"
		case data.FrameTypeTimeSeriesWide, data.FrameTypeTimeSeriesLong, data.FrameTypeTimeSeriesMulti:
			return "timeseries"
		}
	}
	return "table"
}

// DataScanned reads the "Data scanned" statistic the plugin puts on frames;
// ok is false when the frame has none.
func DataScanned(f *data.Frame) (bytes float64, ok bool) {
	if f.Meta == nil {
		return 0, false
	}
	for _, s := range f.Meta.Stats {
		if strings.EqualFold(s.DisplayName, "Data scanned") {
			return s.Value, true
		}
	}
	return 0, false
}
