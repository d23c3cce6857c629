package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
)

// repoPath returns a path in the repository.
func repoPath(t *testing.T, rel string) string {
	t.Helper()
	root, err := grafanahost.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, rel)
}

// replicaDS returns the provisioned replica datasource for each Region.
func replicaDS(t *testing.T, s *Stack) map[string]grafanahost.DS {
	t.Helper()
	out := map[string]grafanahost.DS{}
	for _, r := range s.Replica.Regions {
		ds, err := s.ProvisionedDS(r)
		if err != nil {
			t.Fatal(err)
		}
		out[r] = ds
	}
	return out
}

// result is one panel (or rule) execution: the responses by refId.
type result struct {
	out     map[string]grafanahost.Response
	elapsed time.Duration
}

// rows counts the rows of every frame.
func (r result) rows() int {
	n := 0
	for _, resp := range r.out {
		for _, f := range resp.Frames {
			k, _ := f.RowLen()
			n += k
		}
	}
	return n
}

// scanned sums the data scanned of every frame.
func (r result) scanned() float64 {
	s := 0.0
	for _, resp := range r.out {
		for _, f := range resp.Frames {
			b, _ := DataScanned(f)
			s += b
		}
	}
	return s
}

// frames returns every frame in refId order.
func (r result) frames() []*data.Frame {
	refs := make([]string, 0, len(r.out))
	for k := range r.out {
		refs = append(refs, k)
	}
	sort.Strings(refs)
	var out []*data.Frame
	for _, k := range refs {
		out = append(out, r.out[k].Frames...)
	}
	return out
}

// errors lists the per-query errors.
func (r result) errors() []string {
	var out []string
	for ref, resp := range r.out {
		if resp.Error != "" {
			out = append(out, ref+": "+resp.Error)
		}
	}
	sort.Strings(out)
	return out
}

// run interpolates targets with vars, as the frontend does, and sends them
// in one QueryData request, as Grafana does for a panel.
func run(t *testing.T, s *Stack, ds grafanahost.DS, targets []json.RawMessage, vars provisioning.Vars, from, to time.Time) result {
	t.Helper()
	var qs []grafanahost.Query
	for i, raw := range targets {
		b, err := provisioning.Interpolate(raw, vars)
		if err != nil {
			t.Fatal(err)
		}
		var ref struct {
			RefID string `json:"refId"`
		}
		_ = json.Unmarshal(b, &ref)
		if ref.RefID == "" {
			ref.RefID = fmt.Sprintf("Q%d", i)
		}
		qs = append(qs, grafanahost.Query{RefID: ref.RefID, JSON: json.RawMessage(b), From: from, To: to,
			Interval: time.Hour, MaxDataPoints: 720})
	}
	start := time.Now()
	out, err := s.Host.QueryData(t.Context(), ds, qs...)
	if err != nil {
		t.Fatal(err)
	}
	return result{out: out, elapsed: time.Since(start)}
}

// column returns the values of a named field across frames, as strings.
func column(frames []*data.Frame, name string) []string {
	var out []string
	for _, f := range frames {
		fld, _ := f.FieldByName(name)
		if fld == nil {
			continue
		}
		for i := 0; i < fld.Len(); i++ {
			if v, ok := fld.ConcreteAt(i); ok {
				out = append(out, fmt.Sprint(v))
			}
		}
	}
	return out
}

// sumNumbers adds every numeric value of the frames' fields named name
// (every numeric field when name is empty).
func sumNumbers(frames []*data.Frame, name string) float64 {
	total := 0.0
	for _, f := range frames {
		for _, fld := range f.Fields {
			if !fld.Type().Numeric() || name != "" && fld.Name != name {
				continue
			}
			for i := 0; i < fld.Len(); i++ {
				if v, ok := fld.ConcreteAt(i); ok {
					var x float64
					fmt.Sscan(fmt.Sprint(v), &x)
					total += x
				}
			}
		}
	}
	return total
}

// rowWhere returns the value of field want in the first row whose field key
// equals val.
func rowWhere(frames []*data.Frame, key, val, want string) (string, bool) {
	for _, f := range frames {
		k, _ := f.FieldByName(key)
		w, _ := f.FieldByName(want)
		if k == nil || w == nil {
			continue
		}
		for i := 0; i < k.Len(); i++ {
			if v, ok := k.ConcreteAt(i); ok && fmt.Sprint(v) == val {
				x, _ := w.ConcreteAt(i)
				return fmt.Sprint(x), true
			}
		}
	}
	return "", false
}

// expectedKind is the frame kind a panel type draws.
func expectedKind(panelType string) string {
	switch panelType {
	case "timeseries":
		return "timeseries"
	case "logs":
		return "logs"
	}
	return "table"
}

// panelVersions returns the lake versions a panel runs with ("" = the one
// its targets name).
func panelVersions(d *provisioning.Dashboard, targets []json.RawMessage) []string {
	var out []string
	for _, raw := range targets {
		for _, v := range provisioning.TargetVersions(d, raw) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	if len(out) > 1 {
		out = slices.DeleteFunc(out, func(v string) bool { return v == "" })
	}
	return out
}

// key names a panel for expectations and logs.
func key(d *provisioning.Dashboard, title string) string { return d.UID + "/" + title }

// fmtBytes prints bytes scanned.
func fmtBytes(b float64) string {
	switch {
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", b/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.1f kB", b/1e3)
	}
	return fmt.Sprintf("%.0f B", b)
}

// trimTitle shortens a title for log tables.
func trimTitle(s string) string {
	if len(s) > 48 {
		return s[:47] + "…"
	}
	return strings.TrimSpace(s)
}
