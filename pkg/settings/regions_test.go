package settings

import (
	"strings"
	"testing"
)

func TestRegionSettingsLoadAndApply(t *testing.T) {
	s := load(t, `{"defaultRegion":"us-east-1","authType":"keys","endpoint":"https://athena.example","outputLocation":"s3://res-use1/g/",
		"lakeRegions":["us-east-1","eu-west-1","ap-southeast-2"],
		"regionEndpoints":{"eu-west-1":"http://127.0.0.1:9001","ap-southeast-2":"https://vpce-1.athena.ap-southeast-2.vpce.amazonaws.com"},
		"regionOutputLocations":{"eu-west-1":"s3://res-euw1/g/"}}`, nil)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if !s.MultiRegion() || s.HomeRegion() != "us-east-1" || !s.InLake("eu-west-1") || s.InLake("us-west-2") {
		t.Fatalf("multi %v home %s", s.MultiRegion(), s.HomeRegion())
	}
	home := s.ForRegion("us-east-1")
	if home.AWS.Endpoint != "https://athena.example" || home.OutputLocation != "s3://res-use1/g/" || home.LakeDatabase() != "amazon_security_lake_glue_db_us_east_1" {
		t.Fatalf("home region: %s %s %s", home.AWS.Endpoint, home.OutputLocation, home.LakeDatabase())
	}
	eu := s.ForRegion("eu-west-1")
	if eu.Region() != "eu-west-1" || eu.AWS.Endpoint != "http://127.0.0.1:9001" || eu.OutputLocation != "s3://res-euw1/g/" || eu.LakeDatabase() != "amazon_security_lake_glue_db_eu_west_1" {
		t.Fatalf("eu-west-1: %s %s %s %s", eu.Region(), eu.AWS.Endpoint, eu.OutputLocation, eu.LakeDatabase())
	}
	// Another Region never inherits the Default Region's endpoint or bucket.
	ap := s.ForRegion("ap-southeast-2")
	if ap.OutputLocation != "" || !strings.Contains(ap.AWS.Endpoint, "ap-southeast-2") || s.Region() != "us-east-1" {
		t.Fatalf("ap-southeast-2: %s %s", ap.AWS.Endpoint, ap.OutputLocation)
	}

	r := load(t, `{"defaultRegion":"us-east-1","lakeRegions":["us-east-1","eu-west-1"],"rollupRegion":"eu-west-1"}`, nil)
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.MultiRegion() || r.HomeRegion() != "eu-west-1" || r.ForRegion(r.HomeRegion()).LakeDatabase() != "amazon_security_lake_glue_db_eu_west_1" {
		t.Fatalf("rollup: multi %v home %s", r.MultiRegion(), r.HomeRegion())
	}
	one := load(t, `{"defaultRegion":"us-east-1","lakeRegions":["us-east-1"]}`, nil)
	if one.MultiRegion() || one.Validate() != nil {
		t.Fatal("one lake Region is a single-Region datasource")
	}
}

func TestRegionSettingsValidateCombined(t *testing.T) {
	cases := []struct {
		json string
		want []string
	}{
		{`{"lakeRegions":["us-east-1","moon-1","Mars","us-east-1"]}`, []string{`"moon-1", "Mars" are not AWS Region codes`, "us-east-1 listed more than once"}},
		{`{"lakeRegions":["eu-west-1","eu-central-1"]}`, []string{"the Default Region us-east-1 must be one of the lake Regions (eu-west-1, eu-central-1)"}},
		{`{"rollupRegion":"eu-west-1"}`, []string{"a rollup Region needs the lake Regions it rolls up"}},
		{`{"lakeRegions":["us-east-1","eu-west-1"],"rollupRegion":"us-west-2"}`, []string{"the rollup Region us-west-2 must be one of the lake Regions (us-east-1, eu-west-1)"}},
		{`{"lakeRegions":["us-east-1"],"rollupRegion":"nowhere"}`, []string{`the rollup Region "nowhere" is not an AWS Region code`}},
		{`{"lakeRegions":["us-east-1","eu-west-1"],"regionEndpoints":{"eu-west-1":"athena.eu-west-1","us-west-2":"https://x.example"}}`,
			[]string{`the endpoint of eu-west-1 must be a URL`, `"us-west-2" is neither the Default Region nor one of the lake Regions`}},
		{`{"lakeRegions":["us-east-1","eu-west-1"],"regionOutputLocations":{"eu-west-1":"bucket/x"}}`, []string{"the location of eu-west-1 must be an S3 URI in that Region"}},
	}
	for _, c := range cases {
		s := load(t, `{"defaultRegion":"us-east-1",`+c.json[1:], nil)
		err := s.Validate()
		if err == nil {
			t.Fatalf("%s: no error", c.json)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s:\n got %v\nwant %q", c.json, err, w)
			}
		}
	}
}
