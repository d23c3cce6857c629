package provisioning

import (
	"fmt"
	"path/filepath"
)

// DatasourceFile is a Grafana datasource provisioning file (apiVersion 1),
// with the keys of Grafana's configsV1.
type DatasourceFile struct {
	// File is the path the file was loaded from.
	File              string               `yaml:"-"`
	APIVersion        int                  `yaml:"apiVersion"`
	Datasources       []DatasourceConfig   `yaml:"datasources"`
	DeleteDatasources []DeleteDatasourceV1 `yaml:"deleteDatasources"`
	Prune             bool                 `yaml:"prune"`
}

// DeleteDatasourceV1 is a deleteDatasources entry.
type DeleteDatasourceV1 struct {
	Name    string `yaml:"name"`
	OrgID   int    `yaml:"orgId"`
	OrgName string `yaml:"orgName"`
}

// DatasourceConfig is one provisioned datasource (upsertDataSourceFromConfigV1).
type DatasourceConfig struct {
	OrgID           int               `yaml:"orgId"`
	OrgName         string            `yaml:"orgName"`
	Version         int               `yaml:"version"`
	Name            string            `yaml:"name"`
	Type            string            `yaml:"type"`
	Access          string            `yaml:"access"`
	URL             string            `yaml:"url"`
	User            string            `yaml:"user"`
	Database        string            `yaml:"database"`
	BasicAuth       bool              `yaml:"basicAuth"`
	BasicAuthUser   string            `yaml:"basicAuthUser"`
	WithCredentials bool              `yaml:"withCredentials"`
	IsDefault       bool              `yaml:"isDefault"`
	Correlations    []map[string]any  `yaml:"correlations"`
	JSONData        map[string]any    `yaml:"jsonData"`
	SecureJSONData  map[string]string `yaml:"secureJsonData"`
	Editable        bool              `yaml:"editable"`
	UID             string            `yaml:"uid"`
}

// Expanded returns jsonData and secureJsonData with environment variables
// interpolated through lookup, as Grafana stores them.
func (c DatasourceConfig) Expanded(lookup func(string) (string, bool)) (map[string]any, map[string]string) {
	js, _ := expandAny(c.JSONData, lookup).(map[string]any)
	sec := make(map[string]string, len(c.SecureJSONData))
	for k, v := range c.SecureJSONData {
		sec[k] = ExpandEnv(v, lookup)
	}
	return js, sec
}

// LoadDatasourceFiles reads every YAML file of a datasources directory.
func LoadDatasourceFiles(dir string) ([]*DatasourceFile, error) {
	paths, err := yamlFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []*DatasourceFile
	for _, p := range paths {
		var f DatasourceFile
		if err := readYAML(p, &f); err != nil {
			return nil, err
		}
		f.File = p
		out = append(out, &f)
	}
	return out, nil
}

// ProviderFile is a dashboards provider file (apiVersion 1).
type ProviderFile struct {
	File       string     `yaml:"-"`
	APIVersion int        `yaml:"apiVersion"`
	Providers  []Provider `yaml:"providers"`
}

// Provider is one dashboards provider (Grafana's configV1 of dashboards).
type Provider struct {
	Name                  string `yaml:"name"`
	Type                  string `yaml:"type"`
	OrgID                 int    `yaml:"orgId"`
	Folder                string `yaml:"folder"`
	FolderUID             string `yaml:"folderUid"`
	Editable              bool   `yaml:"editable"`
	DisableDeletion       bool   `yaml:"disableDeletion"`
	UpdateIntervalSeconds int    `yaml:"updateIntervalSeconds"`
	AllowUIUpdates        bool   `yaml:"allowUiUpdates"`
	Options               struct {
		Path                      string `yaml:"path"`
		FoldersFromFilesStructure bool   `yaml:"foldersFromFilesStructure"`
	} `yaml:"options"`
}

// LoadProviderFiles reads every YAML file of a dashboards provider directory.
func LoadProviderFiles(dir string) ([]*ProviderFile, error) {
	paths, err := yamlFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []*ProviderFile
	for _, p := range paths {
		var f ProviderFile
		if err := readYAML(p, &f); err != nil {
			return nil, err
		}
		f.File = p
		out = append(out, &f)
	}
	return out, nil
}

// CheckDatasourceFiles checks the provisioned datasources: apiVersion 1,
// this plugin's type, proxy access, a uid, no literal secret (every
// secureJsonData value must come from an environment variable), and at most
// one default per file. It returns the uids, keyed by file base name.
func CheckDatasourceFiles(files []*DatasourceFile) (map[string][]string, []error) {
	var errs []error
	uids := map[string][]string{}
	fail := func(f *DatasourceFile, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{filepath.Base(f.File)}, a...)...))
	}
	for _, f := range files {
		if f.APIVersion != 1 {
			fail(f, "apiVersion must be 1, got %d", f.APIVersion)
		}
		if len(f.Datasources) == 0 {
			fail(f, "no datasources")
		}
		defaults := 0
		for _, ds := range f.Datasources {
			if ds.Type != PluginID {
				fail(f, "datasource %q has type %q, want %s", ds.Name, ds.Type, PluginID)
			}
			if ds.UID == "" || ds.Name == "" {
				fail(f, "datasource %q needs a name and a fixed uid (the dashboards and alert rules use it)", ds.Name)
			}
			if ds.Access != "proxy" {
				fail(f, "datasource %q: access must be proxy (backend plugin), got %q", ds.Name, ds.Access)
			}
			if ds.IsDefault {
				defaults++
			}
			for k, v := range ds.SecureJSONData {
				if len(EnvRefs(v)) == 0 {
					fail(f, "datasource %q: secureJsonData.%s is a literal; take it from an environment variable", ds.Name, k)
				}
			}
			uids[filepath.Base(f.File)] = append(uids[filepath.Base(f.File)], ds.UID)
		}
		if defaults > 1 {
			fail(f, "more than one default datasource")
		}
	}
	return uids, errs
}
