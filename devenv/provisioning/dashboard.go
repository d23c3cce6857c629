package provisioning

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/internal/repo"
)

// PluginID is the datasource plugin's id (src/plugin.json).
const PluginID = "seclake-securitylake-datasource"

// DatasourceRef is a panel's, target's or variable's datasource.
type DatasourceRef struct {
	Type string `json:"type,omitempty"`
	UID  string `json:"uid,omitempty"`
}

// GridPos places a panel on the dashboard's 24-column grid.
type GridPos struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// Panel is the part of a dashboard panel the checks read. Rows hold their
// collapsed panels in Panels.
type Panel struct {
	ID          int               `json:"id"`
	Type        string            `json:"type"`
	Title       string            `json:"title"`
	Description string            `json:"description,omitempty"`
	GridPos     *GridPos          `json:"gridPos"`
	Datasource  *DatasourceRef    `json:"datasource,omitempty"`
	Targets     []json.RawMessage `json:"targets,omitempty"`
	FieldConfig *FieldConfig      `json:"fieldConfig,omitempty"`
	Options     json.RawMessage   `json:"options,omitempty"`
	Panels      []Panel           `json:"panels,omitempty"`
}

// FieldConfig holds the defaults and overrides of a panel's fields; only the
// data links are read.
type FieldConfig struct {
	Defaults struct {
		Links []Link `json:"links,omitempty"`
	} `json:"defaults"`
	Overrides []struct {
		Matcher struct {
			ID      string `json:"id"`
			Options any    `json:"options"`
		} `json:"matcher"`
		Properties []struct {
			ID    string          `json:"id"`
			Value json.RawMessage `json:"value"`
		} `json:"properties"`
	} `json:"overrides"`
}

// Link is a data link or dashboard link.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Links returns every data link of the panel: the defaults' and those set
// by overrides.
func (p Panel) Links() []Link {
	if p.FieldConfig == nil {
		return nil
	}
	out := append([]Link(nil), p.FieldConfig.Defaults.Links...)
	for _, o := range p.FieldConfig.Overrides {
		for _, prop := range o.Properties {
			if prop.ID != "links" {
				continue
			}
			var ls []Link
			if json.Unmarshal(prop.Value, &ls) == nil {
				out = append(out, ls...)
			}
		}
	}
	return out
}

// LinkFields returns the field names that field overrides give data links
// (matcher byName).
func (p Panel) LinkFields() []string {
	if p.FieldConfig == nil {
		return nil
	}
	var out []string
	for _, o := range p.FieldConfig.Overrides {
		name, ok := o.Matcher.Options.(string)
		if o.Matcher.ID != "byName" || !ok {
			continue
		}
		for _, prop := range o.Properties {
			if prop.ID == "links" {
				out = append(out, name)
			}
		}
	}
	return out
}

// Current is a variable's saved selection; Value is a string or a list.
type Current struct {
	Text  any `json:"text"`
	Value any `json:"value"`
}

// Values returns the selected values as strings.
func (c Current) Values() []string {
	switch v := c.Value.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// Option is one choice of a custom variable.
type Option struct {
	Text     string `json:"text"`
	Value    string `json:"value"`
	Selected bool   `json:"selected"`
}

// Variable is a dashboard template variable.
type Variable struct {
	Name       string          `json:"name"`
	Label      string          `json:"label,omitempty"`
	Type       string          `json:"type"`
	Datasource *DatasourceRef  `json:"datasource,omitempty"`
	Query      json.RawMessage `json:"query,omitempty"`
	Current    Current         `json:"current"`
	Options    []Option        `json:"options,omitempty"`
	Multi      bool            `json:"multi,omitempty"`
	IncludeAll bool            `json:"includeAll,omitempty"`
	Refresh    int             `json:"refresh,omitempty"`
	Hide       int             `json:"hide,omitempty"`
}

// QueryString returns Query when it is a plain string (datasource, custom
// and textbox variables store their query as text).
func (v Variable) QueryString() string {
	var s string
	if json.Unmarshal(v.Query, &s) == nil {
		return s
	}
	return ""
}

// Dashboard is the part of a dashboard JSON the checks read.
type Dashboard struct {
	// File is the path the dashboard was loaded from.
	File          string   `json:"-"`
	UID           string   `json:"uid"`
	Title         string   `json:"title"`
	Description   string   `json:"description,omitempty"`
	Tags          []string `json:"tags,omitempty"`
	SchemaVersion int      `json:"schemaVersion"`
	Editable      bool     `json:"editable"`
	Time          struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"time"`
	Templating struct {
		List []Variable `json:"list"`
	} `json:"templating"`
	Panels      []Panel `json:"panels"`
	Links       []Link  `json:"links,omitempty"`
	Annotations struct {
		List []Annotation `json:"list"`
	} `json:"annotations"`
}

// Annotation is a dashboard annotation query; BuiltIn marks Grafana's own
// "Annotations & Alerts".
type Annotation struct {
	Name       string          `json:"name"`
	BuiltIn    int             `json:"builtIn,omitempty"`
	Datasource *DatasourceRef  `json:"datasource,omitempty"`
	Enable     bool            `json:"enable"`
	Target     json.RawMessage `json:"target,omitempty"`
}

// Variable returns the variable with the given name.
func (d *Dashboard) Variable(name string) (Variable, bool) {
	for _, v := range d.Templating.List {
		if v.Name == name {
			return v, true
		}
	}
	return Variable{}, false
}

// AllPanels returns the panels in order, with the panels of collapsed rows
// after their row.
func (d *Dashboard) AllPanels() []Panel {
	var out []Panel
	for _, p := range d.Panels {
		out = append(out, p)
		out = append(out, p.Panels...)
	}
	return out
}

// LoadDashboard reads one dashboard JSON file.
func LoadDashboard(path string) (*Dashboard, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d Dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.File = path
	return &d, nil
}

// LoadDashboards reads every *.json file of dir, sorted by file name.
func LoadDashboards(dir string) ([]*Dashboard, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no dashboards in %s", dir)
	}
	sort.Strings(paths)
	out := make([]*Dashboard, 0, len(paths))
	for _, p := range paths {
		d, err := LoadDashboard(p)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// RepoRoot finds the repository root (the directory holding go.mod) from
// the working directory upwards.
func RepoRoot() (string, error) { return repo.Root() }

// Paths of the provisioning artefacts, relative to the repository root.
const (
	DashboardsDir  = "src/dashboards"
	DatasourcesDir = "provisioning/datasources"
	ProvidersDir   = "provisioning/dashboards"
	AlertingDir    = "provisioning/alerting"
	// AlertingV1Dir holds the lake version 1 variants of the alert rules.
	AlertingV1Dir = "provisioning/alerting-v1"
	TerraformDir  = "provisioning/terraform"
	ComposeFile   = "docker-compose.yaml"
	DocsDir       = "docs"
	PluginJSON    = "src/plugin.json"
)

// TargetRef names a target for messages: dashboard, panel and refId.
func TargetRef(d *Dashboard, p Panel, refID string) string {
	return fmt.Sprintf("%s / %q / %s", strings.TrimSuffix(filepath.Base(d.File), ".json"), p.Title, refID)
}
