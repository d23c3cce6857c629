package plugin

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/frames"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/macros"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// Raw SQL that selects nested OCSF values (SELECT * of a source, or a row
// column such as actor) would show Athena's ambiguous text. Before the first
// run of a statement the plugin runs a LIMIT 0 probe of it (no data read) to
// learn its output columns; when one is a row, array or map, the statement
// runs wrapped so that those columns come back as JSON
// (sqlbuild.NestedAsJSON). What a probe learnt is kept per statement text,
// so refreshes, panels and alert rules that run the same statement pay for
// it once (shapeTTL); a changed time range does not change the text the
// shape is keyed by (the raw SQL before macro expansion).

const (
	// shapeTTL bounds how long a learnt shape is trusted: a lake's tables
	// change (a new OCSF version) rarely, and a wrong shape only fails
	// once (the entry is dropped on error).
	shapeTTL = time.Hour
	// failedShapeTTL: a statement whose probe failed runs as written; it is
	// probed again after this, in case it was a transient failure.
	failedShapeTTL = time.Minute
	shapeCacheSize = 512
)

// shape is what a probe learnt about one statement.
type shape struct {
	cols   []sqlbuild.OutputColumn
	nested bool
	at     time.Time
	ttl    time.Duration
}

// shapes is the per-datasource cache of statement shapes, oldest first.
type shapes struct {
	mu    sync.Mutex
	m     map[string]shape
	order []string
}

func (s *shapes) get(key string, now time.Time) (shape, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh, ok := s.m[key]
	if ok && now.Sub(sh.at) >= sh.ttl {
		delete(s.m, key)
		return shape{}, false
	}
	return sh, ok
}

func (s *shapes) put(key string, sh shape) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]shape{}
	}
	if _, ok := s.m[key]; !ok {
		s.order = append(s.order, key)
	}
	s.m[key] = sh
	for len(s.m) > shapeCacheSize && len(s.order) > 0 {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
	if len(s.order) > 2*shapeCacheSize {
		live := s.order[:0]
		for _, k := range s.order {
			if _, ok := s.m[k]; ok {
				live = append(live, k)
			}
		}
		s.order = live
	}
}

func (s *shapes) forget(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}

// runPlan runs a planned query in a Region ("" is home), into a typed
// frame builder when typed (a panel query; a Region of a fan-out reads
// rows for the merge). Raw SQL goes
// through the nested-values wrapper when its output has nested columns;
// plan.sql is then the wrapped statement, so the frame's executed query
// shows what ran.
func (d *Datasource) runPlan(ctx context.Context, plan *plannedQuery, region string, typed bool) (guardedRun, string, time.Duration, error) {
	g := guardedSQL{sql: plan.sql, rng: plan.rng, region: region, typed: typed}
	if plan.query.Mode != models.ModeSQL {
		return d.runShared(ctx, g)
	}
	key := d.shareKey(guardedSQL{sql: plan.query.RawSQL, region: region})
	wrapped, notice, err := d.structuredSQL(ctx, g, key)
	if err != nil {
		return guardedRun{}, "", 0, err
	}
	if notice != "" {
		plan.notices = append(plan.notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: notice})
	}
	if wrapped == "" {
		return d.runShared(ctx, g)
	}
	g.sql = wrapped
	run, served, age, err := d.runShared(ctx, g)
	if err != nil {
		// The shape may be stale (the lake's tables changed): learn it
		// again next time rather than fail the same way.
		d.shapes.forget(key)
		return run, served, age, err
	}
	plan.sql = wrapped
	return run, served, age, nil
}

// structuredSQL returns the wrapped statement of g.sql, or "" to run it as
// written, with a notice when nested values stay text for a reason the
// user can act on. Only a cancelled request is an error: a failed probe
// means the statement runs as written and reports its own error.
func (d *Datasource) structuredSQL(ctx context.Context, g guardedSQL, key string) (string, string, error) {
	if !macros.IsQuery(g.sql) || !macros.MayReturnNested(g.sql, isNestedPath) {
		return "", "", nil
	}
	sh, ok := d.shapes.get(key, d.now())
	if !ok {
		// The probe's answer is read for its columns only: no typed frame.
		probe := guardedSQL{sql: sqlbuild.ShapeSQL(g.sql), rng: g.rng, region: g.region}
		run, _, _, err := d.runShared(ctx, probe)
		switch {
		case ctx.Err() != nil:
			return "", "", ctx.Err()
		case err != nil:
			d.tel.m.shapeProbes.WithLabelValues("failed").Inc()
			d.tel.log(ctx).Debug("Shape probe failed; running the statement as written", "error", err)
			d.shapes.put(key, shape{at: d.now(), ttl: failedShapeTTL})
			return "", "", nil
		}
		sh = shape{at: d.now(), ttl: shapeTTL, cols: make([]sqlbuild.OutputColumn, len(run.res.Columns))}
		for i, c := range run.res.Columns {
			nested := frames.IsNestedType(c.Type)
			sh.cols[i] = sqlbuild.OutputColumn{Name: c.Name, Nested: nested}
			sh.nested = sh.nested || nested
		}
		outcome := "flat"
		if sh.nested {
			outcome = "nested"
		}
		d.tel.m.shapeProbes.WithLabelValues(outcome).Inc()
		d.shapes.put(key, sh)
	}
	if !sh.nested {
		return "", "", nil
	}
	order, ok := outerOrder(g.sql, sh.cols)
	if !ok {
		return "", "Nested values are shown as Athena text because the statement's ORDER BY uses an expression: " +
			"order by output columns (by name or position), or select CAST(column AS JSON), to get them as JSON.", nil
	}
	return sqlbuild.NestedAsJSON(g.sql, sh.cols, order), "", nil
}

// isNestedPath reports whether an OCSF path is a row, array or map column
// of some source and version of the catalog (lower-case paths).
func isNestedPath(path string) bool { return nestedPaths()[path] }

var nestedPaths = sync.OnceValue(func() map[string]bool {
	c := ocsf.Default()
	out := map[string]bool{}
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		for _, src := range c.Sources(v) {
			s, err := c.Schema(v, src)
			if err != nil {
				continue
			}
			for _, f := range s.Fields {
				if f.Kind() == ocsf.Nested {
					out[strings.ToLower(f.Path)] = true
				}
			}
		}
	}
	return out
})

// outerOrder turns the statement's outermost ORDER BY into output
// positions; false when a key is not an output column (or names two).
func outerOrder(sql string, cols []sqlbuild.OutputColumn) ([]sqlbuild.OuterKey, bool) {
	keys, present, ok := macros.OuterOrder(sql)
	if !present {
		return nil, true
	}
	if !ok {
		return nil, false
	}
	out := make([]sqlbuild.OuterKey, len(keys))
	for i, k := range keys {
		pos := k.Ordinal
		if pos == 0 {
			for j, c := range cols {
				if c.Name == k.Name {
					if pos != 0 {
						return nil, false // two output columns of that name
					}
					pos = j + 1
				}
			}
		}
		if pos < 1 || pos > len(cols) {
			return nil, false
		}
		out[i] = sqlbuild.OuterKey{Ordinal: pos, Desc: k.Desc, Nulls: k.Nulls}
	}
	return out, true
}
