package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// maxCols keeps wide frames (logs carry every column) readable in a terminal.
const maxCols = 6

// printResult writes a titled table of the first rows and columns of each
// frame and the query's data scanned, estimated cost and engine time.
func printResult(w io.Writer, title string, r grafanahost.Response, maxRows int) {
	fmt.Fprintf(w, "\n── %s\n", title)
	if r.Error != "" {
		fmt.Fprintf(w, "   error: %s\n", r.Error)
		return
	}
	for _, f := range r.Frames {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fields := f.Fields
		if len(fields) > maxCols {
			fields = fields[:maxCols]
		}
		names := make([]string, len(fields))
		for i, fld := range fields {
			names[i] = fieldName(fld)
		}
		fmt.Fprintln(tw, "   "+strings.Join(names, "\t"))
		for row := 0; row < f.Rows() && row < maxRows; row++ {
			cells := make([]string, len(fields))
			for i, fld := range fields {
				cells[i] = cell(fld, row)
			}
			fmt.Fprintln(tw, "   "+strings.Join(cells, "\t"))
		}
		_ = tw.Flush()
		if f.Rows() > maxRows {
			fmt.Fprintf(w, "   … %d rows in all\n", f.Rows())
		}
		if f.Meta != nil {
			var m struct {
				DataScannedBytes int64   `json:"dataScannedBytes"`
				EstimatedCostUSD float64 `json:"estimatedCostUsd"`
				EngineTimeMs     int64   `json:"engineTimeMs"`
			}
			b, _ := json.Marshal(f.Meta.Custom)
			_ = json.Unmarshal(b, &m)
			fmt.Fprintf(w, "   data scanned %s · est. cost $%.6f · engine %d ms\n", kb(m.DataScannedBytes), m.EstimatedCostUSD, m.EngineTimeMs)
			for _, n := range f.Meta.Notices {
				fmt.Fprintf(w, "   notice: %s\n", n.Text)
			}
		}
	}
}

func fieldName(f *data.Field) string {
	if len(f.Labels) > 0 {
		return f.Name + " " + f.Labels.String()
	}
	return f.Name
}

func cell(f *data.Field, i int) string {
	v, ok := f.ConcreteAt(i)
	if !ok {
		return "NULL"
	}
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05")
	case float64:
		return fmt.Sprintf("%.4g", x)
	case json.RawMessage:
		if string(x) == "null" { // a SQL NULL in a JSON field
			return "NULL"
		}
		return clip(string(x))
	case string:
		return clip(x)
	}
	return clip(fmt.Sprint(v))
}

func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 60 {
		return s[:57] + "…"
	}
	return s
}

func kb(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/1024)
}
