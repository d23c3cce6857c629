package lake

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// listing is what Discover read from the catalog: tables per lower-case
// database name, and pinned databases that were not visible.
type listing struct {
	tables  map[string][]TableMeta
	missing map[string]bool
}

// find returns the listed table db.name (case-insensitive, as Glue names are).
func (l listing) find(db, name string) (TableMeta, bool, bool) {
	metas, listed := l.tables[strings.ToLower(db)]
	for _, m := range metas {
		if strings.EqualFold(m.Name, name) {
			return m, true, listed
		}
	}
	return TableMeta{}, false, listed
}

// columnsKey is the Inventory.Columns key of a table.
func columnsKey(db, table string) string { return strings.ToLower(db + "." + table) }

// allColumns is the columns followed by the partition keys (both queryable).
func allColumns(m TableMeta) []ColumnMeta {
	out := make([]ColumnMeta, 0, len(m.Columns)+len(m.PartitionKeys))
	out = append(out, m.Columns...)
	return append(out, m.PartitionKeys...)
}

// build turns the listing of the lake database into an inventory.
func build(cfg Config, l listing) *Inventory {
	cat, db := cfg.CatalogName(), cfg.DatabaseName()
	inv := &Inventory{Catalog: cat, Database: db, Columns: map[string][]ColumnMeta{}}
	metas := append([]TableMeta(nil), l.tables[strings.ToLower(db)]...)
	sort.Slice(metas, func(i, j int) bool { return strings.ToLower(metas[i].Name) < strings.ToLower(metas[j].Name) })

	type candidate struct {
		t        Table
		id       identity
		meta     TableMeta
		priority int // higher wins among tables claiming one source/version
	}
	byKey := map[string][]candidate{}
	var keys []string
	for _, m := range metas {
		id, ok := identify(m)
		if !ok {
			inv.Unrecognized = append(inv.Unrecognized, db+"."+m.Name)
			continue
		}
		t := Table{Catalog: cat, Database: db, Name: m.Name, Source: id.Source, Version: id.Version, Layout: id.Layout, Custom: id.Custom}
		prio := 0
		switch {
		case id.Custom:
			prio = id.NameVersion // prefer the version-suffixed form
		case id.Version == 0 && id.NameVersion > 2:
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("table %s looks like Security Lake version %d, which this plugin does not support yet; it is ignored", m.Name, id.NameVersion))
			continue
		case id.Version == 0 && cfg.Version != 0:
			t.Version, t.Layout = cfg.Version, layoutOf(cfg.Version)
		case id.Version == 0:
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("table %s looks like source %s but neither its name nor its columns tell the lake version; pin it or set the lake version", m.Name, id.Source))
			continue
		}
		if id.Conflict != "" {
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("table %s: %s", m.Name, id.Conflict))
		}
		if id.Conventional {
			prio += 100 // Security Lake's own table beats a link to it
		}
		key := fmt.Sprintf("%s/%d", t.Source, t.Version)
		if t.Custom {
			key = t.Source
		}
		if _, seen := byKey[key]; !seen {
			keys = append(keys, key)
		}
		byKey[key] = append(byKey[key], candidate{t: t, id: id, meta: m, priority: prio})
	}
	for _, key := range keys {
		cs := byKey[key]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].priority > cs[j].priority })
		win := cs[0]
		for _, lost := range cs[1:] {
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("tables %s and %s both look like %s; using %s (pin the source to choose)", win.t.Name, lost.t.Name, describe(win.t), win.t.Name))
		}
		if win.t.Custom {
			inv.Custom = append(inv.Custom, win.t)
		} else {
			inv.Tables = append(inv.Tables, win.t)
		}
		if win.t.Custom || !win.id.Conventional {
			inv.Columns[columnsKey(db, win.t.Name)] = allColumns(win.meta)
		}
	}
	inv.Versions = versionsOf(inv.Tables)
	applyPins(inv, cfg, l)
	inv.Preferred = preferred(cfg.Version, inv.Tables)
	if cfg.Version != 0 && len(inv.Versions) > 0 && !hasVersion(inv.Versions, cfg.Version) {
		inv.Warnings = append(inv.Warnings, fmt.Sprintf("the lake version is set to %d but %s has only version %s tables", cfg.Version, db, joinVersions(inv.Versions)))
	}
	if len(inv.Tables) == 0 && len(inv.Custom) == 0 {
		inv.Warnings = append(inv.Warnings, fmt.Sprintf("no Security Lake tables found in %s: check that Lake Formation grants this role DESCRIBE on the tables, or pin the table names", db))
	}
	finish(inv)
	return inv
}

// describe names a table's source and version for messages.
func describe(t Table) string {
	if t.Custom {
		return "custom source " + t.Source
	}
	return fmt.Sprintf("%s version %d", t.Source, t.Version)
}

