package provisioning

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// ExprDatasourceUID is the datasource uid of Grafana's server-side
// expressions (math, reduce, threshold, …).
const ExprDatasourceUID = "__expr__"

// AlertFile is a Grafana alerting provisioning file (apiVersion 1). Only
// rule groups are used here; the other top-level keys Grafana accepts are
// declared so that the strict decoder knows them.
type AlertFile struct {
	File                string      `yaml:"-"`
	APIVersion          int         `yaml:"apiVersion"`
	Groups              []RuleGroup `yaml:"groups"`
	DeleteRules         []any       `yaml:"deleteRules"`
	ContactPoints       []any       `yaml:"contactPoints"`
	DeleteContactPoints []any       `yaml:"deleteContactPoints"`
	Policies            []any       `yaml:"policies"`
	ResetPolicies       []any       `yaml:"resetPolicies"`
	Templates           []any       `yaml:"templates"`
	DeleteTemplates     []any       `yaml:"deleteTemplates"`
	MuteTimes           []any       `yaml:"muteTimes"`
	DeleteMuteTimes     []any       `yaml:"deleteMuteTimes"`
}

// RuleGroup is an alert rule group (Grafana's AlertRuleGroupV1).
type RuleGroup struct {
	OrgID    int    `yaml:"orgId"`
	Name     string `yaml:"name"`
	Folder   string `yaml:"folder"`
	Interval string `yaml:"interval"`
	Rules    []Rule `yaml:"rules"`
}

// Rule is an alert rule (Grafana's AlertRuleV1).
type Rule struct {
	UID                  string            `yaml:"uid"`
	Title                string            `yaml:"title"`
	Condition            string            `yaml:"condition"`
	Data                 []RuleQuery       `yaml:"data"`
	DashboardUID         string            `yaml:"dashboardUid"`
	PanelID              int               `yaml:"panelId"`
	NoDataState          string            `yaml:"noDataState"`
	ExecErrState         string            `yaml:"execErrState"`
	For                  string            `yaml:"for"`
	KeepFiringFor        string            `yaml:"keepFiringFor"`
	Annotations          map[string]string `yaml:"annotations"`
	Labels               map[string]string `yaml:"labels"`
	IsPaused             bool              `yaml:"isPaused"`
	NotificationSettings map[string]any    `yaml:"notification_settings"`
}

// RuleQuery is one entry of a rule's data: a datasource query or an
// expression (Grafana's QueryV1).
type RuleQuery struct {
	RefID             string `yaml:"refId"`
	QueryType         string `yaml:"queryType"`
	RelativeTimeRange struct {
		From int `yaml:"from"`
		To   int `yaml:"to"`
	} `yaml:"relativeTimeRange"`
	DatasourceUID string         `yaml:"datasourceUid"`
	Model         map[string]any `yaml:"model"`
}

// Window is the query's relative time range as durations before "now".
func (q RuleQuery) Window() (from, to time.Duration) {
	return time.Duration(q.RelativeTimeRange.From) * time.Second, time.Duration(q.RelativeTimeRange.To) * time.Second
}

// ModelJSON is the query model as JSON, as Grafana sends it to the plugin.
func (q RuleQuery) ModelJSON() ([]byte, error) { return json.Marshal(q.Model) }

// Query returns the rule's datasource query (the data entry that is not an
// expression); rules here have exactly one.
func (r Rule) Query() (RuleQuery, bool) {
	for _, d := range r.Data {
		if d.DatasourceUID != ExprDatasourceUID {
			return d, true
		}
	}
	return RuleQuery{}, false
}

// LoadAlertFiles reads every YAML file of an alerting directory.
func LoadAlertFiles(dir string) ([]*AlertFile, error) {
	paths, err := yamlFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []*AlertFile
	for _, p := range paths {
		var f AlertFile
		if err := readYAML(p, &f); err != nil {
			return nil, err
		}
		f.File = p
		out = append(out, &f)
	}
	return out, nil
}

// AllRules returns every rule with its group.
func AllRules(files []*AlertFile) []GroupRule {
	var out []GroupRule
	for _, f := range files {
		for _, g := range f.Groups {
			for _, r := range g.Rules {
				out = append(out, GroupRule{Group: g, Rule: r, File: f.File})
			}
		}
	}
	return out
}

// GroupRule is a rule with the group and file it belongs to.
type GroupRule struct {
	Group RuleGroup
	Rule  Rule
	File  string
}

// uidRe is what Grafana accepts as an alert rule uid (at most 40
// characters of letters, digits, - and _).
var uidRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// maxWindow bounds a rule query's look-back: every query scans at most this
// much of the lake per evaluation.
const maxWindow = 6 * 3600

