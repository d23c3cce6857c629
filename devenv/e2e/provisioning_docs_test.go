package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// TestProvisioningDocsQueriesOnReplica runs every query the docs show
// (the marked ```sql and ```json blocks of docs/*.md) through the plugin
// binary on the replica; each must return rows.
func TestProvisioningDocsQueriesOnReplica(t *testing.T) {
	s := stack(t)
	dss := replicaDS(t, s)
	qs, err := provisioning.LoadDocQueries(repoPath(t, provisioning.DocsDir))
	if err != nil {
		t.Fatal(err)
	}
	from, to := s.Range()
	for _, q := range qs {
		region := q.Region
		if region == "" {
			region = "us-east-1"
		}
		raw, err := provisioning.DocQueryJSON(q)
		if err != nil {
			t.Fatal(err)
		}
		res := run(t, s, dss[region], []json.RawMessage{raw}, provisioning.Vars{}, from, to)
		where := fmt.Sprintf("%s:%d", filepath.Base(q.File), q.Line)
		if errs := res.errors(); len(errs) > 0 {
			t.Errorf("%s: %v", where, errs)
			continue
		}
		if res.rows() == 0 {
			t.Errorf("%s: no rows", where)
		}
		t.Logf("%s (%s, %s): %d rows, %s", where, q.Lang, region, res.rows(), fmtBytes(res.scanned()))
	}
}

// TestProvisioningDocsMatchHealthCheckFixes makes athena-local fail the
// health check's probe of some tables with the errors Lake Formation, Glue,
// IAM and S3 give when a grant is missing, and checks that every fix the
// plugin prints is in docs/permissions.md (with the table names as
// <database>.<table> and <database>).
func TestProvisioningDocsMatchHealthCheckFixes(t *testing.T) {
	s := stack(t)
	docs, err := os.ReadFile(repoPath(t, filepath.Join(provisioning.DocsDir, "permissions.md")))
	if err != nil {
		t.Fatal(err)
	}
	region := "eu-west-1"
	db := "amazon_security_lake_glue_db_eu_west_1"
	failures := map[string]string{
		"cloud_trail_mgmt_2_0": "AccessDeniedException: Insufficient Lake Formation permission(s) on amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0",
		"vpc_flow_2_0":         "SYNTAX_ERROR: line 1:8: SELECT * not allowed from relation that has no columns",
		"route53_2_0":          "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.amazon_security_lake_glue_db_eu_west_1.amazon_security_lake_table_eu_west_1_route53_2_0' does not exist",
		"waf_2_0":              "AccessDeniedException: User is not authorized to perform: lakeformation:GetDataAccess",
		"eks_audit_2_0":        "Unable to write query results to the output location s3://grafana-athena-query-results-x/securitylake/",
	}
	var faults []athenaemu.Fault
	for suffix, reason := range failures {
		faults = append(faults, athenaemu.Fault{Op: "StartQueryExecution", Match: "_" + suffix + `"`, Action: athenaemu.ActFail, Message: reason})
	}
	if err := s.Athena.SetFaults(faults); err != nil {
		t.Fatal(err)
	}
	defer s.Athena.ClearFaults()
	ds, err := s.ProvisionedDS(region)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Host.CheckHealth(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	var details struct {
		Tables []struct {
			Table, Error, Fix string
			OK                bool
		} `json:"tables"`
	}
	if err := json.Unmarshal(res.JsonDetails, &details); err != nil {
		t.Fatalf("health details: %v (%s)", err, res.Message)
	}
	failed := 0
	for _, tb := range details.Tables {
		if tb.OK {
			continue
		}
		failed++
		fix := strings.ReplaceAll(tb.Fix, tb.Table, "`<database>.<table>`")
		fix = strings.ReplaceAll(fix, "database "+db, "database `<database>`")
		if !strings.Contains(string(docs), fix) {
			t.Errorf("%s: the health check prints %q, which docs/permissions.md does not show", tb.Table, fix)
		}
		t.Logf("%s → %s", strings.TrimPrefix(tb.Table, db+"."), tb.Fix)
	}
	if failed != len(failures) {
		t.Fatalf("%d probes failed, want %d: %s", failed, len(failures), res.Message)
	}
}
