package plugin

import (
	"context"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// refreshTimeout bounds one background discovery; it is detached from the
// query that started it, so a closed dashboard does not abort it.
const refreshTimeout = 2 * time.Minute

// queryInventoryIn is the inventory a query plans with, in one Region's
// lake ("" is the home Region; each Region has its own database, tables
// and discovery). Discovery never sits in front of a query it is not
// needed for: a warm instance uses the last discovered inventory, even past
// the cache TTL; a cold one plans with the conventional names (pins
// applied) and waits for discovery only when a source cannot be settled
// without it (see lakeView.settled). refreshLake keeps the inventories
// current in the background. The `lake` route and the
// health check keep using inventory, which shows the discovered lake.
func (d *Datasource) queryInventoryIn(ctx context.Context, region string) (*lakeView, error) {
	_, lc, err := d.regionRuntime(ctx, region)
	if err != nil {
		return nil, err
	}
	if !lc.cfg.Discover {
		return &lakeView{inv: lake.Conventional(lc.cfg), catalog: d.catalog}, nil
	}
	if inv, _ := lc.cache.Peek(lc.cfg); inv != nil {
		return &lakeView{inv: inv, catalog: d.catalog}, nil
	}
	v := &lakeView{inv: lake.Conventional(lc.cfg), catalog: d.catalog, cfg: lc.cfg}
	v.pending = func() (*lake.Inventory, error) { return d.discoveredIn(ctx, lc) }
	return v, nil
}

// discovered waits for the discovery in flight (or runs one): the cache
// lets one discovery run per configuration and joins later callers to it.
func (d *Datasource) discovered(ctx context.Context) (*lake.Inventory, error) {
	v, err := d.inventory(ctx)
	if err != nil {
		return nil, err
	}
	return v.inv, nil
}

// discoveredIn is discovered for one Region's lake cache.
func (d *Datasource) discoveredIn(ctx context.Context, lc *lakeCache) (*lake.Inventory, error) {
	v, err := d.inventoryOf(ctx, lc)
	if err != nil {
		return nil, err
	}
	return v.inv, nil
}

// refreshLake starts a background discovery, for every Region the instance
// has used, when it has no discovered inventory yet or it is older than the
// cache TTL. QueryData calls it once its queries have answered.
func (d *Datasource) refreshLake(ctx context.Context) {
	for _, lc := range d.lakeCaches() {
		if !lc.cfg.Discover {
			continue
		}
		if _, fresh := lc.cache.Peek(lc.cfg); !fresh {
			lc.refresh(ctx)
		}
	}
}

// refresh starts a background discovery unless one is already running.
// It keeps ctx's values (trace, logger) but not its cancellation.
func (lc *lakeCache) refresh(ctx context.Context) {
	if !lc.refreshing.CompareAndSwap(false, true) {
		return
	}
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	lc.jobs.Add(1)
	go func() {
		defer lc.jobs.Done()
		defer lc.refreshing.Store(false)
		defer cancel()
		stop := context.AfterFunc(lc.base, cancel)
		defer stop()
		// An error is not cached; the next query starts another refresh
		// and queries meanwhile keep the last known inventory.
		_, _ = lc.cache.Get(bg, lc.catalog, lc.cfg)
	}()
}

// close cancels a background refresh and waits for it to end.
func (lc *lakeCache) close() {
	lc.cancel()
	lc.jobs.Wait()
}

// settled resolves source from a provisional (conventional) view when the
// naming template alone settles it: a pinned source, or an AWS source in
// the Region's own lake database with a known version (named in the query
// or configured). Custom ext_ sources, resource-link databases without
// pins, and an auto lake version need discovery.
func (v *lakeView) settled(source string) (lake.Table, bool) {
	name, ver := splitVersion(source)
	t, err := v.inv.Resolve(name, ver)
	switch {
	case err != nil:
		return lake.Table{}, false
	case t.Pinned:
		return t, true
	case t.Custom, ver == 0 && v.cfg.Version == 0, !v.conventionalDatabase():
		return lake.Table{}, false
	}
	return t, true
}

// conventionalDatabase reports whether the lake database is the Region's
// own, whose tables follow the naming template.
func (v *lakeView) conventionalDatabase() bool {
	return v.cfg.Database == "" || strings.EqualFold(v.cfg.Database, lake.DatabaseName(v.cfg.Region))
}

// settle replaces a provisional view by the discovered inventory, waiting
// for the discovery in flight. A no-op on a settled view.
func (v *lakeView) settle() error {
	if v.pending == nil {
		return nil
	}
	inv, err := v.pending()
	if err != nil {
		return err
	}
	v.inv, v.pending = inv, nil
	return nil
}

// settleForSQL settles a provisional view before raw SQL is expanded when
// the SQL may read tables the conventional names do not cover: a custom
// (ext_) table, any table of a resource-link database, or an optional
// source ($__optionalTable, $__union), whose presence only discovery knows.
func (v *lakeView) settleForSQL(sql string) error {
	if v.pending == nil {
		return nil
	}
	lower := strings.ToLower(sql)
	if strings.Contains(lower, "ext_") || !v.conventionalDatabase() ||
		strings.Contains(lower, "$__optionaltable") || strings.Contains(lower, "$__union") {
		return v.settle()
	}
	return nil
}

// settleForSource settles a provisional view before a builder query when
// the naming template cannot settle its source, or the source is optional
// (only discovery knows whether the lake has it).
func (v *lakeView) settleForSource(source string, optional bool) error {
	if v.pending == nil {
		return nil
	}
	if _, ok := v.settled(source); ok && !optional {
		return nil
	}
	return v.settle()
}
