package settings

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

func load(t *testing.T, jsonData string, secure map[string]string) Settings {
	t.Helper()
	s, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(jsonData), DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadSettingsDefaults(t *testing.T) {
	s := load(t, `{"defaultRegion":"eu-west-1","authType":"keys"}`, map[string]string{"accessKey": "AKIDEXAMPLE", "secretKey": "s3cr3t"})
	if s.Region() != "eu-west-1" || s.Catalog != DefaultCatalog || s.Workgroup != DefaultWorkgroup || s.LakeVersion != LakeVersionAuto {
		t.Fatalf("defaults not applied: %+v", s)
	}
	if s.RowLimit != DefaultRowLimit || s.QueryTimeoutSeconds != DefaultQueryTimeoutSeconds || s.MaxInFlightQueries != DefaultMaxInFlightQueries || s.STSEndpoint != "" {
		t.Fatalf("limits not defaulted: %+v", s)
	}
	// The scan guards are on unless a datasource sets its own values.
	if s.MaxTimeRangeDays != 90 || s.MaxBytesScanned != 1_000_000_000_000 || s.AllowNonReadStatements {
		t.Fatalf("guards not defaulted: days %d, bytes %d, non-read %v", s.MaxTimeRangeDays, s.MaxBytesScanned, s.AllowNonReadStatements)
	}
	if s.LakeDatabase() != "amazon_security_lake_glue_db_eu_west_1" {
		t.Fatalf("database = %s", s.LakeDatabase())
	}
	if s.AWS.AccessKey != "AKIDEXAMPLE" || s.AWS.SecretKey != "s3cr3t" {
		t.Fatal("secrets must be read from the secure data")
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	// Secrets never serialise with the settings.
	b, _ := json.Marshal(s)
	if strings.Contains(string(b), "s3cr3t") || strings.Contains(string(b), "AKIDEXAMPLE") {
		t.Fatalf("secret in marshalled settings: %s", b)
	}
}

func TestLoadSettingsFields(t *testing.T) {
	s := load(t, `{"defaultRegion":"us-east-1","catalog":"AwsDataCatalog","database":"sl_links","tables":{"vpc_flow":"sl_links.vpc_link"},
		"lakeVersion":"2","disableDiscovery":true,"workgroup":"grafana-wg","outputLocation":"s3://results/grafana/",
		"resultReuseEnabled":true,"rowLimit":5000,"maxTimeRangeDays":31,"maxBytesScanned":1000000000,"queryTimeoutSeconds":120,"maxConcurrentQueries":99,
		"maxInFlightQueries":8,"stsEndpoint":"https://vpce-1.sts.us-east-1.vpce.amazonaws.com"}`, nil)
	if s.PinnedVersion() != lake.V2 || !s.DisableDiscovery || s.LakeDatabase() != "sl_links" || s.Tables["vpc_flow"] != "sl_links.vpc_link" {
		t.Fatalf("lake settings: %+v", s)
	}
	if s.ResultReuseMaxAgeMinutes != DefaultResultReuseMaxAgeMin || s.ResultReuseMaxAge().Minutes() != 60 {
		t.Fatalf("reuse age default: %d", s.ResultReuseMaxAgeMinutes)
	}
	if s.RowLimit != 5000 || s.MaxTimeRangeDays != 31 || s.MaxBytesScanned != 1e9 || s.QueryTimeout().Seconds() != 120 || s.MaxInFlightQueries != 8 {
		t.Fatalf("limits: %+v", s)
	}
	if s.STSEndpoint != "https://vpce-1.sts.us-east-1.vpce.amazonaws.com" || s.AWS.Endpoint != "" {
		t.Fatalf("endpoints: sts %q, athena %q", s.STSEndpoint, s.AWS.Endpoint)
	}
	// An old configuration's maxConcurrentQueries (out of the old 1–32
	// range here) is read but ignored: it must not fail validation.
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"no region", `{}`, "choose the Default Region"},
		{"bad region", `{"defaultRegion":"mars"}`, `"mars" is not an AWS Region`},
		{"bad version", `{"defaultRegion":"us-east-1","lakeVersion":"3"}`, "lake version must be auto, 1 or 2"},
		{"bad output", `{"defaultRegion":"us-east-1","outputLocation":"results/"}`, "output location must be an S3 URI"},
		{"bad workgroup", `{"defaultRegion":"us-east-1","workgroup":"a b"}`, "workgroup"},
		{"bad database", `{"defaultRegion":"us-east-1","database":"db; drop"}`, "lake database"},
		{"unknown pinned source", `{"defaultRegion":"us-east-1","tables":{"netflow":"t"}}`, `"netflow" is neither an AWS source`},
		{"bad pinned name", `{"defaultRegion":"us-east-1","tables":{"waf":"a.b.c"}}`, "must be table or database.table"},
		{"custom pin ok but bad row limit", `{"defaultRegion":"us-east-1","tables":{"ext_okta":"okta"},"rowLimit":-5}`, "row limit must be between"},
		{"reuse age", `{"defaultRegion":"us-east-1","resultReuseEnabled":true,"resultReuseMaxAgeMinutes":20000}`, "result reuse max age"},
		{"negative guard", `{"defaultRegion":"us-east-1","maxBytesScanned":-1}`, "maximum bytes scanned"},
		{"timeout", `{"defaultRegion":"us-east-1","queryTimeoutSeconds":99999}`, "query timeout"},
		{"range too long", `{"defaultRegion":"us-east-1","maxTimeRangeDays":5000}`, "maximum time range must be between 1 and 3660"},
		{"negative range", `{"defaultRegion":"us-east-1","maxTimeRangeDays":-1}`, "maximum time range"},
		{"in-flight bound", `{"defaultRegion":"us-east-1","maxInFlightQueries":-3}`, "maximum in-flight queries must be between 1 and 1000"},
		{"in-flight too high", `{"defaultRegion":"us-east-1","maxInFlightQueries":5000}`, "maximum in-flight queries"},
		{"sts endpoint", `{"defaultRegion":"us-east-1","stsEndpoint":"sts.local"}`, "STS endpoint must be a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := load(t, tt.json, nil).Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadSettingsBadJSON(t *testing.T) {
	_, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"rowLimit":"many"}`), DecryptedSecureJSONData: map[string]string{"secretKey": "TOPSECRET"}})
	if err == nil || !strings.Contains(err.Error(), "rowLimit") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "TOPSECRET") {
		t.Fatal("secret leaked into the error")
	}
}
