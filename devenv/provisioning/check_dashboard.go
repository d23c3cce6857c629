package provisioning

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// DatasourceVar is the datasource variable every bundled dashboard has; its
// default is the provisioned uid.
const DatasourceVar = "datasource"

// VersionVar is the lake version variable ("2" or "1").
const VersionVar = "version"

// Target is a decoded panel target with its raw JSON.
type Target struct {
	RefID      string         `json:"refId"`
	Datasource *DatasourceRef `json:"datasource"`
	Hide       bool           `json:"hide"`
	Raw        json.RawMessage
}

// DecodedTargets decodes a panel's targets.
func (p Panel) DecodedTargets() ([]Target, error) {
	out := make([]Target, 0, len(p.Targets))
	for _, raw := range p.Targets {
		var t Target
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, err
		}
		t.Raw = raw
		out = append(out, t)
	}
	return out, nil
}

// VarsFor returns the values of a dashboard's variables: each variable's
// saved current value, replaced by overrides where given (query variables
// are saved without a value; the caller supplies real ones).
func VarsFor(d *Dashboard, overrides Vars) Vars {
	vs := Vars{}
	for _, v := range d.Templating.List {
		val := VarValue{Values: v.Current.Values(), Multi: v.Multi || v.IncludeAll}
		if o, ok := overrides[v.Name]; ok {
			val.Values = o.Values
		}
		vs[v.Name] = val
	}
	return vs
}

// TargetVersions returns the lake versions a target runs with: every option
// of the version variable when the target uses it, else just "" (the target
// names its version or uses the datasource's).
func TargetVersions(d *Dashboard, raw json.RawMessage) []string {
	if !slices.Contains(VarNames(string(raw)), VersionVar) {
		return []string{""}
	}
	v, ok := d.Variable(VersionVar)
	if !ok {
		return []string{""}
	}
	var out []string
	for _, o := range v.Options {
		out = append(out, o.Value)
	}
	return out
}

// DashboardChecker checks bundled dashboards.
type DashboardChecker struct {
	// KnownUIDs are the provisioned datasource uids.
	KnownUIDs map[string]bool
	// Queries checks each target after interpolation.
	Queries QueryChecker
	// Samples are the variable values used to interpolate targets offline
	// (account, region, entity…).
	Samples Vars
}

