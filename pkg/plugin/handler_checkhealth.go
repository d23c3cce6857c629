package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// healthTimeout bounds the whole check; each table probe is a zero-row query.
const healthTimeout = 60 * time.Second

// tableProbe is the outcome of reading one lake table.
type tableProbe struct {
	Table  string `json:"table"`
	Source string `json:"source"`
	OK     bool   `json:"ok"`
	Error  string `json:"error,omitempty"`
	Fix    string `json:"fix,omitempty"`
}

// CheckHealth proves what a query needs, in order, and stops at the first
// missing piece with a message that names it: valid settings, AWS
// credentials, the workgroup and a result location, the lake database, and
// Lake Formation SELECT on each source table (a zero-row query per table,
// run to completion — a check that does not wait for a query passes even
// when Lake Formation denies reads).
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	fail := func(format string, a ...any) (*backend.CheckHealthResult, error) {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: fmt.Sprintf(format, a...)}, nil
	}
	if d.settingsErr != nil {
		return fail("%s", d.settingsErr.Error())
	}
	exec, err := d.executor(ctx)
	if err != nil {
		return fail("%s", err.Error())
	}
	// The home Region's view: the rollup Region when there is one.
	s := d.settings.ForRegion(d.settings.HomeRegion())
	wg, err := exec.GetWorkGroup(ctx, s.Workgroup)
	if err != nil {
		return fail("Cannot read Athena workgroup %q: %s. Check the region, the workgroup name and that the role may call athena:GetWorkGroup.", s.Workgroup, err.Error())
	}
	if wg.State != "" && !strings.EqualFold(wg.State, "ENABLED") {
		return fail("Athena workgroup %q is %s; enable it or choose another workgroup.", s.Workgroup, wg.State)
	}
	if s.OutputLocation == "" && wg.OutputLocation == "" {
		return fail("No query result location: set Output location (s3://…) or configure one on workgroup %q.", s.Workgroup)
	}
	inv, err := d.inventory(ctx)
	if err != nil {
		return fail("%s", err.Error())
	}
	tables := inv.Tables()
	if len(tables) == 0 {
		return fail("No Security Lake tables found in %s.%s. Check the region and that the role has Lake Formation DESCRIBE on the database.", s.Catalog, inv.inv.Database)
	}
	probes := d.probeTables(ctx, tables)
	var failed []string
	for _, p := range probes {
		if !p.OK {
			failed = append(failed, fmt.Sprintf("%s: %s → %s", p.Table, p.Error, p.Fix))
		}
	}
	details, _ := json.Marshal(map[string]any{"workgroup": wg.Name, "engineVersion": wg.EngineVersion, "database": inv.inv.Database,
		"versions": inv.inv.Versions, "preferredVersion": inv.inv.Preferred, "tables": probes, "warnings": inv.inv.Warnings})
	if len(failed) > 0 {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, JSONDetails: details,
			Message: fmt.Sprintf("%d of %d Security Lake tables cannot be read. %s", len(failed), len(probes), strings.Join(failed, "; "))}, nil
	}
	others, err := d.checkOtherRegions(ctx)
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, JSONDetails: details, Message: err.Error()}, nil
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, JSONDetails: details, Message: fmt.Sprintf(
		"Connected to Security Lake in %s: version %s, %d tables readable (%s), workgroup %s.%s%s",
		s.Region(), versionList(inv.inv.Versions), len(probes), sourceList(probes), wg.Name, d.regionsSentence(ctx, inv), others)}, nil
}

// probeTables runs a zero-row query on every table, four at a time, each
// through the guards and admission control like any other query.
func (d *Datasource) probeTables(ctx context.Context, tables []lake.Table) []tableProbe {
	out := make([]tableProbe, len(tables))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	end := d.now().UTC()
	rng := sqlbuild.TimeRange{From: end.Add(-time.Hour), To: end}
	for i, t := range tables {
		wg.Add(1)
		go func(i int, t lake.Table) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = tableProbe{Table: t.Database + "." + t.Name, Source: t.Source, OK: true}
			if _, err := d.runGuarded(ctx, guardedSQL{sql: sqlbuild.ProbeSQL(t, rng), rng: rng}); err != nil {
				out[i].OK, out[i].Error, out[i].Fix = false, err.Error(), grantFix(err.Error(), t)
			}
		}(i, t)
	}
	wg.Wait()
	return out
}

// grantFix names the grant or setting behind a failed table read
// (docs/design/security-lake.md, from the Security Lake and Lake Formation
// troubleshooting guides).
func grantFix(msg string, t lake.Table) string {
	m := strings.ToLower(msg)
	full := t.Database + "." + t.Name
	switch {
	case strings.Contains(m, "relation that has no columns"), strings.Contains(m, "insufficient lake formation permission"):
		return fmt.Sprintf("grant Lake Formation SELECT and DESCRIBE on table %s (and DESCRIBE on database %s) to the role Grafana uses", full, t.Database)
	case strings.Contains(m, "table_not_found"), strings.Contains(m, "schema_not_found"), strings.Contains(m, "does not exist"):
		return fmt.Sprintf("check the region and names, or grant Lake Formation DESCRIBE on %s (hidden tables look missing)", full)
	// Result-location failures also say "access denied", so they come first.
	case strings.Contains(m, "output location"), strings.Contains(m, "writing output"), strings.Contains(m, "s3://"):
		return "allow s3:PutObject/GetObject/ListBucket on the query result location, or fix the output location"
	case strings.Contains(m, "getdataaccess"), strings.Contains(m, "accessdenied"), strings.Contains(m, "access denied"):
		return "allow lakeformation:GetDataAccess and the Athena/Glue read actions in the role's IAM policy"
	}
	return "see the Athena message; docs/permissions.md lists every grant"
}

func versionList(vs []lake.Version) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(int(v))
	}
	return strings.Join(parts, " and ")
}

func sourceList(ps []tableProbe) string {
	seen := map[string]bool{}
	var names []string
	for _, p := range ps {
		if !seen[p.Source] {
			seen[p.Source] = true
			names = append(names, p.Source)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
