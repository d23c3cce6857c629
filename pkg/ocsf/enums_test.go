package ocsf

import (
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

func schemaOf(t *testing.T, v lake.Version, source string) *Schema {
	t.Helper()
	s, err := Default().Schema(v, source)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEnumSeverity(t *testing.T) {
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		for _, name := range Default().Sources(v) {
			e, ok := schemaOf(t, v, name).EnumFor("severity_id", 0)
			if !ok || e.Caption != "severity" {
				t.Fatalf("%s v%d: %+v %v", name, v, e, ok)
			}
			for id, want := range map[int]string{0: "Unknown", 1: "Informational", 3: "Medium", 5: "Critical", 6: "Fatal", 99: "Other", 7: ""} {
				if got := e.CaptionOf(id); got != want {
					t.Errorf("severity %d = %q, want %q", id, got, want)
				}
			}
		}
	}
}

// findingSchema is a schema with status_id and the 1.1.0 finding classes.
// The v2 Glue dumps have status but no status_id column, so the finding
// branch of EnumFor is tested on a hand-made schema.
func findingSchema(t *testing.T) *Schema {
	t.Helper()
	c, err := Load([]byte(`{"schemas":[{"source":"sh_findings","version":2,"classes":[
		{"uid":2002,"name":"Vulnerability Finding","categoryUid":2},{"uid":2004,"name":"Detection Finding","categoryUid":2}],
		"fields":[{"path":"status_id","type":"integer"},{"path":"activity_id","type":"integer"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Schema(lake.V2, "sh_findings")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEnumStatus(t *testing.T) {
	// Activity classes: 1 Success, 2 Failure.
	ct := schemaOf(t, lake.V1, "cloud_trail_mgmt")
	e, ok := ct.EnumFor("status_id", 0)
	if !ok || e.CaptionOf(1) != "Success" || e.CaptionOf(2) != "Failure" {
		t.Errorf("activity status_id = %+v, %v", e, ok)
	}
	// Finding classes: 1 New … 4 Resolved, whether the class is given or not.
	fs := findingSchema(t)
	for _, uid := range []int{0, 2002, 2004} {
		e, ok := fs.EnumFor("status_id", uid)
		if !ok || e.CaptionOf(1) != "New" || e.CaptionOf(4) != "Resolved" {
			t.Errorf("finding status_id (class %d) = %+v, %v", uid, e, ok)
		}
	}
	// rc.2 Security Finding has state_id instead of status_id.
	sh1 := schemaOf(t, lake.V1, "sh_findings")
	if _, ok := sh1.EnumFor("status_id", 0); ok {
		t.Error("v1 sh_findings has no status_id")
	}
	if e, ok := sh1.EnumFor("state_id", 0); !ok || e.CaptionOf(3) != "Suppressed" {
		t.Errorf("state_id = %+v, %v", e, ok)
	}
	// A field the schema lacks has no enum.
	if _, ok := schemaOf(t, lake.V2, "vpc_flow").EnumFor("status_id", 0); ok {
		t.Error("v2 vpc_flow has no status_id")
	}
}

func TestEnumActivity(t *testing.T) {
	tests := []struct {
		v        lake.Version
		source   string
		class    int
		ok       bool
		id       int
		caption  string
		captions int
	}{
		{lake.V2, "vpc_flow", 0, true, 5, "Refuse", 8},
		{lake.V1, "vpc_flow", 4001, true, 6, "Traffic", 8},
		{lake.V2, "route53", 0, true, 2, "Response", 5},
		{lake.V2, "waf", 0, true, 8, "Trace", 10},
		{lake.V2, "eks_audit", 0, true, 1, "Create", 6},
		{lake.V1, "s3_data", 0, true, 2, "Read", 6},
		{lake.V2, "cloud_trail_mgmt", 6003, true, 4, "Delete", 6},
		{lake.V2, "cloud_trail_mgmt", 3002, true, 1, "Logon", 7},
		{lake.V2, "cloud_trail_mgmt", 3001, true, 7, "Attach Policy", 11},
		// Three classes with different activities: ambiguous without a class.
		{lake.V2, "cloud_trail_mgmt", 0, false, 0, "", 0},
		// The finding classes agree, so no class is needed.
		{lake.V2, "sh_findings", 0, true, 3, "Close", 5},
		{lake.V1, "sh_findings", 2001, true, 2, "Update", 5},
		// A class without a known enum.
		{lake.V2, "vpc_flow", 9999, false, 0, "", 0},
	}
	for _, tt := range tests {
		e, ok := schemaOf(t, tt.v, tt.source).EnumFor("activity_id", tt.class)
		if ok != tt.ok {
			t.Errorf("%s v%d class %d: ok = %v", tt.source, tt.v, tt.class, ok)
			continue
		}
		if !ok {
			continue
		}
		if e.Field != "activity_id" || e.Caption != "activity_name" || e.CaptionOf(tt.id) != tt.caption || len(e.Values) != tt.captions {
			t.Errorf("%s v%d class %d: %+v", tt.source, tt.v, tt.class, e)
		}
	}
}

func TestEnumClassUID(t *testing.T) {
	e, ok := schemaOf(t, lake.V2, "sh_findings").EnumFor("class_uid", 0)
	if !ok || e.Caption != "class_name" || len(e.Values) != 3 || e.CaptionOf(2003) != "Compliance Finding" {
		t.Errorf("v2 sh_findings class_uid = %+v", e)
	}
	e, ok = schemaOf(t, lake.V1, "cloud_trail_mgmt").EnumFor("class_uid", 0)
	if !ok || e.CaptionOf(3005) != "API Activity" || e.CaptionOf(6003) != "" {
		t.Errorf("v1 cloud_trail class_uid = %+v", e)
	}
	e, ok = schemaOf(t, lake.V2, "cloud_trail_mgmt").EnumFor("class_uid", 0)
	if !ok || e.CaptionOf(6003) != "API Activity" || e.CaptionOf(3002) != "Authentication" {
		t.Errorf("v2 cloud_trail class_uid = %+v", e)
	}
}

func TestEnumOthers(t *testing.T) {
	vpc2 := schemaOf(t, lake.V2, "vpc_flow")
	if e, ok := vpc2.EnumFor("action_id", 0); !ok || e.CaptionOf(2) != "Denied" {
		t.Errorf("action_id = %+v %v", e, ok)
	}
	if e, ok := vpc2.EnumFor("connection_info.direction_id", 0); !ok || e.CaptionOf(3) != "Lateral" {
		t.Errorf("direction_id = %+v %v", e, ok)
	}
	if e, ok := schemaOf(t, lake.V2, "waf").EnumFor("disposition_id", 0); !ok || e.CaptionOf(2) != "Blocked" {
		t.Errorf("disposition_id = %+v %v", e, ok)
	}
	if _, ok := vpc2.EnumFor("src_endpoint.ip", 0); ok {
		t.Error("a non-enum field has no enum")
	}
	if _, ok := Activity(123); ok {
		t.Error("unknown class")
	}
}
