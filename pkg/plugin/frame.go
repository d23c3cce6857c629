package plugin

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/frames"
)

// sdkFrame maps a frames.Frame onto the SDK's data frame Grafana receives.
// It is a one-to-one mapping: every field keeps its name, labels, config
// and values; the value slices are handed to the SDK, which copies them
// whole (no per-cell conversion), except JSON fields (see sdkJSON).
func sdkFrame(f *frames.Frame) (*data.Frame, error) {
	out := data.NewFrame(f.Name)
	out.RefID = f.RefID
	out.Fields = make(data.Fields, len(f.Fields))
	for i, fld := range f.Fields {
		var err error
		if out.Fields[i], err = sdkField(fld); err != nil {
			return nil, err
		}
	}
	out.Meta = sdkMeta(f.Meta)
	return out, nil
}

func sdkField(f *frames.Field) (*data.Field, error) {
	values := f.Values
	switch v := values.(type) {
	case []*int64, []*float64, []*bool, []*time.Time, []*string, []string, []time.Time:
	case []json.RawMessage:
		values = sdkJSON(v)
	default:
		// frames never builds another type; the SDK would panic on one.
		return nil, fmt.Errorf("field %q: unsupported values %T", f.Name, v)
	}
	var labels data.Labels
	if f.Labels != nil {
		labels = data.Labels(f.Labels)
	}
	out := data.NewField(f.Name, labels, values)
	if c := f.Config; c != nil {
		out.Config = &data.FieldConfig{DisplayName: c.DisplayName, Unit: c.Unit}
		for _, l := range c.Links {
			out.Config.Links = append(out.Config.Links, data.DataLink{Title: l.Title, URL: l.URL})
		}
	}
	return out, nil
}

// jsonNull is the value of a SQL NULL in a JSON field.
var jsonNull = json.RawMessage("null")

// sdkJSON returns the values of a JSON field for data.FieldTypeJSON, the
// SDK's JSON type (its nullable twin is deprecated): a NULL (nil) becomes
// the JSON value null, which Grafana shows alike, because an empty
// json.RawMessage encodes to an Arrow value that is no JSON at all.
func sdkJSON(vals []json.RawMessage) []json.RawMessage {
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		if v == nil {
			v = jsonNull
		}
		out[i] = v
	}
	return out
}

func sdkMeta(m *frames.FrameMeta) *data.FrameMeta {
	if m == nil {
		return nil
	}
	out := &data.FrameMeta{
		Type:                   data.FrameType(m.Type),
		TypeVersion:            data.FrameTypeVersion(m.TypeVersion),
		ExecutedQueryString:    m.ExecutedQueryString,
		PreferredVisualization: data.VisType(m.PreferredVisualization),
	}
	if m.Custom != nil {
		out.Custom = *m.Custom
	}
	for _, n := range m.Notices {
		out.Notices = append(out.Notices, data.Notice{Severity: sdkSeverity(n.Severity), Text: n.Text})
	}
	for _, s := range m.Stats {
		out.Stats = append(out.Stats, data.QueryStat{FieldConfig: data.FieldConfig{DisplayName: s.DisplayName, Unit: s.Unit}, Value: s.Value})
	}
	return out
}

func sdkSeverity(s frames.Severity) data.NoticeSeverity {
	switch s {
	case frames.SeverityWarning:
		return data.NoticeSeverityWarning
	case frames.SeverityError:
		return data.NoticeSeverityError
	}
	return data.NoticeSeverityInfo
}
