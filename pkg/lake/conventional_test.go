package lake

import (
	"strings"
	"testing"
)

func TestConventional(t *testing.T) {
	t.Run("auto lists both versions", func(t *testing.T) {
		inv := Conventional(Config{Region: "us-gov-west-1"})
		if len(inv.Tables) != 14 || inv.Preferred != V2 || len(inv.Versions) != 2 {
			t.Fatalf("tables %d preferred %d versions %v", len(inv.Tables), inv.Preferred, inv.Versions)
		}
		if inv.Catalog != DefaultCatalog || inv.Database != "amazon_security_lake_glue_db_us_gov_west_1" {
			t.Errorf("catalog %s database %s", inv.Catalog, inv.Database)
		}
		if !strings.Contains(strings.Join(inv.Warnings, "\n"), "assuming version 2") {
			t.Errorf("warnings %q", inv.Warnings)
		}
		tb, err := inv.Resolve("s3_data", 0)
		if err != nil || tb.Name != "amazon_security_lake_table_us_gov_west_1_s3_data_2_0" || tb.Layout != Iceberg {
			t.Errorf("Resolve = %+v, %v", tb, err)
		}
		tb, err = inv.Resolve("s3_data", V1)
		if err != nil || tb.Name != "amazon_security_lake_table_us_gov_west_1_s3_data_1_0" || tb.Layout != Hive {
			t.Errorf("Resolve v1 = %+v, %v", tb, err)
		}
	})
	t.Run("pinned version", func(t *testing.T) {
		inv := Conventional(Config{Region: testRegion, Version: V1, Catalog: "other"})
		if len(inv.Tables) != 6 || inv.Preferred != V1 || len(inv.Warnings) != 0 || inv.Catalog != "other" {
			t.Errorf("tables %d preferred %d warnings %q", len(inv.Tables), inv.Preferred, inv.Warnings)
		}
		for _, tb := range inv.Tables {
			if tb.Catalog != "other" || tb.Version != V1 {
				t.Errorf("table %+v", tb)
			}
		}
	})
	t.Run("pinned database and tables", func(t *testing.T) {
		inv := Conventional(Config{Region: testRegion, Version: V2, Database: "links", Pins: map[string]string{
			"vpc_flow": "my_vpc", "ext_okta": "other.okta_table",
		}})
		vpc, err := inv.Resolve("vpc_flow", 0)
		if err != nil || vpc.Database != "links" || vpc.Name != "my_vpc" || vpc.Version != V2 || !vpc.Pinned {
			t.Errorf("vpc_flow = %+v, %v", vpc, err)
		}
		r53, _ := inv.Resolve("route53", 0)
		if r53.Database != "links" || r53.Name != "amazon_security_lake_table_us_east_1_route53_2_0" {
			t.Errorf("route53 = %+v", r53)
		}
		okta, err := inv.Resolve("ext_okta", 0)
		if err != nil || okta.Database != "other" || !okta.Custom || okta.Layout != Hive {
			t.Errorf("ext_okta = %+v, %v", okta, err)
		}
		if len(inv.Warnings) != 0 {
			t.Errorf("no listing, so no 'not found' warnings: %q", inv.Warnings)
		}
	})
	t.Run("bad region", func(t *testing.T) {
		inv := Conventional(Config{Region: "", Version: V2, Pins: map[string]string{"vpc_flow": "db.t"}})
		if len(inv.Tables) != 1 || !strings.Contains(strings.Join(inv.Warnings, "\n"), "pin the tables") {
			t.Errorf("tables %v warnings %q", inv.Tables, inv.Warnings)
		}
	})
}

func TestClone(t *testing.T) {
	inv := Conventional(Config{Region: testRegion})
	inv.Columns["a.b"] = []ColumnMeta{{"x", "int"}}
	c := inv.Clone()
	c.Tables[0].Name = "changed"
	c.Columns["a.b"][0].Name = "changed"
	c.Warnings[0] = "changed"
	if inv.Tables[0].Name == "changed" || inv.Columns["a.b"][0].Name == "changed" || inv.Warnings[0] == "changed" {
		t.Error("Clone must copy deeply")
	}
	var nilInv *Inventory
	if nilInv.Clone() != nil {
		t.Error("nil clone")
	}
}
