package plugin

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// A lake without a rollup Region keeps each Region's data in that Region's
// own Glue database, which only that Region's Athena reads. On such a
// datasource (settings.MultiRegion) a query runs once per selected Region,
// in parallel, each through runShared and runGuarded like any query (so
// under the same admission control, cache and guards), against that
// Region's database as that Region's discovery found it; the answers are
// merged into one frame (regionmerge.go). A Region that fails leaves the
// others' rows with a warning notice, except in an alert evaluation
// (the FromAlert header), which fails as a whole. With a rollup Region the datasource
// is not MultiRegion: its home Region is the rollup Region, and the
// builder's and $__regionFilter's Region predicate selects the rows.

// regional is the Athena executor and lake discovery of a lake Region other
// than the home Region.
type regional struct {
	exec *athena.Executor
	lake *lakeCache
}

// regionRuntime returns the executor and lake cache of region; "" (or the
// home Region) is executor()'s. Other Regions' are built on first use and
// kept for the instance, so each Region has one client, one discovery and
// one inventory cache.
func (d *Datasource) regionRuntime(ctx context.Context, region string) (*athena.Executor, *lakeCache, error) {
	exec, err := d.executor(ctx)
	if err != nil {
		return nil, nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if region == "" || region == d.settings.HomeRegion() {
		return exec, d.lake, nil
	}
	if r, ok := d.regionRTs[region]; ok {
		return r.exec, r.lake, nil
	}
	if !d.settings.InLake(region) {
		// Callers select among the lake Regions; this keeps the map
		// bounded by the settings whatever a caller passes.
		return nil, nil, badQuery(fmt.Errorf("%q is not one of this datasource's lake Regions (%s)", clipRegion(region), strings.Join(d.settings.LakeRegions, ", ")))
	}
	s := d.settings.ForRegion(region)
	if exec, err = d.newExecutor(ctx, s); err != nil {
		return nil, nil, err
	}
	if d.regionRTs == nil {
		d.regionRTs = map[string]*regional{}
	}
	r := &regional{exec: exec, lake: newLakeCache(exec, s)}
	d.regionRTs[region] = r
	return r.exec, r.lake, nil
}

// lakeCaches lists the lake caches built so far: the home Region's, then
// the other Regions' in name order.
func (d *Datasource) lakeCaches() []*lakeCache {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []*lakeCache
	if d.lake != nil {
		out = append(out, d.lake)
	}
	names := make([]string, 0, len(d.regionRTs))
	for name := range d.regionRTs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, d.regionRTs[name].lake)
	}
	return out
}

// queryRegions returns the lake Regions a query fans out to, in the order
// of lakeRegions: the selected ones, or all when none is selected (as a
// dashboard's "All"). ignored are selected Regions that are not lake
// Regions.
func (d *Datasource) queryRegions(selected []string) (regions, ignored []string) {
	if len(selected) == 0 {
		return d.settings.LakeRegions, nil
	}
	want := map[string]bool{}
	for _, r := range selected {
		want[r] = true
		if !d.settings.InLake(r) {
			ignored = append(ignored, clipRegion(r))
		}
	}
	for _, r := range d.settings.LakeRegions {
		if want[r] {
			regions = append(regions, r)
		}
	}
	return regions, ignored
}

// regionRun is one Region's part of a fan-out.
type regionRun struct {
	region string
	plan   plannedQuery
	run    guardedRun
	served string
	age    time.Duration
	err    error
}