// Check checks every dashboard and the links between them.
func (c DashboardChecker) Check(ds []*Dashboard) []error {
	var errs []error
	byUID := map[string]*Dashboard{}
	for _, d := range ds {
		if byUID[d.UID] != nil {
			errs = append(errs, fmt.Errorf("%s: uid %q used twice", d.File, d.UID))
		}
		byUID[d.UID] = d
	}
	for _, d := range ds {
		name := strings.TrimSuffix(filepath.Base(d.File), ".json")
		for _, err := range c.checkOne(d, byUID) {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	return errs
}

func (c DashboardChecker) checkOne(d *Dashboard, byUID map[string]*Dashboard) []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if d.UID == "" || len(d.UID) > 40 || d.Title == "" {
		add("needs a title and a uid of at most 40 characters")
	}
	if d.SchemaVersion < MinSchemaVersion {
		add("schemaVersion %d is older than %d", d.SchemaVersion, MinSchemaVersion)
	}
	if d.Time.From == "" || d.Time.To == "" {
		add("needs a default time range")
	}
	names := map[string]bool{}
	for _, v := range d.Templating.List {
		if names[v.Name] || v.Name == "" {
			add("variable %q is duplicated or unnamed", v.Name)
		}
		names[v.Name] = true
		if !VariableTypes[v.Type] {
			add("variable %q has unknown type %q", v.Name, v.Type)
		}
	}
	if dv, ok := d.Variable(DatasourceVar); !ok || dv.Type != "datasource" || dv.QueryString() != PluginID {
		add("needs a datasource variable %q of type datasource over %s", DatasourceVar, PluginID)
	} else if cur := dv.Current.Values(); len(cur) != 1 || !c.KnownUIDs[cur[0]] {
		add("the datasource variable's default %v is not a provisioned uid", cur)
	}
	for _, v := range d.Templating.List {
		if v.Type == "query" {
			errs = append(errs, c.checkRef(v.Datasource, "variable "+v.Name, names)...)
			for _, err := range c.checkTarget(d, v.Query) {
				add("variable %s: %w", v.Name, err)
			}
		}
	}
	for _, a := range d.Annotations.List {
		if a.BuiltIn != 0 {
			continue
		}
		errs = append(errs, c.checkRef(a.Datasource, "annotation "+a.Name, names)...)
		var f struct {
			Format string `json:"format"`
		}
		if err := json.Unmarshal(a.Target, &f); err != nil || f.Format != "table" {
			add("annotation %q: the target must be a table query (time, title, text, tags columns)", a.Name)
		}
		for _, err := range c.checkTarget(d, a.Target) {
			add("annotation %q: %w", a.Name, err)
		}
	}
	errs = append(errs, c.checkLayout(d, names, byUID)...)
	return errs
}

// checkRef checks a datasource reference: this plugin, a provisioned uid or
// the datasource variable.
func (c DashboardChecker) checkRef(ref *DatasourceRef, where string, names map[string]bool) []error {
	if ref == nil {
		return []error{fmt.Errorf("%s has no datasource", where)}
	}
	if ref.Type != PluginID {
		return []error{fmt.Errorf("%s: datasource type %q is not %s", where, ref.Type, PluginID)}
	}
	if c.KnownUIDs[ref.UID] {
		return nil
	}
	if vs := VarNames(ref.UID); len(vs) == 1 && vs[0] == DatasourceVar && names[DatasourceVar] {
		return nil
	}
	return []error{fmt.Errorf("%s: unknown datasource uid %q", where, ref.UID)}
}

// checkTarget interpolates a target with the sample values for each lake
// version it can run with and checks the result.
func (c DashboardChecker) checkTarget(d *Dashboard, raw json.RawMessage) []error {
	var errs []error
	for _, v := range TargetVersions(d, raw) {
		samples := Vars{}
		for k, x := range c.Samples {
			samples[k] = x
		}
		if v != "" {
			samples[VersionVar] = VarValue{Values: []string{v}}
		}
		b, err := Interpolate(raw, VarsFor(d, samples))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := c.Queries.Check(b); err != nil {
			errs = append(errs, fmt.Errorf("version %q: %w", v, err))
		}
	}
	return errs
}

func (c DashboardChecker) checkLayout(d *Dashboard, names map[string]bool, byUID map[string]*Dashboard) []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	ids := map[int]bool{}
	var placed []Panel
	for _, p := range d.AllPanels() {
		if p.ID <= 0 || ids[p.ID] {
			add("panel %q: id %d is missing or not unique", p.Title, p.ID)
		}
		ids[p.ID] = true
		if !PanelTypes[p.Type] {
			add("panel %q: unknown panel type %q", p.Title, p.Type)
		}
		g := p.GridPos
		if g == nil || g.W < 1 || g.H < 1 || g.X < 0 || g.Y < 0 || g.X+g.W > 24 {
			add("panel %q: gridPos %+v is not on the 24-column grid", p.Title, g)
		} else {
			for _, o := range placed {
				og := o.GridPos
				if g.X < og.X+og.W && og.X < g.X+g.W && g.Y < og.Y+og.H && og.Y < g.Y+g.H {
					add("panels %q and %q overlap", p.Title, o.Title)
				}
			}
			placed = append(placed, p)
		}
		for _, n := range VarNames(p.Title + " " + p.Description) {
			if !names[n] && !BuiltinVariables[n] {
				add("panel %q refers to unknown variable $%s", p.Title, n)
			}
		}
		if p.Type == "row" || p.Type == "text" {
			continue
		}
		errs = append(errs, c.checkPanelTargets(d, p, names)...)
		for _, l := range p.Links() {
			if err := checkLink(l, byUID); err != nil {
				add("panel %q: %w", p.Title, err)
			}
		}
	}
	for _, l := range d.Links {
		if l.URL == "" {
			continue // a "dashboards" link lists dashboards by tag
		}
		if err := checkLink(l, byUID); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func (c DashboardChecker) checkPanelTargets(d *Dashboard, p Panel, names map[string]bool) []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	errs = append(errs, c.checkRef(p.Datasource, fmt.Sprintf("panel %q", p.Title), names)...)
	ts, err := p.DecodedTargets()
	if err != nil {
		return append(errs, fmt.Errorf("panel %q: targets: %w", p.Title, err))
	}
	if len(ts) == 0 {
		return append(errs, fmt.Errorf("panel %q has no targets", p.Title))
	}
	refs := map[string]bool{}
	for _, t := range ts {
		if t.RefID == "" || refs[t.RefID] {
			add("panel %q: refId %q is missing or repeated", p.Title, t.RefID)
		}
		refs[t.RefID] = true
		errs = append(errs, c.checkRef(t.Datasource, fmt.Sprintf("panel %q target %s", p.Title, t.RefID), names)...)
		for _, n := range VarNames(string(t.Raw)) {
			if !names[n] && !BuiltinVariables[n] {
				add("panel %q target %s refers to unknown variable $%s", p.Title, t.RefID, n)
			}
		}
		var f struct {
			Format string `json:"format"`
		}
		_ = json.Unmarshal(t.Raw, &f)
		if want := FormatFor[p.Type]; want != nil && !slices.Contains(want, f.Format) {
			add("panel %q (%s) target %s has format %q, want one of %v", p.Title, p.Type, t.RefID, f.Format, want)
		}
		for _, err := range c.checkTarget(d, t.Raw) {
			add("panel %q target %s: %w", p.Title, t.RefID, err)
		}
	}
	return errs
}

// dashLinkRe reads a link to a dashboard: /d/<uid>[/<slug>][?query].
var dashLinkRe = regexp.MustCompile(`^/d/([A-Za-z0-9_-]+)(?:/[^?]*)?(?:\?(.*))?$`)

// checkLink checks a data or dashboard link to a bundled dashboard: the
// uid exists and every var-<name> it sets is a variable there.
func checkLink(l Link, byUID map[string]*Dashboard) error {
	m := dashLinkRe.FindStringSubmatch(l.URL)
	if m == nil {
		return fmt.Errorf("link %q: %q is not a link to a bundled dashboard (/d/<uid>?…)", l.Title, l.URL)
	}
	target := byUID[m[1]]
	if target == nil {
		return fmt.Errorf("link %q: no bundled dashboard has uid %q", l.Title, m[1])
	}
	for _, part := range strings.Split(m[2], "&") {
		k, _, _ := strings.Cut(part, "=")
		if name, ok := strings.CutPrefix(k, "var-"); ok {
			if _, ok := target.Variable(name); !ok {
				return fmt.Errorf("link %q sets var-%s, which %s does not have", l.Title, name, target.UID)
			}
		}
		if vs := VarNames(k); len(vs) == 1 && strings.HasSuffix(k, ":queryparam}") {
			if _, ok := target.Variable(vs[0]); !ok {
				return fmt.Errorf("link %q passes $%s, which %s does not have", l.Title, vs[0], target.UID)
			}
		}
	}
	if _, err := url.Parse(l.URL); err != nil {
		return fmt.Errorf("link %q: %w", l.Title, err)
	}
	return nil
}
