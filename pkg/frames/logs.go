package frames

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Names of the fields of a Grafana log-lines frame
// (https://grafana.com/developers/dataplane/logs). Grafana reads the first
// field of each name, so source columns with these names are renamed.
var logFieldNames = map[string]bool{"timestamp": true, "body": true, "severity": true, "id": true, "labels": true}

// renamedSuffix is appended to a source column whose name is one of
// logFieldNames ("severity" becomes "severity (source)").
const renamedSuffix = " (source)"

// ToLogs builds a Grafana log-lines frame (dataplane logs, version 0.0) from
// an OCSF event table frame, as produced by ToFrame:
//
//   - timestamp: from time_dt, else time (epoch milliseconds, or a time
//     field), else the first time field; per row the first of these that is
//     not null. Rows with no time at all get the Unix epoch and a notice.
//   - body: a "body" column if the query has one, else a readable line
//     built from well-known OCSF columns (see rowReader.body).
//   - severity: a Grafana log level from severity_id, else from the
//     severity caption (see levelFromSeverityID).
//   - id: metadata.uid, else a stable hash of the row; repeats get a "-n"
//     suffix so that ids stay unique within the frame.
//   - then every source column, unchanged except for the renaming of
//     columns named like the fields above.
//
// The frame's metadata is kept, typed log-lines with logs as preferred
// visualisation. A frame without a usable time column is an error. The
// input frame is not modified.
func ToLogs(frame *Frame, _ LogOptions) (*Frame, error) {
	if frame == nil {
		return nil, errors.New("logs: no frame")
	}
	n, err := frame.RowLen()
	if err != nil {
		return nil, fmt.Errorf("logs: %w", err)
	}
	sources := timeSources(frame)
	if len(sources) == 0 {
		return nil, fmt.Errorf("logs need a time column (time_dt, time in epoch milliseconds, or any timestamp), got columns: %s", fieldNames(frame))
	}
	rc := newRowReader(frame)
	stamps := make([]time.Time, n)
	bodies := make([]string, n)
	levels := make([]string, n)
	ids := make([]string, n)
	seen := make(map[string]int, n)
	missing := 0
	for i := range n {
		t, ok := firstTime(sources, i)
		if !ok {
			t, missing = time.Unix(0, 0).UTC(), missing+1
		}
		stamps[i] = t
		bodies[i] = rc.body(i)
		levels[i] = rc.level(i)
		ids[i] = uniqueID(seen, rc.id(i))
	}

	out := &Frame{Name: frame.Name, Fields: []*Field{
		{Name: "timestamp", Values: stamps},
		{Name: "body", Values: bodies},
		{Name: "severity", Values: levels},
		{Name: "id", Values: ids},
	}}
	for _, f := range frame.Fields {
		if logFieldNames[f.Name] {
			renamed := *f
			renamed.Name += renamedSuffix
			f = &renamed
		}
		out.Fields = append(out.Fields, f)
	}
	out.RefID = frame.RefID
	meta := copyMeta(frame.Meta)
	if missing > 0 {
		meta.Notices = append(meta.Notices, Notice{
			Severity: SeverityWarning,
			Text:     fmt.Sprintf("%s without a time value shown at 1970-01-01 00:00:00 UTC.", plural(missing, "log line")),
		})
	}
	meta.Type, meta.TypeVersion = FrameTypeLogLines, [2]uint{0, 0}
	meta.PreferredVisualization = VisTypeLogs
	out.Meta = meta
	return out, nil
}

// timeSource reads a row's time from one field.
type timeSource struct {
	field   *Field
	epochMs bool // an integer field of epoch milliseconds
}

// timeSources lists the fields a log line's time may come from, in order of
// preference: time_dt (OCSF 1.1 timestamp), time (OCSF epoch milliseconds,
// or a time field of that name), then the first time field.
func timeSources(frame *Frame) []timeSource {
	var out []timeSource
	if f := frame.FieldByName("time_dt"); f != nil && f.Type().IsTime() {
		out = append(out, timeSource{field: f})
	}
	if f := frame.FieldByName("time"); f != nil {
		switch {
		case f.Type().IsTime():
			out = append(out, timeSource{field: f})
		case f.Type() == FieldTypeNullableInt64:
			out = append(out, timeSource{field: f, epochMs: true})
		}
	}
	if i := firstTimeField(frame); i >= 0 {
		out = append(out, timeSource{field: frame.Fields[i]})
	}
	return out
}

// firstTime returns the first non-null time of row i among sources.
func firstTime(sources []timeSource, i int) (time.Time, bool) {
	for _, s := range sources {
		if s.epochMs {
			if ms, ok := intAt(s.field, i); ok {
				return time.UnixMilli(ms).UTC(), true
			}
			continue
		}
		if t, ok := timeAt(s.field, i); ok {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// levelFromSeverityID maps OCSF severity_id to the log levels Grafana
// colours, with the mapping the logs volume query shares (ocsf.LogLevel).
func levelFromSeverityID(id int64) string { return ocsf.LogLevel(id) }

// levelFromCaption maps an OCSF severity caption (the severity column) the
// same way as levelFromSeverityID; text that already is a Grafana level is
// kept.
func levelFromCaption(caption string) string {
	switch c := strings.ToLower(strings.TrimSpace(caption)); c {
	case "informational", "info", "low":
		return "info"
	case "medium":
		return "warning"
	case "high":
		return "error"
	case "critical", "fatal":
		return "critical"
	case "error", "warning", "debug", "trace":
		return c
	default:
		return "unknown"
	}
}

// rowID is metadata.uid when present, else an FNV-1a hash of every column
// name and value of the row, so the same event gets the same id on every
// refresh.
func rowID(frame *Frame, uid *Field, i int) string {
	if uid != nil {
		if s, ok := textAt(uid, i); ok {
			return s
		}
	}
	h := fnv.New64a()
	for _, f := range frame.Fields {
		h.Write([]byte(f.Name))
		if s, ok := cellText(f, i); ok {
			h.Write([]byte{0x1f})
			h.Write([]byte(s))
		}
		h.Write([]byte{0x1e})
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// uniqueID returns id, or id with the first free "-n" suffix when it was
// seen before.
func uniqueID(seen map[string]int, id string) string {
	n := seen[id]
	seen[id] = n + 1
	if n == 0 {
		return id
	}
	for ; ; n++ {
		if cand := id + "-" + strconv.Itoa(n); seen[cand] == 0 {
			seen[cand] = 1
			return cand
		}
	}
}