// executeRegions is execute for a multi-Region datasource.
func (d *Datasource) executeRegions(ctx context.Context, dq backend.DataQuery, parsed plannedQuery) (o queryOutcome) {
	o.query, o.parsed = parsed.query, parsed.parsed
	// The settings error, once, rather than once per Region.
	if _, err := d.executor(ctx); err != nil {
		o.err = err
		return o
	}
	regions, ignored := d.queryRegions(parsed.query.Regions)
	if len(regions) == 0 {
		o.err = badQuery(fmt.Errorf("none of the selected Regions (%s) is one of this datasource's lake Regions (%s)",
			strings.Join(ignored, ", "), strings.Join(d.settings.LakeRegions, ", ")))
		return o
	}
	runs := make([]regionRun, len(regions))
	var wg sync.WaitGroup
	for i, region := range regions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i] = d.runInRegion(ctx, dq, parsed, region)
		}()
	}
	wg.Wait()
	// A Region whose lake lacks an optional source ran nothing: it is left
	// out of the merge and named in a notice; if no Region has the source
	// the answer is the usual empty frame with the not-enabled notice.
	runs, skipped := splitSkipped(runs)
	if len(runs) == 0 {
		o.regions = regions
		o.resp = backend.DataResponse{Frames: data.Frames{skippedFrame(dq.RefID, skipped[0].plan.notices)}}
		return o
	}
	// Merge first: it may mark a Region whose columns differ as failed.
	frame, mergeErr := d.mergeRegionRuns(dq.RefID, parsed, runs, ignored)
	if frame != nil {
		frame.AppendNotices(skippedNotices(skipped)...)
	}
	o.regions = make([]string, len(runs))
	for i, r := range runs {
		o.regions[i] = r.region
		d.tel.regionFinished(ctx, r)
		o.waited = max(o.waited, r.run.waited)
		if r.err != nil {
			o.failedRegions = append(o.failedRegions, r.region)
		} else if r.run.res != nil {
			o.regionBytes += r.run.res.DataScannedBytes
		}
	}
	if mergeErr != nil {
		o.err = mergeErr
		return o
	}
	if len(o.failedRegions) > 0 && isAlertEvaluation(ctx) {
		// A partial answer would let a rule see too few events and go
		// quiet exactly when a Region is down: fail the evaluation so the
		// rule takes its execution error state instead.
		var failed []regionRun
		for _, r := range runs {
			if r.err != nil {
				failed = append(failed, r)
			}
		}
		o.err = newAlertRegionsError(failed, d.settings.QueryTimeoutSeconds)
		return o
	}
	o.resp = backend.DataResponse{Frames: data.Frames{frame}}
	return o
}

// runInRegion plans and runs the query in one Region.
func (d *Datasource) runInRegion(ctx context.Context, dq backend.DataQuery, parsed plannedQuery, region string) regionRun {
	r := regionRun{region: region}
	r.plan, r.err = d.plan(ctx, dq, parsed, region)
	if r.err != nil || r.plan.skip {
		return r
	}
	r.run, r.served, r.age, r.err = d.runPlan(ctx, &r.plan, region, false)
	return r
}

// regionsError is the error of a fan-out in which every Region failed: its
// text names each Region's failure, and it unwraps to the first one, whose
// kind (throttled, denied, bad query…) sets the response status.
type regionsError struct {
	first error
	text  string
}

func (e regionsError) Error() string { return e.text }
func (e regionsError) Unwrap() error { return e.first }

func newRegionsError(runs []regionRun, timeoutSeconds int) error {
	parts := make([]string, 0, len(runs))
	for _, r := range runs {
		parts = append(parts, r.region+": "+errorText(r.err, timeoutSeconds))
	}
	first := runs[0].err
	for _, r := range runs {
		if errors.As(r.err, new(userError)) {
			// A bad query fails alike everywhere; its status wins.
			first = r.err
			break
		}
	}
	return regionsError{first: first, text: "the query failed in every Region: " + strings.Join(parts, "; ")}
}

// regionsErrorOf builds a regionsError of runs with the text prefix.
func regionsErrorOf(runs []regionRun, timeoutSeconds int, prefix string) regionsError {
	var e regionsError
	_ = errors.As(newRegionsError(runs, timeoutSeconds), &e)
	e.text = prefix + strings.TrimPrefix(e.text, "the query failed in every Region: ")
	return e
}

// newAlertRegionsError is the error of an alert evaluation in which some
// Regions failed: the rule must not evaluate a partial result.
func newAlertRegionsError(failed []regionRun, timeoutSeconds int) error {
	names := make([]string, len(failed))
	for i, r := range failed {
		names[i] = r.region
	}
	return regionsErrorOf(failed, timeoutSeconds, "alert evaluation failed: the query failed in "+strings.Join(names, ", ")+
		" (an alert rule never evaluates a partial result): ")
}

// clipRegion bounds a Region name echoed from a query.
func clipRegion(r string) string {
	if len(r) > 40 {
		return r[:40] + "…"
	}
	return r
}

// splitSkipped separates the Regions whose plan skipped the query (an
// optional source their lake lacks) from those that ran it.
func splitSkipped(runs []regionRun) (ran, skipped []regionRun) {
	for _, r := range runs {
		if r.err == nil && r.plan.skip {
			skipped = append(skipped, r)
		} else {
			ran = append(ran, r)
		}
	}
	return ran, skipped
}

// skippedNotices names, per skipped Region, why it has no rows.
func skippedNotices(skipped []regionRun) []data.Notice {
	var out []data.Notice
	for _, r := range skipped {
		for _, n := range r.plan.notices {
			out = append(out, data.Notice{Severity: n.Severity, Text: r.region + ": " + n.Text})
		}
	}
	return out
}