// applyPins puts the pinned tables in place of discovered ones: a pin names
// the table of its source, whatever discovery found for that source. A pin to
// a table the listing did not show is kept with a warning (Lake Formation may
// hide it from listing but not from queries, or discovery may be off).
func applyPins(inv *Inventory, cfg Config, l listing) {
	for _, src := range cfg.pinSources() {
		value := cfg.Pins[src]
		aws, isAWS := LookupSource(src)
		custom := strings.HasPrefix(src, "ext_")
		if !isAWS && !custom {
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("the pin for %q is ignored: it is neither an AWS source nor a custom source starting with ext_", src))
			continue
		}
		db, name := cfg.pin(value)
		if db == "" || name == "" {
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("the pin %q for %s is ignored: it names no table", value, src))
			continue
		}
		t := Table{Catalog: inv.Catalog, Database: db, Name: name, Source: src, Custom: custom, Layout: Hive, Pinned: true}
		meta, found, listed := l.find(db, name)
		switch {
		case l.missing[strings.ToLower(db)]:
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("the database %s of the pinned table for %s is not visible (check Lake Formation DESCRIBE); using the pin anyway", db, src))
		case listed && !found:
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("the pinned table %s.%s for %s was not found by discovery; using it anyway", db, name, src))
		}
		if !custom {
			t.Version = pinnedVersion(meta, found, name, cfg.Version)
			if t.Version != 0 {
				t.Layout = layoutOf(t.Version)
				if !aws.Has(t.Version) {
					inv.Warnings = append(inv.Warnings, fmt.Sprintf("the pinned table %s looks like version %d, but %s exists only in version %s", name, t.Version, src, joinVersions(aws.Versions)))
				}
			}
		}
		if found && (custom || !identifyConventional(name)) {
			inv.Columns[columnsKey(db, name)] = allColumns(meta)
		}
		inv.Tables = dropSource(inv.Tables, src)
		inv.Custom = dropSource(inv.Custom, src)
		// A pinned table is named now, so it is no longer unrecognized.
		inv.Unrecognized = slices.DeleteFunc(inv.Unrecognized, func(u string) bool { return strings.EqualFold(u, db+"."+name) })
		if custom {
			inv.Custom = append(inv.Custom, t)
		} else {
			inv.Tables = append(inv.Tables, t)
		}
	}
}

// pinnedVersion infers a pinned table's version: columns, then name, then
// the configured version; 0 = decide later from the preferred version.
func pinnedVersion(meta TableMeta, found bool, name string, configured Version) Version {
	if found {
		if v := versionFromColumns(meta); v != 0 {
			return v
		}
	}
	if id, ok := identifyName(name); ok && !id.Custom && id.Version != 0 {
		return id.Version
	}
	return configured
}

func identifyConventional(name string) bool {
	return conventionalRe.MatchString(strings.ToLower(name))
}

func dropSource(ts []Table, src string) []Table {
	out := ts[:0]
	for _, t := range ts {
		if t.Source != src {
			out = append(out, t)
		}
	}
	return out
}

// preferred is the configured version, else the version with the most AWS
// sources (the highest on a tie: a lake that migrated keeps v1 tables until
// they are deleted), else version 2, which Security Lake sets up today.
func preferred(configured Version, tables []Table) Version {
	if configured != 0 {
		return configured
	}
	count := map[Version]map[string]bool{}
	for _, t := range tables {
		if t.Version == 0 {
			continue
		}
		if count[t.Version] == nil {
			count[t.Version] = map[string]bool{}
		}
		count[t.Version][t.Source] = true
	}
	best, n := V2, 0
	for _, v := range []Version{V2, V1} {
		if len(count[v]) > n {
			best, n = v, len(count[v])
		}
	}
	return best
}

// finish settles what depends on the preferred version and sorts.
func finish(inv *Inventory) {
	if inv.Preferred == 0 {
		inv.Preferred = V2
	}
	for i := range inv.Tables {
		if inv.Tables[i].Version == 0 {
			inv.Tables[i].Version = inv.Preferred
			inv.Tables[i].Layout = layoutOf(inv.Preferred)
			inv.Warnings = append(inv.Warnings, fmt.Sprintf("cannot tell the version of the pinned table %s; assuming version %d (set the lake version to be sure)", inv.Tables[i].Name, inv.Preferred))
		}
	}
	// Custom sources are Hive whatever the lake version; they report the
	// version they were found beside.
	for i := range inv.Custom {
		inv.Custom[i].Version = inv.Preferred
		inv.Custom[i].Layout = Hive
	}
	inv.Versions = versionsOf(inv.Tables)
	sortTables(inv.Tables)
	sortTables(inv.Custom)
	sort.Strings(inv.Unrecognized)
}

func versionsOf(ts []Table) []Version {
	var out []Version
	for _, t := range ts {
		if t.Version != 0 && !hasVersion(out, t.Version) {
			out = append(out, t.Version)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func hasVersion(vs []Version, v Version) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

func joinVersions(vs []Version) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprint(int(v))
	}
	return strings.Join(s, " and ")
}
