package plugin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// dataRegions reads the Regions whose data a lake holds: the distinct
// values of the region partition of one of its tables (the preferred
// version's first, as discovery lists them), from the table's partition
// metadata. In a rollup Region these are the contributing Regions. region
// is the Region whose Athena runs it ("" the home Region).
func (d *Datasource) dataRegions(ctx context.Context, v *lakeView, region string) ([]string, error) {
	tables := v.inv.Tables
	if len(tables) == 0 {
		return nil, nil
	}
	t := tables[0]
	for _, c := range tables {
		if c.Version == v.inv.Preferred {
			t = c
			break
		}
	}
	end := d.now().UTC()
	run, err := d.runGuarded(ctx, guardedSQL{sql: sqlbuild.PartitionRegionsSQL(t), rng: sqlbuild.TimeRange{From: end.Add(-time.Hour), To: end}, region: region})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, row := range run.res.Rows {
		if len(row) > 0 && row[0] != nil && !slices.Contains(out, *row[0]) {
			out = append(out, clipRegion(*row[0]))
		}
	}
	return out, nil
}

// regionsSentence describes the Regions of the lake for the health
// message: the rollup Region, the Regions with data in the home Region's
// tables and, with a rollup, the lake Regions whose data has not arrived
// there. A failed read is reported, not fatal: the tables are readable.
func (d *Datasource) regionsSentence(ctx context.Context, v *lakeView) string {
	regions, err := d.dataRegions(ctx, v, "")
	if err != nil {
		return " Regions with data: unknown (" + errorText(err, d.settings.QueryTimeoutSeconds) + ")."
	}
	if len(regions) == 0 {
		return " Regions with data: none yet."
	}
	s := d.settings
	if s.RollupRegion == "" {
		return " Regions with data: " + strings.Join(regions, ", ") + "."
	}
	out := fmt.Sprintf(" Rollup Region %s, contributing Regions: %s.", s.RollupRegion, strings.Join(regions, ", "))
	var absent []string
	for _, r := range s.LakeRegions {
		if !slices.Contains(regions, r) {
			absent = append(absent, r)
		}
	}
	if len(absent) > 0 {
		out += " No data in the rollup Region from: " + strings.Join(absent, ", ") + " (check that Region's rollup in Security Lake)."
	}
	return out
}

// tableRegions is the short form for another Region's line.
func tableRegions(regions []string, err error) string {
	if err != nil || len(regions) == 0 {
		return ""
	}
	return ", data from " + strings.Join(regions, ", ")
}
