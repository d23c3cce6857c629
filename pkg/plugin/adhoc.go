package plugin

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/clip"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// fieldKind is the values route's kind for an ad hoc filter's values: the
// distinct values of one scalar field (?field=actor.user.uid) of a source.
const fieldKind = "field"

// valueField checks the field of a values look-up: a scalar field of the
// source's catalog (never SQL from the browser), with its enum when it has
// one, so the values carry their captions.
func valueField(s *ocsf.Schema, path string) (string, *ocsf.Enum, error) {
	if path == "" {
		return "", nil, fmt.Errorf("field is required with kind=field")
	}
	f, ok := s.Field(path)
	if !ok {
		return "", nil, fmt.Errorf("unknown field %q for source %s", clip.N(path, 100), s.Source)
	}
	if f.Kind() != ocsf.Scalar {
		return "", nil, fmt.Errorf("field %s is not a single value (it is %s): ad hoc filters take scalar fields", f.Path, f.Type)
	}
	if e, ok := s.EnumFor(f.Path, 0); ok {
		return f.Path, &e, nil
	}
	return f.Path, nil, nil
}

// otherFilters writes the ?filters= of a values look-up (JSON, the typed
// filters of models.Filter, as the frontend sends the dashboard's other ad
// hoc filters) as one predicate through sqlbuild.AdhocPredicate; filters on
// fields the source lacks narrow nothing.
func otherFilters(t lake.Table, s *ocsf.Schema, raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	var filters []models.Filter
	if err := json.Unmarshal([]byte(raw), &filters); err != nil {
		return "", fmt.Errorf("filters must be a JSON list of {field, op, value}: %s", models.JSONErrorText(err))
	}
	if len(filters) > maxValueFilters {
		return "", fmt.Errorf("at most %d filters narrow a values look-up (got %d)", maxValueFilters, len(filters))
	}
	where, _, err := sqlbuild.AdhocPredicate(t, s, filters)
	return where, err
}

// maxValueFilters bounds the filters of one values look-up.
const maxValueFilters = 50

// enumText is an item's text: its enum caption when the field has an enum
// and the value is one of its ids ("5" → "Critical"), else its text.
func enumText(e *ocsf.Enum, it valueItem) string {
	if e == nil {
		return it.Text
	}
	id, err := strconv.Atoi(it.Value)
	if err != nil {
		return it.Text
	}
	for _, v := range e.Values {
		if v.ID == id {
			return v.Caption
		}
	}
	return it.Text
}

// adhocNotices are the info notices of a builder query's ad hoc filters its
// source cannot take (sqlbuild applies the others).
func adhocNotices(in sqlbuild.Input) []data.Notice {
	var out []data.Notice
	for _, text := range sqlbuild.SkippedAdhoc(in.Fields, in.Table.Source, in.Query.AdhocFilters) {
		out = append(out, data.Notice{Severity: data.NoticeSeverityInfo, Text: text})
	}
	return out
}

// fieldSet is the field set of a table for $__adhocFilters (macros.Context.Fields).
func (v *lakeView) fieldSet(t lake.Table) (sqlbuild.FieldSet, error) {
	s, err := v.schema(t)
	if err != nil {
		return nil, err
	}
	return s, nil
}
