package macros

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// TableResolver is a Resolver over a list of discovered (or conventional)
// lake tables. Sources are looked up by table Source or Name, so resource
// links with arbitrary names resolve by the source discovery gave them
// (docs/design/security-lake.md: discover, don't construct).
type TableResolver struct {
	// List holds every known lake table.
	List []lake.Table
	// Version is used for source names without a version; 0 picks the
	// newest version that has the source.
	Version lake.Version
}

var _ Resolver = TableResolver{}

// Tables returns List.
func (r TableResolver) Tables() []lake.Table { return r.List }

// Table resolves "vpc_flow" (the configured version), "vpc_flow@1",
// "vpc_flow@1.0", "vpc_flow_1_0", a custom source "ext_sysmon" or a table
// name, case-insensitively.
func (r TableResolver) Table(source string) (lake.Table, error) {
	s := strings.ToLower(strings.TrimSpace(source))
	name, ver := s, lake.Version(0)
	if n, v, ok := strings.Cut(s, "@"); ok {
		major, _, _ := strings.Cut(v, ".")
		x, err := strconv.Atoi(major)
		if err != nil || x <= 0 {
			return lake.Table{}, fmt.Errorf("%q: the version after @ must be a number such as 1 or 2", clip(source))
		}
		name, ver = n, lake.Version(x)
	}
	if t, ok := r.find(name, ver); ok {
		return t, nil
	}
	// "vpc_flow_1_0": a source with its table-name version suffix.
	if i := len(name) - len("_1_0"); ver == 0 && i > 0 && name[i] == '_' && name[i+2] == '_' && name[i+3] == '0' {
		if x, err := strconv.Atoi(name[i+1 : i+2]); err == nil {
			if t, ok := r.find(name[:i], lake.Version(x)); ok {
				return t, nil
			}
		}
	}
	return lake.Table{}, notFoundError{fmt.Sprintf("unknown source %q; known sources: %s", clip(source), r.describe())}
}

// find returns the table whose Source or Name is name, in version ver, or
// when ver is 0 in r.Version if it has one, else the newest.
func (r TableResolver) find(name string, ver lake.Version) (lake.Table, bool) {
	var best lake.Table
	found := false
	for _, t := range r.List {
		if !strings.EqualFold(t.Source, name) && !strings.EqualFold(t.Name, name) {
			continue
		}
		switch {
		case ver != 0:
			if t.Version == ver {
				return t, true
			}
		case t.Version == r.Version:
			return t, true
		case !found || t.Version > best.Version:
			best, found = t, true
		}
	}
	return best, found
}

// describe lists the known sources with their versions: "vpc_flow (v1, v2), …".
func (r TableResolver) describe() string {
	vers := map[string][]string{}
	for _, t := range r.List {
		vers[t.Source] = append(vers[t.Source], "v"+strconv.Itoa(int(t.Version)))
	}
	if len(vers) == 0 {
		return "none"
	}
	names := make([]string, 0, len(vers))
	for s, v := range vers {
		sort.Strings(v)
		names = append(names, s+" ("+strings.Join(v, ", ")+")")
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
