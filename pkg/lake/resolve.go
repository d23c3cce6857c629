package lake

import (
	"errors"
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/clip"
)

// Resolve returns the table of a source in version v (0 = the preferred
// version). A pinned source resolves to its pin when v is 0. Custom sources
// ("ext_…") have one table whatever v is. The error lists what exists, wraps
// ErrTableNotFound, and says how to fix it.
func (inv *Inventory) Resolve(source string, v Version) (Table, error) {
	if inv == nil {
		return Table{}, errors.New("the lake inventory is not loaded")
	}
	if strings.HasPrefix(source, "ext_") {
		for _, t := range inv.Custom {
			if strings.EqualFold(t.Source, source) {
				return t, nil
			}
		}
		return Table{}, fmt.Errorf("%w: no custom source %s in %s; %s. Custom sources are tables whose names contain _ext_; pin the table if its name differs",
			ErrTableNotFound, clip.Text(source), inv.Database, inv.summary())
	}
	src, ok := LookupSource(source)
	if !ok {
		return Table{}, fmt.Errorf("%w: unknown source %q; AWS sources are %s, custom sources start with ext_", ErrTableNotFound, clip.Text(source), sourceList())
	}
	if v == 0 {
		for _, t := range inv.Tables {
			if t.Source == source && t.Pinned {
				return t, nil
			}
		}
		v = inv.Preferred
	}
	for _, t := range inv.Tables {
		if t.Source == source && t.Version == v {
			return t, nil
		}
	}
	if !src.Has(v) {
		return Table{}, fmt.Errorf("%w: %s (%s) exists only in Security Lake version %s, not version %d; %s",
			ErrTableNotFound, src.Title, source, joinVersions(src.Versions), v, inv.summary())
	}
	return Table{}, fmt.Errorf("%w: no %s table (%s) for Security Lake version %d in %s; %s. Check that the source is enabled in Security Lake, that Lake Formation grants this role DESCRIBE and SELECT on its table, or pin the table name",
		ErrTableNotFound, src.Title, source, v, inv.Database, inv.summary())
}

// summary lists what the inventory holds, for error messages.
func (inv *Inventory) summary() string {
	var aws, custom []string
	for _, t := range inv.Tables {
		aws = append(aws, fmt.Sprintf("%s v%d", t.Source, t.Version))
	}
	for _, t := range inv.Custom {
		custom = append(custom, t.Source)
	}
	if len(aws) == 0 && len(custom) == 0 {
		return "no Security Lake tables were found there"
	}
	var parts []string
	if len(aws) > 0 {
		parts = append(parts, "found "+strings.Join(aws, ", "))
	}
	if len(custom) > 0 {
		parts = append(parts, "custom sources "+strings.Join(custom, ", "))
	}
	return strings.Join(parts, "; ")
}

func sourceList() string {
	names := make([]string, len(Sources))
	for i, s := range Sources {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// ColumnsOf returns the listed columns of a custom or resource-link table
// (partition keys last), for ocsf.SchemaFromColumns. ok is false for tables
// whose fields come from the embedded OCSF catalog, or without discovery.
func (inv *Inventory) ColumnsOf(t Table) ([]ColumnMeta, bool) {
	if inv == nil {
		return nil, false
	}
	cols, ok := inv.Columns[columnsKey(t.Database, t.Name)]
	return cols, ok
}

// Sources returns the source names of the inventory in editor order: AWS
// sources (once, whatever the versions), then custom sources.
func (inv *Inventory) Sources() []string {
	if inv == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, ts := range [][]Table{inv.Tables, inv.Custom} {
		for _, t := range ts {
			if !seen[t.Source] {
				seen[t.Source] = true
				out = append(out, t.Source)
			}
		}
	}
	return out
}

// Clone returns a deep copy, so a cached inventory cannot be changed by a caller.
func (inv *Inventory) Clone() *Inventory {
	if inv == nil {
		return nil
	}
	out := *inv
	out.Versions = append([]Version(nil), inv.Versions...)
	out.Tables = append([]Table(nil), inv.Tables...)
	out.Custom = append([]Table(nil), inv.Custom...)
	out.Warnings = append([]string(nil), inv.Warnings...)
	out.Unrecognized = append([]string(nil), inv.Unrecognized...)
	if inv.Columns != nil {
		out.Columns = make(map[string][]ColumnMeta, len(inv.Columns))
		for k, v := range inv.Columns {
			out.Columns[k] = append([]ColumnMeta(nil), v...)
		}
	}
	return &out
}
