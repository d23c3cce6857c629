// Package replica builds a local Amazon Security Lake replica on Trino: the
// Glue databases and tables Security Lake creates (v2 Iceberg, v1 Hive and a
// custom source per Region, typed from the embedded OCSF catalog), a
// deterministic generator of realistic OCSF events with planted security
// situations on known days, and a fast seeder.
//
// Everything is reproducible: the same Config gives the same events, row for
// row. The default anchor date is fixed (DefaultAnchor) so tests can name days.
//
// References in docs/design: security-lake.md (names, partitions, classes,
// enums), ocsf-inventory.md (columns), trino-replica.md (catalogs, DDL) and
// dashboards-alerts-design.md (what the planted situations must trigger).
package replica

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// DefaultAnchor is the last generated day (UTC) unless configured otherwise:
// 2026-11-01. With 30 days the data covers 2026-10-03 .. 2026-11-01.
var DefaultAnchor = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// DefaultRegions and DefaultAccounts span two Regions and three 12-digit
// accounts (a production, a development and a security/audit account).
var (
	DefaultRegions  = []string{"us-east-1", "eu-west-1"}
	DefaultAccounts = []string{"123456789012", "210987654321", "555544443333"}
)

// DefaultVolume is the number of ordinary events per source, account, region
// and day; it seeds well under two minutes on a 2-core machine.
const DefaultVolume = 50

// Config decides what the replica holds.
type Config struct {
	// Seed makes generation reproducible; the same seed gives the same events.
	Seed uint64
	// Days is the number of days generated, ending with Anchor.
	Days int
	// Anchor is the last generated day (its time of day is ignored; UTC).
	Anchor time.Time
	// Volume is the number of ordinary events per source, account, region and
	// day. Planted events come on top of it.
	Volume int
	// Regions and Accounts are the AWS Regions (one Glue database each) and
	// the 12-digit account ids that send data.
	Regions  []string
	Accounts []string

	// The fields below shape a lake profile (profile.go); their zero values
	// give the full lake of DefaultConfig.

	// Catalog is the Trino Hive catalog the tables are created in (v2 tables
	// in Catalog+"_iceberg"); empty means CatalogHive.
	Catalog string
	// Sources limits the AWS sources (and versions) the lake holds; nil
	// means every source in both versions.
	Sources []SourceVersion
	// NoCustom leaves the custom (ext_) source out.
	NoCustom bool
	// Rollup, when set, is the rollup Region: only its database exists and
	// its tables hold the data of every Region in Regions (the contributing
	// Regions, the rollup Region included), told apart by the region
	// partition.
	Rollup string
	// Database replaces the Glue database name (a subscriber's
	// resource-link database); only with one Region or a rollup.
	Database string
	// TableNames replaces table names per source ("vpc_flow" → name), as a
	// subscriber names its resource links.
	TableNames map[string]string
}

// SourceVersion is one AWS source in one lake version.
type SourceVersion struct {
	Source  string
	Version lake.Version
}

// HiveCatalog is the Trino catalog of v1 and custom tables and Athena's
// view of every table (v2 tables are redirected to IcebergCatalog).
func (c Config) HiveCatalog() string {
	if c.Catalog == "" {
		return CatalogHive
	}
	return c.Catalog
}

// IcebergCatalog is the Trino catalog the v2 tables are created in.
func (c Config) IcebergCatalog() string { return c.HiveCatalog() + "_iceberg" }

// Databases are the Glue databases of the lake, one per Region, or the
// rollup Region's only; a custom Database replaces them.
func (c Config) Databases() []string {
	if c.Database != "" {
		return []string{c.Database}
	}
	if c.Rollup != "" {
		return []string{lake.DatabaseName(c.Rollup)}
	}
	out := make([]string, len(c.Regions))
	for i, r := range c.Regions {
		out[i] = lake.DatabaseName(r)
	}
	return out
}

// hasSource reports whether the lake holds a source in a version.
func (c Config) hasSource(source string, v lake.Version) bool {
	if c.Sources == nil {
		return true
	}
	for _, s := range c.Sources {
		if s.Source == source && s.Version == v {
			return true
		}
	}
	return false
}

// DefaultConfig is seed 42, 30 days to DefaultAnchor, DefaultVolume, the
// default regions and accounts.
func DefaultConfig() Config {
	return Config{
		Seed: 42, Days: 30, Anchor: DefaultAnchor, Volume: DefaultVolume,
		Regions: append([]string(nil), DefaultRegions...), Accounts: append([]string(nil), DefaultAccounts...),
	}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.Days < 1 {
		errs = append(errs, errors.New("days must be at least 1"))
	}
	if c.Volume < 0 {
		errs = append(errs, errors.New("volume must not be negative"))
	}
	if len(c.Regions) == 0 {
		errs = append(errs, errors.New("at least one region is needed"))
	}
	for _, r := range c.Regions {
		if !lake.ValidRegion(r) {
			errs = append(errs, fmt.Errorf("invalid region %q", r))
		}
	}
	if len(c.Accounts) == 0 {
		errs = append(errs, errors.New("at least one account is needed"))
	}
	for _, a := range c.Accounts {
		if len(a) != 12 || !allDigits(a) {
			errs = append(errs, fmt.Errorf("account %q is not a 12-digit id", a))
		}
	}
	if !validCatalog(c.HiveCatalog()) {
		errs = append(errs, fmt.Errorf("catalog %q: use lower-case letters, digits and underscores", c.Catalog))
	}
	for _, s := range c.Sources {
		src, ok := lake.LookupSource(s.Source)
		if !ok || !src.Has(s.Version) {
			errs = append(errs, fmt.Errorf("no AWS source %s in version %d", s.Source, int(s.Version)))
		}
	}
	if c.Rollup != "" && !slices.Contains(c.Regions, c.Rollup) {
		errs = append(errs, fmt.Errorf("rollup region %q must be one of the regions", c.Rollup))
	}
	if c.Database != "" && c.Rollup == "" && len(c.Regions) > 1 {
		errs = append(errs, errors.New("a custom database needs one region or a rollup region"))
	}
	return errors.Join(errs...)
}

func validCatalog(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// AnchorDay is Anchor truncated to its UTC day.
func (c Config) AnchorDay() time.Time {
	a := c.Anchor.UTC()
	return time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
}

// DayList returns the generated days (UTC midnight), oldest first.
func (c Config) DayList() []time.Time {
	out := make([]time.Time, c.Days)
	last := c.AnchorDay()
	for i := range out {
		out[i] = last.AddDate(0, 0, i-(c.Days-1))
	}
	return out
}

// DayAgo returns the day n days before the anchor (0 = the anchor day).
func (c Config) DayAgo(n int) time.Time { return c.AnchorDay().AddDate(0, 0, -n) }
