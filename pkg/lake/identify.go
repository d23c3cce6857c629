package lake

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// This file infers what a listed Glue table is: which source, which lake
// version, which layout. Security Lake's own tables follow a fixed naming
// template, but subscriber resource links may have any name ("No
// AWS-mandated resource-link naming", docs/design/security-lake.md), so the rules fall
// back from the name to the columns:
//
//  1. The name: a known source name followed by "_<major>_<minor>"
//     (amazon_security_lake_table_<region>_<source>_<major>_<minor>,
//     https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-examples2.html),
//     found anywhere in the name so resource links such as
//     securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1 work too.
//  2. The columns: time_dt and asl_version present ⇒ version 2 (Iceberg);
//     an eventday partition key ⇒ version 1 (Hive); table parameter
//     table_type=ICEBERG ⇒ version 2. Columns describe the physical table, so
//     they win when they disagree with the name.
//  3. Custom sources: any name containing "_ext_" (docs/design/security-lake.md,
//     https://docs.aws.amazon.com/security-lake/latest/userguide/custom-sources.html).

var (
	// conventionalRe matches amazon_security_lake_table_<region_underscored>_<rest>;
	// regions have two or more dash-separated words before the digit
	// (us-east-1, us-gov-west-1, ap-southeast-2).
	conventionalRe = regexp.MustCompile(`^amazon_security_lake_table_([a-z]{2}(?:_[a-z]+)+_[0-9])_(.+)$`)
	// versionSuffixRe is an optional trailing "_<major>_<minor>", optionally
	// followed by a Region as in resource-link names ("…_2_0_us_east_1").
	versionSuffixRe = regexp.MustCompile(`_([0-9]+)_([0-9]+)(?:_[a-z]{2}(?:_[a-z]+)+_[0-9])?$`)
	// sourceRes find each AWS source name as whole "_"-separated words,
	// optionally followed by its version suffix.
	sourceRes = func() []*regexp.Regexp {
		out := make([]*regexp.Regexp, len(Sources))
		for i, s := range Sources {
			out[i] = regexp.MustCompile(`(?:^|_)` + regexp.QuoteMeta(s.Name) + `(?:_([0-9]+)_([0-9]+))?(?:_|$)`)
		}
		return out
	}()
)

// identity is what the rules above conclude about one table.
type identity struct {
	Source  string
	Version Version // 0 = unknown
	// NameVersion is the major version in the name (may be unsupported, e.g. 3).
	NameVersion int
	Layout      Layout
	Custom      bool
	// Conventional is true for names Security Lake itself creates.
	Conventional bool
	// Conflict explains a disagreement between name and columns.
	Conflict string
}

// identifyName applies the name rules only.
func identifyName(name string) (identity, bool) {
	lower := strings.ToLower(name)
	id := identity{Conventional: conventionalRe.MatchString(lower)}
	if src, v, ok := customSource(lower); ok {
		id.Source, id.Custom, id.Layout, id.NameVersion = src, true, Hive, v
		return id, true
	}
	rest := lower
	if m := conventionalRe.FindStringSubmatch(lower); m != nil {
		rest = m[2]
	}
	type hit struct {
		source string
		major  int
	}
	var hits []hit
	for i, re := range sourceRes {
		m := re.FindStringSubmatch(rest)
		if m == nil {
			continue
		}
		h := hit{source: Sources[i].Name}
		if n, err := strconv.Atoi(m[1]); err == nil {
			h.major = n // absent or out of range: unversioned
		}
		hits = append(hits, h)
	}
	// Several source names in one link name ("vpc_flow_to_waf"): prefer the
	// ones with a version suffix; still ambiguous ⇒ unknown (pin it).
	if len(hits) > 1 {
		var versioned []hit
		for _, h := range hits {
			if h.major != 0 {
				versioned = append(versioned, h)
			}
		}
		hits = versioned
	}
	if len(hits) != 1 {
		return identity{}, false
	}
	id.Source, id.NameVersion = hits[0].source, hits[0].major
	switch hits[0].major {
	case 1:
		id.Version, id.Layout = V1, Hive
	case 2:
		id.Version, id.Layout = V2, Iceberg
	}
	return id, true
}

// customSource returns "ext_<name>" for names containing "_ext_", with the
// conventional prefix and an optional version suffix removed
// (amazon_security_lake_table_us_east_1_ext_okta_sso_1_0 → ext_okta_sso).
// Whether Security Lake appends a version to custom-source tables is
// unconfirmed (docs/design/security-lake.md); the AWS transformation-library
// README shows both forms, so both are accepted.
func customSource(lower string) (source string, suffixVersion int, ok bool) {
	i := strings.Index(lower, "_ext_")
	if i < 0 {
		return "", 0, false
	}
	rest := lower[i+len("_ext_"):]
	if m := versionSuffixRe.FindStringSubmatchIndex(rest); m != nil && m[0] > 0 {
		if n, err := strconv.Atoi(rest[m[2]:m[3]]); err == nil {
			suffixVersion = n
		}
		rest = rest[:m[0]]
	}
	rest = strings.Trim(rest, "_")
	if rest == "" {
		return "", 0, false
	}
	return "ext_" + rest, suffixVersion, true
}

// versionFromColumns applies the column rules; 0 = undecided.
func versionFromColumns(m TableMeta) Version {
	has := func(cols []ColumnMeta, name string) bool {
		for _, c := range cols {
			if strings.EqualFold(c.Name, name) {
				return true
			}
		}
		return false
	}
	iceberg := false
	for k, v := range m.Parameters {
		if strings.EqualFold(k, "table_type") && strings.EqualFold(v, "ICEBERG") {
			iceberg = true
		}
	}
	hiveDay := has(m.PartitionKeys, ColEventDay)
	v2Cols := has(m.Columns, ColTimeDT) && has(m.Columns, ColASLVersion)
	switch {
	case hiveDay && !v2Cols && !iceberg:
		return V1
	case (v2Cols || iceberg) && !hiveDay:
		return V2
	}
	return 0
}

// identify applies every rule to a listed table. ok is false when the table
// is not recognisably a Security Lake table (it may still be pinned).
func identify(m TableMeta) (identity, bool) {
	id, ok := identifyName(m.Name)
	if !ok {
		return identity{}, false
	}
	if id.Custom {
		// Custom sources are Glue-crawler tables: Hive, like v1.
		return id, true
	}
	colV := versionFromColumns(m)
	switch {
	case colV != 0 && id.Version != 0 && colV != id.Version:
		id.Conflict = "its name says version " + strconv.Itoa(int(id.Version)) +
			" but its columns say version " + strconv.Itoa(int(colV)) + "; using the columns"
		id.Version = colV
	case colV != 0 && id.NameVersion == 0:
		id.Version = colV
	}
	id.Layout = layoutOf(id.Version)
	return id, true
}

// layoutOf is the layout of an AWS-source table in a version.
func layoutOf(v Version) Layout {
	if v == V2 {
		return Iceberg
	}
	return Hive
}

// sortTables orders AWS tables as editors list sources (lake.Sources order),
// then by version, then by database and name; custom tables by source name.
func sortTables(ts []Table) {
	order := map[string]int{}
	for i, s := range Sources {
		order[s.Name] = i
	}
	rank := func(t Table) int {
		if r, ok := order[t.Source]; ok {
			return r
		}
		return len(Sources)
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		if a.Database != b.Database {
			return a.Database < b.Database
		}
		return a.Name < b.Name
	})
}
