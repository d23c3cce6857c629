package provisioning

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDatasourceFiles checks both datasource files: Grafana's v1 keys only
// (strict decoding), this plugin's type, the one uid the dashboards and
// rules use, secrets from environment variables, and that the replica file
// points at athena-local through SECLAKE_ATHENA_ENDPOINT.
func TestDatasourceFiles(t *testing.T) {
	b := load(t)
	uids, errs := CheckDatasourceFiles(b.datasources)
	for _, err := range errs {
		t.Error(err)
	}
	if len(uids) != 2 || !slices.Equal(uids["securitylake.yaml"], []string{"securitylake"}) ||
		!slices.Equal(uids["securitylake-replica.yaml"], []string{"securitylake"}) {
		t.Fatalf("uids %v: want securitylake in securitylake.yaml and securitylake-replica.yaml", uids)
	}
	env := map[string]string{"SECLAKE_ATHENA_ENDPOINT": "http://athena-local:4566", "AWS_REGION": "eu-west-1"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for _, f := range b.datasources {
		ds := f.Datasources[0]
		js, sec := ds.Expanded(lookup)
		switch filepath.Base(f.File) {
		case "securitylake-replica.yaml":
			if js["endpoint"] != "http://athena-local:4566" || js["defaultRegion"] != "us-east-1" {
				t.Errorf("replica jsonData %v", js)
			}
		case "securitylake.yaml":
			if js["defaultRegion"] != "eu-west-1" || js["authType"] != "keys" || js["endpoint"] != nil {
				t.Errorf("AWS jsonData %v", js)
			}
			for _, k := range []string{"assumeRoleArn", "externalId", "workgroup"} {
				if _, ok := js[k]; !ok {
					t.Errorf("AWS jsonData lacks %s", k)
				}
			}
		}
		for k, v := range sec {
			if v != "" {
				t.Errorf("%s secureJsonData.%s = %q: must come from the (unset) environment", f.File, k, v)
			}
		}
	}
}

func TestDatasourceFilesReject(t *testing.T) {
	var f DatasourceFile
	err := decodeStrict([]byte("apiVersion: 1\ndatasources:\n  - name: x\n    jsondata: {}\n"), &f)
	if err == nil || !strings.Contains(err.Error(), "jsondata") {
		t.Fatalf("a misspelt key must fail: %v", err)
	}
	bad := &DatasourceFile{File: "bad.yaml", APIVersion: 1, Datasources: []DatasourceConfig{{
		Name: "x", Type: "grafana-athena-datasource", UID: "x", Access: "direct", SecureJSONData: map[string]string{"secretKey": "AKIA…"}}}}
	_, errs := CheckDatasourceFiles([]*DatasourceFile{bad})
	mustErr(t, errs, "has type")
	mustErr(t, errs, "access must be proxy")
	mustErr(t, errs, "secureJsonData.secretKey is a literal")
}

func TestProviderFile(t *testing.T) {
	b := load(t)
	if len(b.providers) != 1 || len(b.providers[0].Providers) != 1 {
		t.Fatalf("want one dashboards provider")
	}
	p := b.providers[0].Providers[0]
	want := "/var/lib/grafana/plugins/" + PluginID + "/dashboards"
	if p.Type != "file" || p.Options.Path != want || p.Folder == "" {
		t.Fatalf("provider %+v: want type file, a folder and path %s (the plugin's shipped dashboards)", p, want)
	}
}

// TestPluginIncludes checks that plugin.json includes every bundled
// dashboard at the path the frontend build ships it to (dashboards/…,
// copied from src/ by .config's "**/*.json" pattern), named by its title.
func TestPluginIncludes(t *testing.T) {
	r := root(t)
	raw, err := os.ReadFile(filepath.Join(r, PluginJSON))
	if err != nil {
		t.Fatal(err)
	}
	var pj struct {
		Includes []struct{ Type, Name, Path string } `json:"includes"`
	}
	if err := json.Unmarshal(raw, &pj); err != nil {
		t.Fatal(err)
	}
	b := load(t)
	titles := map[string]string{}
	for _, d := range b.dashboards {
		titles["dashboards/"+filepath.Base(d.File)] = d.Title
	}
	got := 0
	for _, inc := range pj.Includes {
		if inc.Type != "dashboard" {
			continue
		}
		got++
		if title, ok := titles[inc.Path]; !ok || title != inc.Name {
			t.Errorf("include %q (%s): no bundled dashboard with that path and title", inc.Name, inc.Path)
		}
	}
	if got != len(b.dashboards) {
		t.Errorf("plugin.json includes %d dashboards, src/dashboards has %d", got, len(b.dashboards))
	}
	copyCfg, err := os.ReadFile(filepath.Join(r, ".config", "bundler", "copyFiles.ts"))
	if err != nil || !strings.Contains(string(copyCfg), "{ from: '**/*.json', to: '.' }") {
		t.Errorf("the frontend build no longer copies src/**/*.json to dist: dashboards would not ship (%v)", err)
	}
}

// TestAlertFiles checks the bundled rules and that the checks reject the
// mistakes they exist for.
func TestAlertFiles(t *testing.T) {
	b := load(t)
	rules := AllRules(b.alerts)
	if len(rules) < 10 {
		t.Fatalf("%d rules, want at least 10", len(rules))
	}
	for _, err := range CheckAlertFiles(b.alerts, b.uids) {
		t.Error(err)
	}
	qc := NewQueryChecker()
	for _, gr := range rules {
		q, _ := gr.Rule.Query()
		if _, err := qc.CheckModel(q.Model); err != nil {
			t.Errorf("rule %s: %v", gr.Rule.UID, err)
		}
	}
	edit := func(f func(r *Rule)) []error {
		files, err := LoadAlertFiles(filepath.Join(root(t), AlertingDir))
		if err != nil {
			t.Fatal(err)
		}
		f(&files[0].Groups[0].Rules[0])
		return CheckAlertFiles(files, b.uids)
	}
	mustErr(t, edit(func(r *Rule) { r.Data[0].DatasourceUID = "other" }), "provisioned datasource uid")
	mustErr(t, edit(func(r *Rule) { r.NoDataState = "NoData" }), "noDataState must be OK")
	mustErr(t, edit(func(r *Rule) { r.Data[0].RelativeTimeRange.From = 86400 * 7 }), "must be bounded")
	mustErr(t, edit(func(r *Rule) { r.Data[0].Model["format"] = "logs" }), "format time_series")
	mustErr(t, edit(func(r *Rule) { r.Data[0].Model["mode"] = "promql" }), "unknown query mode")
	mustErr(t, edit(func(r *Rule) { delete(r.Annotations, "runbook_url") }), "runbook_url")
	mustErr(t, edit(func(r *Rule) { r.Annotations["summary"] = "{{ $labels.accountid }}" }), "$labels")
	mustErr(t, edit(func(r *Rule) { r.Condition = "B" }), "threshold as condition")
	var f AlertFile
	if err := decodeStrict([]byte("apiVersion: 1\ngroups:\n  - name: x\n    folder: y\n    intervall: 5m\n"), &f); err == nil {
		t.Error("a misspelt group key must fail")
	}
	if _, err := qc.CheckModel(map[string]any{"mode": "builder", "format": "time_series", "source": "vpc_flow",
		"filters": []any{map[string]any{"field": "action.name", "op": "=", "value": "x"}}}); err == nil {
		t.Error("a rule on a field outside the catalog must fail")
	}
}
