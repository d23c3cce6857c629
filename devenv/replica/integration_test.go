package replica

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/internal/replicatest"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// TestReplicaOnTrino seeds a small replica into its own region database
// (ap-southeast-2, so the default replica is left alone) on a running Trino
// and checks it the way the plugin will see it. It needs SECLAKE_TRINO_URL
// (e.g. http://127.0.0.1:8080 after scripts/trino/start.sh; skipped without
// it, failed when the tier is required: replicatest) and the lake directory
// of that Trino (SECLAKE_LAKE_DIR, default DefaultLakeDir()).
func TestReplicaOnTrino(t *testing.T) {
	url := replicatest.TrinoURL(t)
	lakeDir := os.Getenv("SECLAKE_LAKE_DIR")
	if lakeDir == "" {
		lakeDir = DefaultLakeDir()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cfg := DefaultConfig()
	cfg.Regions, cfg.Volume = []string{"ap-southeast-2"}, 5
	g, err := NewGenerator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewExecutor(url)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := Seed(ctx, client, g, SeedOptions{LakeDir: lakeDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d tables in %s", len(rep.Tables), time.Since(start).Round(time.Millisecond))
	if os.Getenv("SECLAKE_KEEP") == "" {
		t.Cleanup(func() {
			if err := Drop(context.Background(), client, cfg); err != nil {
				t.Errorf("drop: %v", err)
			}
		})
	}
	db := lake.DatabaseName("ap-southeast-2")
	q := func(sql string) [][]any {
		t.Helper()
		rows, err := client.Query(ctx, sql)
		if err != nil {
			t.Fatalf("%v", err)
		}
		return rows
	}
	count := func(sql string) int64 { t.Helper(); return firstInt(q(sql)) }

	t.Run("describe CloudTrail v2", func(t *testing.T) {
		for _, cat := range []string{CatalogIceberg, CatalogHive} { // the second goes through the redirect
			rows := q(fmt.Sprintf(`DESCRIBE "%s"."%s"."amazon_security_lake_table_ap_southeast_2_cloud_trail_mgmt_2_0"`, cat, db))
			if len(rows) != len(cloudTrailV2Describe) {
				t.Fatalf("%s: %d columns, want %d", cat, len(rows), len(cloudTrailV2Describe))
			}
			for i, want := range cloudTrailV2Describe {
				name, typ := rows[i][0].(string), normalizeType(rows[i][1].(string))
				if name != want[0] || typ != want[1] {
					t.Errorf("%s column %d:\n got  %s %s\n want %s %s", cat, i, name, typ, want[0], want[1])
				}
			}
		}
	})

	t.Run("tables listed and readable through awsdatacatalog", func(t *testing.T) {
		listed := map[string]bool{}
		for _, r := range q(fmt.Sprintf(`SHOW TABLES FROM "%s"."%s"`, CatalogHive, db)) {
			listed[r[0].(string)] = true
		}
		for _, tc := range rep.Tables {
			if !listed[tc.Table] {
				t.Errorf("%s not listed", tc.Table)
			}
			if n := count(fmt.Sprintf(`SELECT count(*) FROM "%s"."%s"."%s"`, CatalogHive, db, tc.Table)); n != tc.Rows {
				t.Errorf("%s: %d rows through awsdatacatalog, seeded %d", tc.Table, n, tc.Rows)
			}
		}
		if !listed[CustomTableName("ap-southeast-2")] {
			t.Error("custom _ext_ table not listed")
		}
	})

	t.Run("types and partitions", func(t *testing.T) {
		v2 := "amazon_security_lake_table_ap_southeast_2_vpc_flow_2_0"
		if got := q(fmt.Sprintf(`SELECT typeof("time_dt") FROM "%s"."%s"."%s" LIMIT 1`, CatalogHive, db, v2))[0][0]; got != "timestamp(6)" {
			t.Errorf("time_dt is %v", got)
		}
		days := int64(cfg.Days * len(cfg.Accounts))
		if n := count(fmt.Sprintf(`SELECT count(*) FROM "%s"."%s"."%s$partitions"`, CatalogIceberg, db, v2)); n != days {
			t.Errorf("%s: %d Iceberg partitions, want %d (account x day)", v2, n, days)
		}
		if n := count(fmt.Sprintf(`SELECT count(*) FROM "%s"."%s"."%s$files"`, CatalogIceberg, db, v2)); n < days {
			t.Errorf("%s: %d files, want at least one per partition (%d)", v2, n, days)
		}
		v1 := "amazon_security_lake_table_ap_southeast_2_vpc_flow_1_0"
		if n := count(fmt.Sprintf(`SELECT count(*) FROM "%s"."%s"."%s$partitions"`, CatalogHive, db, v1)); n != days {
			t.Errorf("%s: %d Hive partitions, want %d", v1, n, days)
		}
		raw, _ := json.Marshal(q(fmt.Sprintf(`SELECT "eventday", count(*) FROM "%s"."%s"."%s" WHERE "eventday" = '%s' GROUP BY 1`,
			CatalogHive, db, v1, cfg.AnchorDay().Format(lake.EventDayFormat))))
		if !strings.Contains(string(raw), cfg.AnchorDay().Format(lake.EventDayFormat)) {
			t.Errorf("anchor day missing: %s", raw)
		}
	})

	t.Run("planted counts", func(t *testing.T) {
		for _, p := range g.Planted() {
			if n := count(p.CountSQL()); n != int64(p.Count) {
				t.Errorf("%s v%d: %d on its day, want %d\n%s", p.Name, p.Version, n, p.Count, p.CountSQL())
			}
			if n := count(p.TotalSQL()); n != int64(p.Count) {
				t.Errorf("%s v%d: %d in the table, want %d (clean days must not match)", p.Name, p.Version, n, p.Count)
			}
		}
	})
}
