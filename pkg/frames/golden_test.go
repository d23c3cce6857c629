package frames_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/frames"

	// Named time zones in the fixtures must resolve on machines without a
	// system zoneinfo database.
	_ "time/tzdata"
)

var update = flag.Bool("update", false, "rewrite testdata/*.jsonc golden files from the current output")

// goldenCase is the input file testdata/<case>.json.
type goldenCase struct {
	// Description says what the case proves; it is not used by the test.
	Description string `json:"description"`
	// Mode is table, timeseries or logs.
	Mode    string         `json:"mode"`
	Name    string         `json:"name"`
	Columns []goldenColumn `json:"columns"`
	Rows    [][]*string    `json:"rows"`
	Meta    goldenMeta     `json:"meta"`
	// WantError is the exact error expected instead of a frame. Error cases
	// have no .jsonc.
	WantError string `json:"wantError,omitempty"`
}

type goldenColumn struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Precision int32  `json:"precision"`
	Scale     int32  `json:"scale"`
}

type goldenMeta struct {
	ExecutedSQL      string          `json:"executedSql"`
	QueryID          string          `json:"queryId"`
	DataScannedBytes int64           `json:"dataScannedBytes"`
	EngineTimeMs     int64           `json:"engineTimeMs"`
	Truncated        bool            `json:"truncated"`
	RowLimit         int             `json:"rowLimit"`
	Notices          []frames.Notice `json:"notices"`
	ReusedResult     bool            `json:"reusedResult"`
}

// TestGolden converts every testdata/<case>.json and compares the frame
// with testdata/<case>.jsonc, or the error with the case's wantError. Run with -update to rewrite
// the golden files; without it a missing or different golden file fails.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) < 12 {
		t.Fatalf("want at least 12 golden cases, found %d", len(inputs))
	}
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*.jsonc"))
	for _, g := range goldens {
		if _, err := os.Stat(strings.TrimSuffix(g, "c")); err != nil {
			t.Errorf("%s has no input file: delete it", g)
		}
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var gc goldenCase
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&gc); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			frame, err := run(t, gc)
			golden := filepath.Join("testdata", name+".jsonc")
			if gc.WantError != "" {
				if _, err := os.Stat(golden); err == nil {
					t.Errorf("error case %s has a stale .jsonc", name)
				}
				if err == nil || err.Error() != gc.WantError {
					t.Fatalf("error = %v\nwant    %s", err, gc.WantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			got := goldenJSON(t, frame)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("frame differs from %s:\n got: %s\nwant: %s", golden, got, want)
			}
		})
	}
}

// goldenFrame is the JSON form of a frame in the golden files: every field
// with its type and its values, one per row.
type goldenFrame struct {
	Name   string            `json:"name"`
	RefID  string            `json:"refId,omitempty"`
	Meta   *frames.FrameMeta `json:"meta"`
	Fields []goldenField     `json:"fields"`
}

type goldenField struct {
	Name   string              `json:"name"`
	Type   string              `json:"type"`
	Labels map[string]string   `json:"labels,omitempty"`
	Config *frames.FieldConfig `json:"config,omitempty"`
	Values []any               `json:"values"`
}

// goldenJSON renders a frame for the golden files: times in RFC 3339 with
// nanoseconds and their zone, non-finite floats as text, JSON values
// embedded, NULL as null.
func goldenJSON(t *testing.T, f *frames.Frame) []byte {
	t.Helper()
	g := goldenFrame{Name: f.Name, RefID: f.RefID, Meta: f.Meta, Fields: []goldenField{}}
	for _, fld := range f.Fields {
		g.Fields = append(g.Fields, goldenField{Name: fld.Name, Type: fld.Type().String(), Labels: fld.Labels, Config: fld.Config, Values: cells(t, fld)})
	}
	out, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// cells returns a field's values as JSON-ready cells.
func cells(t *testing.T, f *frames.Field) []any {
	t.Helper()
	n := f.Len()
	out := make([]any, n)
	for i := range n {
		switch v := f.Values.(type) {
		case []*int64:
			out[i] = deref(v[i], func(x int64) any { return x })
		case []*float64:
			out[i] = deref(v[i], func(x float64) any {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return strconv.FormatFloat(x, 'g', -1, 64)
				}
				return x
			})
		case []*bool:
			out[i] = deref(v[i], func(x bool) any { return x })
		case []*string:
			out[i] = deref(v[i], func(x string) any { return x })
		case []*time.Time:
			out[i] = deref(v[i], func(x time.Time) any { return x.Format(time.RFC3339Nano) })
		case []json.RawMessage:
			if v[i] != nil {
				out[i] = v[i]
			}
		case []string:
			out[i] = v[i]
		case []time.Time:
			out[i] = v[i].Format(time.RFC3339Nano)
		default:
			t.Fatalf("field %s: unsupported values %T", f.Name, f.Values)
		}
	}
	return out
}

func deref[T any](p *T, conv func(T) any) any {
	if p == nil {
		return nil
	}
	return conv(*p)
}

// run converts a case the way the query handler does: ToFrame, then the
// mode's reshaping.
func run(t *testing.T, gc goldenCase) (*frames.Frame, error) {
	t.Helper()
	cols := make([]frames.Column, len(gc.Columns))
	for i, c := range gc.Columns {
		cols[i] = frames.Column{Name: c.Name, Type: c.Type, Precision: c.Precision, Scale: c.Scale}
	}
	m := gc.Meta
	frame, err := frames.ToFrame(gc.Name, cols, gc.Rows, frames.Meta{
		ExecutedSQL: m.ExecutedSQL, QueryID: m.QueryID, DataScannedBytes: m.DataScannedBytes,
		EngineTimeMs: m.EngineTimeMs, Truncated: m.Truncated, RowLimit: m.RowLimit,
		Notices: m.Notices, ReusedResult: m.ReusedResult,
	})
	if err == nil {
		switch gc.Mode {
		case "table":
		case "timeseries":
			frame, err = frames.ToTimeSeries(frame)
		case "logs":
			frame, err = frames.ToLogs(frame, frames.LogOptions{})
		default:
			t.Fatalf("unknown mode %q", gc.Mode)
		}
	}
	return frame, err
}
