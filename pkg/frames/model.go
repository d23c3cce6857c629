package frames

import (
	"encoding/json"
	"fmt"
	"time"
)

// Frame is a typed, column-oriented result: what the plugin turns into a
// Grafana data frame. It mirrors the parts of the Grafana frame the plugin
// uses, so that mapping one onto the other stays a thin step outside this
// package, which links no SDK.
type Frame struct {
	// Name is the frame name; RefID the query's reference id.
	Name, RefID string
	// Fields are the columns, all of the same length.
	Fields []*Field
	// Meta is the frame's metadata; nil for none.
	Meta *FrameMeta
}

// Field is one column of a frame.
type Field struct {
	// Name is the column name.
	Name string
	// Labels are the dimensions of a time-series field (nil otherwise).
	Labels map[string]string
	// Config is how Grafana shows the field (nil for the defaults).
	Config *FieldConfig
	// Values holds the cells as one of the slice types of FieldType:
	// []*int64, []*float64, []*bool, []*time.Time, []*string (nil is
	// NULL), []json.RawMessage (nil is NULL), []time.Time or []string.
	Values any
}

// FieldType is the Go type of a field's values.
type FieldType int

// The field types. Nullable types hold a nil pointer for NULL;
// FieldTypeJSON holds a nil json.RawMessage for NULL.
const (
	FieldTypeUnknown FieldType = iota // Values is nil or of an unsupported type
	FieldTypeNullableString
	FieldTypeNullableInt64
	FieldTypeNullableFloat64
	FieldTypeNullableBool
	FieldTypeNullableTime
	FieldTypeJSON
	FieldTypeString
	FieldTypeTime
)

var fieldTypeNames = [...]string{"unknown", "[]*string", "[]*int64", "[]*float64", "[]*bool", "[]*time.Time",
	"[]json.RawMessage", "[]string", "[]time.Time"}

// String names the Go slice type, e.g. "[]*int64".
func (t FieldType) String() string {
	if t < 0 || int(t) >= len(fieldTypeNames) {
		return fmt.Sprintf("FieldType(%d)", int(t))
	}
	return fieldTypeNames[t]
}

// IsTime reports whether values are times.
func (t FieldType) IsTime() bool { return t == FieldTypeTime || t == FieldTypeNullableTime }

// IsString reports whether values are strings.
func (t FieldType) IsString() bool { return t == FieldTypeString || t == FieldTypeNullableString }

// IsNumeric reports whether values are numbers.
func (t FieldType) IsNumeric() bool {
	return t == FieldTypeNullableInt64 || t == FieldTypeNullableFloat64
}

// Type returns the type of f's values.
func (f *Field) Type() FieldType {
	switch f.Values.(type) {
	case []*string:
		return FieldTypeNullableString
	case []*int64:
		return FieldTypeNullableInt64
	case []*float64:
		return FieldTypeNullableFloat64
	case []*bool:
		return FieldTypeNullableBool
	case []*time.Time:
		return FieldTypeNullableTime
	case []json.RawMessage:
		return FieldTypeJSON
	case []string:
		return FieldTypeString
	case []time.Time:
		return FieldTypeTime
	}
	return FieldTypeUnknown
}

// Len returns the number of cells, or -1 when Values is not a supported
// slice.
func (f *Field) Len() int {
	switch v := f.Values.(type) {
	case []*string:
		return len(v)
	case []*int64:
		return len(v)
	case []*float64:
		return len(v)
	case []*bool:
		return len(v)
	case []*time.Time:
		return len(v)
	case []json.RawMessage:
		return len(v)
	case []string:
		return len(v)
	case []time.Time:
		return len(v)
	}
	return -1
}

// FieldConfig is the display configuration of a field.
type FieldConfig struct {
	// DisplayName overrides the field name in panels.
	DisplayName string `json:"displayName,omitempty"`
	// Unit is a Grafana unit id such as "decbytes".
	Unit string `json:"unit,omitempty"`
	// Links are data links shown on the field's values.
	Links []DataLink `json:"links,omitempty"`
}

// DataLink is a link on a field's values; URL may use Grafana's variables
// such as ${__value.raw}.
type DataLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// FrameType is the dataplane type of a frame.
type FrameType string

// Frame types (https://grafana.com/developers/dataplane).
const (
	FrameTypeTimeSeriesWide FrameType = "timeseries-wide"
	FrameTypeLogLines       FrameType = "log-lines"
)

// VisType is the visualisation a frame prefers in Explore.
type VisType string

// Preferred visualisations.
const (
	VisTypeGraph VisType = "graph"
	VisTypeLogs  VisType = "logs"
)

// Severity is a notice's severity: info, warning or error.
type Severity string

// Notice severities.
const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Notice is a message about the result shown with the panel.
type Notice struct {
	Severity Severity `json:"severity"`
	Text     string   `json:"text"`
}

// QueryStat is one figure of the query inspector's stats.
type QueryStat struct {
	DisplayName string  `json:"displayName"`
	Unit        string  `json:"unit"`
	Value       float64 `json:"value"`
}

// FrameMeta is a frame's metadata.
type FrameMeta struct {
	// Type and TypeVersion are the dataplane type ("" for a plain table).
	Type        FrameType `json:"type,omitempty"`
	TypeVersion [2]uint   `json:"typeVersion"`
	// ExecutedQueryString is the SQL Athena ran.
	ExecutedQueryString string `json:"executedQueryString,omitempty"`
	// Notices are shown with the panel.
	Notices []Notice `json:"notices,omitempty"`
	// Stats are shown in the query inspector.
	Stats []QueryStat `json:"stats,omitempty"`
	// Custom holds the Athena facts of the query; nil for none.
	Custom *CustomMeta `json:"custom,omitempty"`
	// PreferredVisualization is the visualisation Explore picks.
	PreferredVisualization VisType `json:"preferredVisualisationType,omitempty"`
}

// RowLen returns the number of rows, or an error when a field is nil, holds
// an unsupported type or differs in length from the first.
func (f *Frame) RowLen() (int, error) {
	n := 0
	for i, fld := range f.Fields {
		if fld == nil || fld.Len() < 0 {
			return 0, fmt.Errorf("the field at index %d is nil or of an unsupported type", i)
		}
		if i == 0 {
			n = fld.Len()
		} else if fld.Len() != n {
			return 0, fmt.Errorf("the fields differ in length: field 0 has %d values but field %d has %d", n, i, fld.Len())
		}
	}
	return n, nil
}

// FieldByName returns the first field with the given name, or nil.
func (f *Frame) FieldByName(name string) *Field {
	for _, fld := range f.Fields {
		if fld != nil && fld.Name == name {
			return fld
		}
	}
	return nil
}
