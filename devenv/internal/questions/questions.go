// Package questions is the project's expressibility benchmark (issue 11, item 5 of "What to build"):
// security questions an analyst asks, each answered three ways — a reference
// SQL written by hand on the replica's real tables, the same question in the
// plugin's SQL mode with macros, and (when the builder can express it) a
// builder query. The e2e tier (devenv/e2e/questions_test.go) runs all three
// and compares the results cell by cell; devenv/cmd/questions prints the
// figures from the YAML alone.
//
// The questions live in devenv/e2e/testdata/questions/*.yaml, one file per
// author, so several people can add questions without conflicts; ids are
// unique across all files. docs/testing.md describes the format and how to
// add a question.
package questions

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Shapes are the result shapes analysts use.
var Shapes = []string{"top-n", "per-bucket", "threshold", "list", "logs"}

// Question is one entry of a question file.
type Question struct {
	ID       string `yaml:"id"`
	Question string `yaml:"question"`
	Shape    string `yaml:"shape"`
	Source   string `yaml:"source"`
	Version  int    `yaml:"version"`
	// Region is the lake Region the datasource queries (optional; default
	// DefaultRegion). The reference names that Region's tables.
	Region string    `yaml:"region"`
	From   time.Time `yaml:"from"`
	To     time.Time `yaml:"to"`
	// Ordered compares rows in order (a top-N with tie-breakers, logs by
	// time); otherwise rows compare as multisets.
	Ordered   bool   `yaml:"ordered"`
	Reference string `yaml:"reference"`
	SQL       string `yaml:"sql"`
	// Builder is the builder query (models.Query keys); nil when the
	// builder cannot express the question, and then Gap says why.
	Builder map[string]any `yaml:"builder"`
	Gap     string         `yaml:"gap"`

	// File is the question file's base name (set by the loader).
	File string `yaml:"-"`
}

// DefaultRegion is the Region of a question without a region key.
const DefaultRegion = "us-east-1"

// LakeRegion returns the question's Region.
func (q Question) LakeRegion() string {
	if q.Region == "" {
		return DefaultRegion
	}
	return q.Region
}

// Expressible reports whether the builder answers the question.
func (q Question) Expressible() bool { return q.Builder != nil }

// GapFeature is the gap's feature: the text before its first colon
// ("arrays: needs one row per resource" → "arrays").
func (q Question) GapFeature() string {
	f, _, _ := strings.Cut(q.Gap, ":")
	return strings.TrimSpace(f)
}

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
)

// builderFormats are the builder formats the harness compares: a table
// frame directly, a time series after flattening (see FromFrames). A logs
// frame adds a rendered body; logs questions use a table with fields and
// an order by time instead.
var builderFormats = map[string]bool{"": true, "table": true, "time_series": true}

// Validate checks one question's keys and shape.
func (q Question) Validate() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !idPattern.MatchString(q.ID) {
		add("id %q: want kebab-case (a-z, 0-9, single dashes)", q.ID)
	}
	if strings.TrimSpace(q.Question) == "" {
		add("question is empty")
	}
	if !contains(Shapes, q.Shape) {
		add("shape %q: want one of %s", q.Shape, strings.Join(Shapes, ", "))
	}
	if q.Source == "" {
		add("source is empty")
	}
	if q.Version != 1 && q.Version != 2 {
		add("version %d: want 1 or 2", q.Version)
	}
	if q.Region != "" && !regionPattern.MatchString(q.Region) {
		add("region %q: want an AWS Region name such as eu-west-1", q.Region)
	}
	if q.From.IsZero() || q.To.IsZero() {
		add("from and to are required")
	} else if !q.From.Before(q.To) {
		add("from %s is not before to %s", q.From.Format(time.RFC3339), q.To.Format(time.RFC3339))
	}
	if strings.TrimSpace(q.Reference) == "" {
		add("reference is empty")
	}
	if strings.TrimSpace(q.SQL) == "" {
		add("sql is empty")
	}
	switch {
	case q.Builder != nil && q.Gap != "":
		add("builder and gap are both set: a question is either expressible or has a gap")
	case q.Builder == nil && strings.TrimSpace(q.Gap) == "":
		add("neither builder nor gap is set")
	case q.Builder == nil && q.GapFeature() == q.Gap:
		add("gap %q: want \"feature: what is missing\"", q.Gap)
	}
	if q.Builder != nil {
		f, _ := q.Builder["format"].(string)
		if !builderFormats[f] {
			add("builder.format %q: the harness compares table and time_series frames (a logs question is a table with fields ordered by time)", f)
		}
		if _, ok := q.Builder["rawSql"]; ok {
			add("builder has rawSql: the SQL-mode query belongs in sql")
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s (%s): %s", q.ID, q.File, strings.Join(errs, "; "))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// LoadFile reads one question file. Unknown keys are errors, so a typo
// ("orderd") does not silently change a comparison.
func LoadFile(path string) ([]Question, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(filepath.Base(path), b)
}

// Parse decodes a question file's content; name is the file's name in
// messages.
func Parse(name string, content []byte) ([]Question, error) {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	dec.KnownFields(true)
	var qs []Question
	if err := dec.Decode(&qs); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i := range qs {
		qs[i].File = name
	}
	return qs, nil
}

// Load reads every *.yaml file of dir, validates every question and checks
// that ids are unique across files. The questions come back sorted by id.
func Load(dir string) ([]Question, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no question files (*.yaml) in %s", dir)
	}
	var all []Question
	for _, f := range files {
		qs, err := LoadFile(f)
		if err != nil {
			return nil, err
		}
		all = append(all, qs...)
	}
	return all, Check(all)
}

// Check validates every question and the uniqueness of ids, and sorts the
// questions by id.
func Check(all []Question) error {
	var errs []error
	seen := map[string]string{}
	for _, q := range all {
		if err := q.Validate(); err != nil {
			errs = append(errs, err)
		}
		if prev, dup := seen[q.ID]; dup {
			errs = append(errs, fmt.Errorf("id %q is in %s and in %s", q.ID, prev, q.File))
		}
		seen[q.ID] = q.File
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return errors.Join(errs...)
}
