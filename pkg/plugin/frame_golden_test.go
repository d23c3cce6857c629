package plugin

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

var updateFrames = flag.Bool("update", false, "rewrite testdata/frames/*.json from the current output")

// frameCase is an input of pkg/frames' golden test (../frames/testdata),
// read here as the Athena result and plan the query handler would have.
type frameCase struct {
	Mode    string `json:"mode"`
	Name    string `json:"name"`
	Columns []struct {
		Name      string `json:"name"`
		Type      string `json:"type"`
		Precision int32  `json:"precision"`
		Scale     int32  `json:"scale"`
	} `json:"columns"`
	Rows [][]*string `json:"rows"`
	Meta struct {
		ExecutedSQL      string        `json:"executedSql"`
		QueryID          string        `json:"queryId"`
		DataScannedBytes int64         `json:"dataScannedBytes"`
		EngineTimeMs     int64         `json:"engineTimeMs"`
		Truncated        bool          `json:"truncated"`
		RowLimit         int           `json:"rowLimit"`
		Notices          []data.Notice `json:"notices"`
		ReusedResult     bool          `json:"reusedResult"`
	} `json:"meta"`
	WantError string `json:"wantError"`
}

// TestFramesMatchGolden runs every golden case of pkg/frames through the
// query handler's toFrame, the path a query takes from an Athena result to
// the SDK frame Grafana receives, and compares the frame's JSON with
// testdata/frames/<case>.json. Those files pin what the plugin sends, so a
// change in the conversion, the reshaping or the mapping to the SDK frame
// shows up here as a diff. Error cases must fail with their wantError.
func TestFramesMatchGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "frames", "testdata", "*.json"))
	if err != nil || len(inputs) < 12 {
		t.Fatalf("want at least 12 golden cases in ../frames/testdata, found %d (%v)", len(inputs), err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var fc frameCase
			if err := json.Unmarshal(raw, &fc); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			got, err := caseFrame(fc)
			golden := filepath.Join("testdata", "frames", name+".json")
			if fc.WantError != "" {
				if err == nil || err.Error() != fc.WantError {
					t.Fatalf("error = %v\nwant    %s", err, fc.WantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if *updateFrames {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
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
				t.Errorf("frame JSON differs from %s:\n got: %s\nwant: %s", golden, got, want)
			}
		})
	}
}

// caseFrame converts a case through toFrame and returns the frame's JSON,
// indented for readable diffs.
func caseFrame(fc frameCase) ([]byte, error) {
	d := &Datasource{}
	d.settings.RowLimit = fc.Meta.RowLimit
	res := &athena.Result{
		QueryID: fc.Meta.QueryID, Rows: fc.Rows, DataScannedBytes: fc.Meta.DataScannedBytes,
		EngineTimeMs: fc.Meta.EngineTimeMs, Truncated: fc.Meta.Truncated, ReusedPreviousResult: fc.Meta.ReusedResult,
	}
	for _, c := range fc.Columns {
		res.Columns = append(res.Columns, athena.Column{Name: c.Name, Type: c.Type, Precision: c.Precision, Scale: c.Scale})
	}
	format := map[string]models.Format{"table": models.FormatTable, "timeseries": models.FormatTimeSeries, "logs": models.FormatLogs}[fc.Mode]
	p := plannedQuery{query: models.Query{Format: format}, sql: fc.Meta.ExecutedSQL, notices: fc.Meta.Notices}
	frame, err := d.toFrame(fc.Name, p, res)
	if err != nil {
		return nil, err
	}
	compact, err := json.Marshal(frame)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
