package plugin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/settings"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// lakeCache discovers the lake through the executor's listings, cached for
// lake.DefaultCacheTTL so panels do not list the catalog on every query.
type lakeCache struct {
	cache   *lake.Cache
	catalog lake.Catalog
	cfg     lake.Config

	// refreshing is set while a background discovery runs (lakefresh.go);
	// base ends with the instance (Dispose), jobs counts the refreshes.
	refreshing atomic.Bool
	base       context.Context
	cancel     context.CancelFunc
	jobs       sync.WaitGroup
	// reuseCheck runs checkResultReuse once (reuse.go).
	reuseCheck sync.Once
}

func newLakeCache(exec *athena.Executor, s settings.Settings) *lakeCache {
	base, cancel := context.WithCancel(context.Background())
	return &lakeCache{
		base: base, cancel: cancel,
		cache:   lake.NewCache(lake.DefaultCacheTTL),
		catalog: catalogAdapter{exec},
		cfg: lake.Config{Catalog: s.Catalog, Region: s.Region(), Database: s.Database, Pins: s.Tables,
			Version: s.PinnedVersion(), Discover: !s.DisableDiscovery},
	}
}

// catalogAdapter lets discovery list through the Athena executor.
type catalogAdapter struct{ exec *athena.Executor }

func (a catalogAdapter) ListDatabases(ctx context.Context, catalog string) ([]string, error) {
	return a.exec.ListDatabases(ctx, catalog)
}

func (a catalogAdapter) ListTables(ctx context.Context, catalog, database string) ([]lake.TableMeta, error) {
	metas, err := a.exec.ListTables(ctx, catalog, database)
	if err != nil {
		return nil, err
	}
	out := make([]lake.TableMeta, len(metas))
	for i, m := range metas {
		out[i] = lake.TableMeta{Name: m.Name, Columns: columnMetas(m.Columns), PartitionKeys: columnMetas(m.PartitionKeys), Parameters: m.Parameters}
	}
	return out, nil
}

func columnMetas(cols []athena.ColumnMeta) []lake.ColumnMeta {
	out := make([]lake.ColumnMeta, len(cols))
	for i, c := range cols {
		out[i] = lake.ColumnMeta{Name: c.Name, Type: c.Type}
	}
	return out
}

// inventory returns what the lake holds: discovered (cached), or the
// conventional names when discovery is off.
func (d *Datasource) inventory(ctx context.Context) (*lakeView, error) {
	if _, err := d.executor(ctx); err != nil {
		return nil, err
	}
	return d.inventoryOf(ctx, d.lake)
}

// inventoryOf is inventory for one Region's lake cache.
func (d *Datasource) inventoryOf(ctx context.Context, lc *lakeCache) (*lakeView, error) {
	if !lc.cfg.Discover {
		return &lakeView{inv: lake.Conventional(lc.cfg), catalog: d.catalog}, nil
	}
	inv, err := lc.cache.Get(ctx, lc.catalog, lc.cfg)
	if err != nil {
		return nil, fmt.Errorf("discovering the Security Lake tables: %w", err)
	}
	return &lakeView{inv: inv, catalog: d.catalog}, nil
}

// lakeView answers the questions queries ask of the inventory; it
// implements macros.Resolver.
type lakeView struct {
	inv     *lake.Inventory
	catalog *ocsf.Catalog
	// pending, when set, makes the view provisional: inv holds the
	// conventional names of a cold instance, and pending waits for the
	// discovered inventory (lakefresh.go). cfg is the lake configuration.
	pending func() (*lake.Inventory, error)
	cfg     lake.Config
}

// Tables lists every table, AWS and custom.
func (v *lakeView) Tables() []lake.Table {
	return append(append([]lake.Table{}, v.inv.Tables...), v.inv.Custom...)
}

// Table resolves "vpc_flow", "vpc_flow@1" or "vpc_flow_1_0".
// A provisional view answers what the naming template settles and waits
// for discovery for the rest.
func (v *lakeView) Table(source string) (lake.Table, error) {
	if v.pending != nil {
		if t, ok := v.settled(source); ok {
			return t, nil
		}
		if err := v.settle(); err != nil {
			return lake.Table{}, err
		}
	}
	name, ver := splitVersion(source)
	return v.inv.Resolve(name, ver)
}

// splitVersion reads an optional version from a source reference.
func splitVersion(ref string) (string, lake.Version) {
	if name, ver, ok := strings.Cut(ref, "@"); ok {
		if n, err := strconv.Atoi(ver); err == nil {
			return name, lake.Version(n)
		}
	}
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		suffix := fmt.Sprintf("_%d_0", int(v))
		if name, ok := strings.CutSuffix(ref, suffix); ok {
			if _, known := lake.LookupSource(name); known {
				return name, v
			}
		}
	}
	return ref, 0
}

// schema returns the field set of a table: the embedded catalog for AWS
// sources, the listed columns for custom sources.
func (v *lakeView) schema(t lake.Table) (*ocsf.Schema, error) {
	if !t.Custom {
		if s, err := v.catalog.Schema(t.Version, t.Source); err == nil {
			return s, nil
		}
	}
	cols, ok := v.inv.ColumnsOf(t)
	if !ok {
		return nil, fmt.Errorf("no column list for %s.%s: enable discovery so its columns can be read", t.Database, t.Name)
	}
	in := make([]ocsf.Column, len(cols))
	for i, c := range cols {
		in[i] = ocsf.Column(c)
	}
	return ocsf.SchemaFromColumns(t.Source, int(t.Version), in)
}

// builderInput resolves a builder query's table and fields.
func (v *lakeView) builderInput(q models.Query) (sqlbuild.Input, error) {
	t, err := v.Table(q.Source)
	if err != nil {
		return sqlbuild.Input{}, err
	}
	s, err := v.schema(t)
	if err != nil {
		return sqlbuild.Input{}, err
	}
	return sqlbuild.Input{Query: q, Table: t, Fields: s}, nil
}
