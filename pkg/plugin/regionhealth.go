package plugin

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// checkOtherRegions is the health check's part for the lake Regions other
// than the home Region of a multi-Region datasource: each Region's
// endpoint answers with the credentials, its workgroup is enabled with a
// result location, and discovery finds Security Lake tables in its
// database. It does not probe every table of every Region (the home
// Region's probes prove the grants' shape; a Region's missing grant shows
// as that Region's partial-result notice on the first query). It returns
// the sentence the success message ends with, or the first problem.
func (d *Datasource) checkOtherRegions(ctx context.Context) (string, error) {
	if !d.settings.MultiRegion() {
		return "", nil
	}
	var others []string
	for _, r := range d.settings.LakeRegions {
		if r != d.settings.HomeRegion() {
			others = append(others, r)
		}
	}
	found := make([]string, len(others))
	errs := make([]error, len(others))
	var wg sync.WaitGroup
	for i, r := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[i], errs[i] = d.checkRegion(ctx, r)
		}()
	}
	wg.Wait()
	var problems []string
	for i, err := range errs {
		if err != nil {
			problems = append(problems, others[i]+": "+err.Error())
		}
	}
	if len(problems) > 0 {
		return "", fmt.Errorf("%d of the %d other lake Regions cannot be queried (queries would return partial results): %s",
			len(problems), len(others), strings.Join(problems, "; "))
	}
	return " Other lake Regions, each through its own Athena: " + strings.Join(found, ", ") + ".", nil
}

// checkRegion checks one lake Region and describes what it found.
func (d *Datasource) checkRegion(ctx context.Context, region string) (string, error) {
	exec, lc, err := d.regionRuntime(ctx, region)
	if err != nil {
		return "", err
	}
	s := d.settings.ForRegion(region)
	wg, err := exec.GetWorkGroup(ctx, s.Workgroup)
	if err != nil {
		return "", fmt.Errorf("cannot read Athena workgroup %q (%s); check the Region's endpoint (regionEndpoints), the workgroup name and athena:GetWorkGroup", s.Workgroup, err.Error())
	}
	if wg.State != "" && !strings.EqualFold(wg.State, "ENABLED") {
		return "", fmt.Errorf("the Athena workgroup %q is %s", s.Workgroup, wg.State)
	}
	if s.OutputLocation == "" && wg.OutputLocation == "" {
		return "", fmt.Errorf("no query result location: set one for this Region (regionOutputLocations, a bucket in %s) or on its workgroup %q", region, s.Workgroup)
	}
	inv, err := d.inventoryOf(ctx, lc)
	if err != nil {
		return "", err
	}
	n := len(inv.Tables())
	if n == 0 {
		return "", fmt.Errorf("no Security Lake tables found in %s.%s; check Lake Formation DESCRIBE on the database in that Region", s.Catalog, inv.inv.Database)
	}
	regions, rerr := d.dataRegions(ctx, inv, region)
	return fmt.Sprintf("%s (%d tables in %s%s)", region, n, inv.inv.Database, tableRegions(regions, rerr)), nil
}
