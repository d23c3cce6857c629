package macros

import (
	"strings"
	"testing"
)

// TestOptionalAbsence: only an AWS source that exists in the requested
// version and is missing from the lake is "not enabled"; names and versions
// that cannot exist stay errors, present sources resolve.
func TestOptionalAbsence(t *testing.T) {
	r := fixtureContext().Resolver
	for _, tc := range []struct {
		ref     string
		absent  string // notice starts with it
		wantErr bool
	}{
		{ref: "vpc_flow@2"},
		{ref: "route53_1_0"},
		{ref: "sh_findings", absent: "Security Hub findings is not enabled"},
		{ref: "sh_findings_2_0", absent: "Security Hub findings is not enabled"},
		{ref: "eks_audit@2", absent: "EKS audit logs is not enabled"},
		{ref: "waf@1", wantErr: true},      // WAF has no version 1
		{ref: "sh_findngs", wantErr: true}, // a typo
		{ref: "ext_sysmon", wantErr: true}, // custom sources are not optional
		{ref: "vpc_flow@x", wantErr: true}, // a bad version
	} {
		tbl, n, err := Optional(r, tc.ref)
		switch {
		case tc.wantErr:
			if err == nil {
				t.Errorf("%s: no error (table %q, notice %v)", tc.ref, tbl.Name, n)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.ref, err)
		case tc.absent != "":
			if n == nil || n.Severity != SeverityInfo || !strings.HasPrefix(n.Text, tc.absent) {
				t.Errorf("%s: notice %v, want one starting %q", tc.ref, n, tc.absent)
			}
		case n != nil || tbl.Name == "":
			t.Errorf("%s: notice %v, table %q; want the table", tc.ref, n, tbl.Name)
		}
	}
}

// TestUnionErrors: the template's form and the sources are checked.
func TestUnionErrors(t *testing.T) {
	for sql, want := range map[string]string{
		`$__union((SELECT 1))`: "takes one or more sources",
		`$__union(vpc_flow, vpc_flow@2, (SELECT count(*) FROM $__table WHERE $__partitionFilter))`: "read the same table",
		`$__union(vpc_flow, (SELECT * FROM $__union(route53, (SELECT 1 FROM $__table))))`:          "cannot hold another $__union",
		`$__union(vpc_flow, 'x y', (SELECT 1 FROM $__table WHERE $__partitionFilter))`:             "is not a source name",
		`SELECT $__source`: "only valid inside",
	} {
		_, err := Expand(sql, fixtureContext())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", sql, err, want)
		}
	}
}
