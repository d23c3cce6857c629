package provisioning

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDocs checks the docs offline: the four pages exist, every marked
// query parses into the query model and passes the query checks (the e2e
// tier runs them), and every rule's runbook_url points at a heading of
// docs/alerting.md.
func TestDocs(t *testing.T) {
	r := root(t)
	for _, page := range []string{"configure.md", "permissions.md", "dashboards.md", "alerting.md"} {
		if _, err := DocAnchors(filepath.Join(r, DocsDir, page)); err != nil {
			t.Error(err)
		}
	}
	qs, err := LoadDocQueries(filepath.Join(r, DocsDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 5 {
		t.Fatalf("%d doc queries, want the examples of dashboards.md and alerting.md", len(qs))
	}
	qc := NewQueryChecker()
	for _, q := range qs {
		raw, err := DocQueryJSON(q)
		if err != nil {
			t.Errorf("%s:%d: %v", q.File, q.Line, err)
			continue
		}
		if _, err := qc.Check(raw); err != nil {
			t.Errorf("%s:%d: %v", q.File, q.Line, err)
		}
	}
	anchors, err := DocAnchors(filepath.Join(r, DocsDir, "alerting.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, gr := range AllRules(load(t).alerts) {
		u := gr.Rule.Annotations["runbook_url"]
		_, anchor, ok := strings.Cut(u, "docs/alerting.md#")
		if !ok || !anchors[anchor] {
			t.Errorf("rule %s: runbook_url %s has no heading in docs/alerting.md", gr.Rule.UID, u)
		}
	}
}

func TestDocQueriesRejectUnmarkedSQL(t *testing.T) {
	_, err := docQueries("x.md", []byte("text\n\n```sql\nSELECT 1\n```\n"))
	if err == nil || !strings.Contains(err.Error(), "without a <!-- query --> marker") {
		t.Fatalf("got %v", err)
	}
	qs, err := docQueries("x.md", []byte("<!-- query region=eu-west-1 -->\n```sql\nSELECT 1\n```\n```ini\n[aws]\n```\n"))
	if err != nil || len(qs) != 1 || qs[0].Region != "eu-west-1" || qs[0].Text != "SELECT 1\n" {
		t.Fatalf("got %+v %v", qs, err)
	}
}
