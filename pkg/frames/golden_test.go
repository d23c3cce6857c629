package frames_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

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
	// have no .jsonc: the SDK's golden writer cannot read back a response
	// that holds only an error (its header lacks the machine marker).
	WantError string `json:"wantError,omitempty"`
}

type goldenColumn struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Precision int32  `json:"precision"`
	Scale     int32  `json:"scale"`
}

type goldenMeta struct {
	ExecutedSQL      string        `json:"executedSql"`
	QueryID          string        `json:"queryId"`
	DataScannedBytes int64         `json:"dataScannedBytes"`
	EngineTimeMs     int64         `json:"engineTimeMs"`
	Truncated        bool          `json:"truncated"`
	RowLimit         int           `json:"rowLimit"`
	Notices          []data.Notice `json:"notices"`
	ReusedResult     bool          `json:"reusedResult"`
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
			dr := run(t, gc)
			if gc.WantError != "" {
				if _, err := os.Stat(filepath.Join("testdata", name+".jsonc")); err == nil {
					t.Errorf("error case %s has a stale .jsonc", name)
				}
				if dr.Error == nil || dr.Error.Error() != gc.WantError {
					t.Fatalf("error = %v\nwant    %s", dr.Error, gc.WantError)
				}
				return
			}
			if dr.Error != nil {
				t.Fatalf("unexpected error: %v", dr.Error)
			}
			experimental.CheckGoldenJSONResponse(t, "testdata", name, &dr, *update)
		})
	}
}

// run converts a case the way the query handler will: ToFrame, then the
// mode's reshaping. An error becomes the response's error.
func run(t *testing.T, gc goldenCase) backend.DataResponse {
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
	if err != nil {
		return backend.DataResponse{Error: err}
	}
	return backend.DataResponse{Frames: data.Frames{frame}}
}
