package plugin

import (
	"strings"
	"testing"
)

// TestMultiSourceBuilderQueries: a builder query over several sources
// resolves every one of them (and the joined source), each branch with its
// own table; with optional, an absent source drops its branch with a
// notice, and a query left with no branch is not run.
func TestMultiSourceBuilderQueries(t *testing.T) {
	srv := newMinimalLake(t)
	ds := newTestDatasource(t, srv, nil)
	res := runQueries(t, ds,
		dataQuery("union", `{"source":"vpc_flow","sources":["route53","waf"],"groupBy":["source"],"aggregations":[{"func":"count"}]}`),
		dataQuery("partial", `{"source":"vpc_flow","sources":["sh_findings@2"],"optional":true,"groupBy":["source"]}`),
		dataQuery("none", `{"source":"eks_audit","sources":["sh_findings@2"],"optional":true,"groupBy":["source"]}`),
		dataQuery("join", `{"source":"vpc_flow","groupBy":["src_endpoint.ip"],"join":{"field":"src_endpoint.ip","source":"cloud_trail_mgmt"}}`),
		dataQuery("absent", `{"source":"vpc_flow","sources":["sh_findings@2"],"groupBy":["source"]}`),
		dataQuery("nocommon", `{"source":"vpc_flow","sources":["route53"],"groupBy":["query.hostname"]}`),
	)
	for ref, want := range map[string]string{
		"partial": "Left out, not enabled in this lake: sh_findings@2.",
		"none":    "Not enabled in this lake: eks_audit, sh_findings@2; the query was not run.",
	} {
		r := res[ref]
		if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Meta == nil {
			t.Fatalf("%s: error %v, frames %d", ref, r.Error, len(r.Frames))
		}
		var texts []string
		for _, n := range r.Frames[0].Meta.Notices {
			texts = append(texts, n.Text)
		}
		if !strings.Contains(strings.Join(texts, "|"), want) {
			t.Errorf("%s: notices %q, want %q", ref, texts, want)
		}
	}
	for _, ref := range []string{"union", "join"} {
		if r := res[ref]; r.Error != nil {
			t.Errorf("%s: %v", ref, r.Error)
		}
	}
	if r := res["absent"]; r.Error == nil || !strings.Contains(r.Error.Error(), "Security Hub findings") {
		t.Errorf("absent: a plain union over an absent source must fail naming it, got %v", r.Error)
	}
	if r := res["nocommon"]; r.Error == nil || !strings.Contains(r.Error.Error(), `"query.hostname" is not in source vpc_flow`) {
		t.Errorf("nocommon: got %v", r.Error)
	}
	sqls := strings.Join(startedSQL(srv), "\n----\n")
	for _, want := range []string{"vpc_flow_2_0", "route53_2_0", "waf_2_0", "cloud_trail_mgmt_2_0", "UNION ALL"} {
		if !strings.Contains(sqls, want) {
			t.Errorf("no query read %s:\n%s", want, sqls)
		}
	}
	for _, absent := range []string{"sh_findings", "eks_audit"} {
		if strings.Contains(sqls, absent) {
			t.Errorf("a query ran on the absent %s", absent)
		}
	}
}

// TestRegionsMultiSource: on a multi-Region datasource each Region resolves
// every source of a union in its own lake; the Region whose lake lacks one
// drops that branch (optional) and says so, the others run all branches.
func TestRegionsMultiSource(t *testing.T) {
	servers, ds := partialRegionLakes(t)
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","sources":["waf"],"optional":true,"groupBy":["source"],
		"join":{"field":"src_endpoint.ip","source":"route53"}}`))["A"]
	if res.Error != nil || len(res.Frames) != 1 {
		t.Fatalf("error %v, %d frames", res.Error, len(res.Frames))
	}
	// Planning notices are merged once each, as $__union's are (regionmerge.go).
	if notes := noticeTexts(res.Frames[0]); !strings.Contains(notes, "Left out, not enabled in this lake: waf.") {
		t.Fatalf("notices:\n%s", notes)
	}
	for r, srv := range servers {
		sqls := strings.Join(startedSQL(srv), "\n")
		region := strings.ReplaceAll(r, "-", "_")
		for _, src := range []string{"vpc_flow", "waf", "route53"} {
			want := r != "eu-west-1" || src != "waf"
			if got := strings.Contains(sqls, region+"_"+src+"_2_0"); got != want {
				t.Errorf("%s: reads %s = %v, want %v:\n%s", r, src, got, want, sqls)
			}
		}
	}
}
