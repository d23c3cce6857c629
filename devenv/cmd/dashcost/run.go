package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

type options struct {
	trinoURL, region, entity string
}

// item is one panel, variable or annotation of a dashboard refresh.
type item struct {
	Kind, Title string
	// Queries are the Athena queries it started (a query answered from
	// the plugin's cache or shared with another panel costs nothing).
	Queries int
	// Scanned are the bytes those queries scanned; PerQuery the same per
	// query (Athena bills each at least 10 MB).
	Scanned  int64
	PerQuery []int64
	Err      string
}

// dashboardCost is one dashboard refresh.
type dashboardCost struct {
	UID, Title, Range string
	Items             []item
	// Started counts StartQueryExecution calls athena-local received
	// during the refresh (a cross-check of the items' sum).
	Started int
}

func run(ctx context.Context, o options) ([]dashboardCost, error) {
	al, err := athenalocal.New(athenalocal.Options{TrinoURL: o.trinoURL, WorkGroups: []string{"grafana"}})
	if err != nil {
		return nil, err
	}
	defer al.Close()
	srv := httptest.NewServer(al)
	defer srv.Close()
	root, err := grafanahost.RepoRoot()
	if err != nil {
		return nil, err
	}
	bin, err := grafanahost.BuildPlugin(ctx, root, "")
	if err != nil {
		return nil, err
	}
	h, err := grafanahost.Start(ctx, bin, grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv(), grafanahost.WithLogLevel("warn"))
	if err != nil {
		return nil, err
	}
	defer h.Stop()
	dashboards, err := provisioning.LoadDashboards(filepath.Join(root, provisioning.DashboardsDir))
	if err != nil {
		return nil, err
	}
	cfg := replica.DefaultConfig()
	now := cfg.AnchorDay().Add(24*time.Hour - time.Millisecond)
	var out []dashboardCost
	for i, d := range dashboards {
		from, err := relativeFrom(d.Time.From, now)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.UID, err)
		}
		// A fresh instance per dashboard: its cache starts empty, as on a
		// dashboard's first load.
		ds := grafanahost.DS{UID: fmt.Sprintf("cost-%d", i), Name: "Security Lake", JSONData: map[string]any{
			"authType": "keys", "defaultRegion": o.region, "endpoint": srv.URL, "s3Endpoint": srv.URL, "workgroup": "primary",
			// A first load: no query answered from Athena's result reuse
			// of another dashboard's identical query (the variables).
			"resultReuseEnabled": false,
		}, DecryptedSecureJSONData: map[string]string{"accessKey": "AKIALOCALREPLICA0001", "secretKey": "local/replica/secret"}}
		vars := provisioning.VarsFor(d, provisioning.Vars{
			"account": {Values: cfg.Accounts, Multi: true},
			"region":  {Values: []string{o.region}, Multi: true},
			"entity":  {Values: []string{o.entity}},
		})
		r := refresh{h: h, ds: ds, vars: vars, from: from, to: now, seen: map[string]bool{}}
		cost := dashboardCost{UID: d.UID, Title: d.Title, Range: d.Time.From}
		before := al.Count("StartQueryExecution")
		for _, v := range d.Templating.List {
			if v.Type == "query" && v.Refresh != 0 {
				cost.Items = append(cost.Items, r.run(ctx, "variable", v.Name, []json.RawMessage{v.Query}))
			}
		}
		for _, a := range d.Annotations.List {
			if a.BuiltIn == 0 && a.Enable {
				cost.Items = append(cost.Items, r.run(ctx, "annotation", a.Name, []json.RawMessage{a.Target}))
			}
		}
		for _, p := range d.AllPanels() {
			if len(p.Targets) > 0 {
				cost.Items = append(cost.Items, r.run(ctx, "panel", p.Title, p.Targets))
			}
		}
		cost.Started = al.Count("StartQueryExecution") - before
		out = append(out, cost)
	}
	return out, nil
}

// refresh runs the queries of one dashboard refresh, one request per
// panel, one after another, so each panel is charged only the Athena
// queries it started itself.
type refresh struct {
	h        *grafanahost.Host
	ds       grafanahost.DS
	vars     provisioning.Vars
	from, to time.Time
	seen     map[string]bool // Athena query ids already counted
}

func (r *refresh) run(ctx context.Context, kind, title string, targets []json.RawMessage) item {
	it := item{Kind: kind, Title: title}
	qs := make([]grafanahost.Query, 0, len(targets))
	for i, raw := range targets {
		b, err := provisioning.Interpolate(raw, r.vars)
		if err != nil {
			it.Err = err.Error()
			return it
		}
		qs = append(qs, grafanahost.Query{RefID: fmt.Sprintf("Q%d", i), JSON: json.RawMessage(b), From: r.from, To: r.to,
			Interval: time.Hour, MaxDataPoints: 720})
	}
	out, err := r.h.QueryData(ctx, r.ds, qs...)
	if err != nil {
		it.Err = err.Error()
		return it
	}
	var errs []string
	for _, q := range qs {
		resp := out[q.RefID]
		if resp.Error != "" {
			errs = append(errs, resp.Error)
		}
		for _, f := range resp.Frames {
			id, scanned := frameQuery(f)
			if id == "" || r.seen[id] {
				continue
			}
			r.seen[id] = true
			it.Queries++
			it.Scanned += scanned
			it.PerQuery = append(it.PerQuery, scanned)
		}
	}
	it.Err = strings.Join(errs, "; ")
	return it
}

// frameQuery reads the Athena query id and the bytes it scanned from the
// frame's metadata (custom queryId, the "Data scanned" statistic).
func frameQuery(f *data.Frame) (string, int64) {
	if f.Meta == nil {
		return "", 0
	}
	var id string
	if c, ok := f.Meta.Custom.(map[string]any); ok {
		id, _ = c["queryId"].(string)
	}
	var scanned int64
	for _, s := range f.Meta.Stats {
		if strings.EqualFold(s.DisplayName, "Data scanned") {
			scanned = int64(s.Value)
		}
	}
	return id, scanned
}

// relativeFrom turns a dashboard's "now-7d" (m, h, d, w) into a time
// before now.
func relativeFrom(expr string, now time.Time) (time.Time, error) {
	rest, ok := strings.CutPrefix(expr, "now-")
	if !ok || len(rest) < 2 {
		return time.Time{}, fmt.Errorf("time.from %q is not now-<n><unit>", expr)
	}
	n, err := strconv.Atoi(rest[:len(rest)-1])
	if err != nil {
		return time.Time{}, fmt.Errorf("time.from %q: %w", expr, err)
	}
	unit := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[rest[len(rest)-1]]
	if unit == 0 {
		return time.Time{}, fmt.Errorf("time.from %q: unknown unit", expr)
	}
	return now.Add(-time.Duration(n) * unit), nil
}