// CheckAlertFiles checks the rules against what this repository promises:
// apiVersion 1; groups with a folder and a 5 minute interval; unique uids;
// one datasource query on a known uid with a bounded relative range that
// parses into the query model and returns a series (time_series builder
// query, or SQL); then a reduce and a threshold expression; the condition is
// the threshold; noDataState OK (Alerting, with execErrState Alerting, for
// the lake-health rules, labelled kind: lake-health); summary, description and runbook_url
// annotations and a severity label.
func CheckAlertFiles(files []*AlertFile, knownUIDs map[string]bool) []error {
	var errs []error
	seen := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f.File)
		if f.APIVersion != 1 {
			errs = append(errs, fmt.Errorf("%s: apiVersion must be 1", name))
		}
		for _, g := range f.Groups {
			if g.Folder == "" || g.Name == "" {
				errs = append(errs, fmt.Errorf("%s: group %q needs a name and a folder", name, g.Name))
			}
			if g.Interval != "5m" {
				errs = append(errs, fmt.Errorf("%s: group %q evaluates every %q, want 5m", name, g.Name, g.Interval))
			}
			for _, r := range g.Rules {
				if seen[r.UID] {
					errs = append(errs, fmt.Errorf("%s: duplicate rule uid %q", name, r.UID))
				}
				seen[r.UID] = true
				for _, err := range checkRule(r, knownUIDs) {
					errs = append(errs, fmt.Errorf("%s: rule %q: %w", name, r.Title, err))
				}
			}
		}
	}
	return errs
}

func checkRule(r Rule, knownUIDs map[string]bool) []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !uidRe.MatchString(r.UID) || r.Title == "" {
		add("needs a title and a uid of at most 40 letters, digits, - or _ (got %q)", r.UID)
	}
	switch {
	case r.Labels["kind"] == "lake-health":
		// The lake-health rules watch the lake itself: silence is what
		// they report.
		if r.NoDataState != "Alerting" || r.ExecErrState != "Alerting" {
			add("a lake-health rule must alert on no data and on errors, got noDataState %q, execErrState %q", r.NoDataState, r.ExecErrState)
		}
	case r.NoDataState != "OK":
		add("noDataState must be OK (a quiet lake is not an incident), got %q", r.NoDataState)
	}
	switch r.ExecErrState {
	case "Error", "Alerting", "OK", "KeepLast":
	default:
		add("execErrState %q is not a Grafana state", r.ExecErrState)
	}
	for _, k := range []string{"summary", "description", "runbook_url"} {
		if strings.TrimSpace(r.Annotations[k]) == "" {
			add("annotation %s is missing", k)
		}
	}
	if r.Labels["severity"] == "" {
		add("label severity is missing")
	}
	for k, v := range r.Annotations {
		if strings.Contains(v, "$labels") || strings.Contains(v, "$values") {
			// Grafana interpolates environment variables in annotations
			// before templating; write {{ index .Labels "x" }} instead.
			add("annotation %s uses $labels/$values, which Grafana's env interpolation can eat; use .Labels / .Values", k)
		}
	}
	q, ok := r.Query()
	if !ok {
		return append(errs, fmt.Errorf("has no datasource query"))
	}
	if q.RefID != "A" || !knownUIDs[q.DatasourceUID] {
		add("query must be refId A on a provisioned datasource uid, got %s on %q", q.RefID, q.DatasourceUID)
	}
	if q.RelativeTimeRange.From <= q.RelativeTimeRange.To || q.RelativeTimeRange.To < 0 || q.RelativeTimeRange.From > maxWindow {
		add("relativeTimeRange %d..%d s must be bounded (from > to >= 0, from <= %d)", q.RelativeTimeRange.From, q.RelativeTimeRange.To, maxWindow)
	}
	if err := checkRuleModel(q); err != nil {
		errs = append(errs, err)
	}
	chain, err := ParseExpressions(r)
	if err != nil {
		return append(errs, err)
	}
	if chain.Reduce.Expression != q.RefID || chain.Threshold.Expression != chain.Reduce.RefID || r.Condition != chain.Threshold.RefID {
		add("the expressions must be A → reduce → threshold with the threshold as condition")
	}
	return errs
}

// checkRuleModel parses the rule's query into the plugin's model.
func checkRuleModel(q RuleQuery) error {
	b, err := q.ModelJSON()
	if err != nil {
		return err
	}
	mq, err := models.ParseQuery(b)
	if err != nil {
		return err
	}
	if err := mq.Validate(); err != nil {
		return err
	}
	if mq.Mode == models.ModeBuilder && mq.Format != models.FormatTimeSeries {
		return fmt.Errorf("a builder rule query must have format time_series so Grafana gets a numeric series, got %s", mq.Format)
	}
	if mq.Format == models.FormatLogs {
		return fmt.Errorf("logs frames carry no numeric series")
	}
	if mq.RefID != "" && mq.RefID != q.RefID {
		return fmt.Errorf("model refId %q differs from %q", mq.RefID, q.RefID)
	}
	return nil
}
