package replica

import (
	"fmt"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Planted is one security situation planted into the data on a known day:
// exactly Count events of Source (Version) in Account and Region on Day match
// the SQL predicate Details["where"], and no event outside that day, account
// and region does. The e2e tests count it with CountSQL and compare.
type Planted struct {
	Name    string    `json:"name"`
	Source  string    `json:"source"`
	Version int       `json:"version"`
	Day     time.Time `json:"day"`
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Count   int       `json:"count"`
	// Details holds "where" (the predicate, Athena SQL over the table's own
	// columns), "table", "alert" (the docs/design/dashboards-alerts-design.md rule it should
	// fire) and situation facts such as the user, IP or time window.
	Details map[string]string `json:"details"`
}

// plant is a Planted with its event maker and its Go matcher.
type plant struct {
	Planted
	where pred
	make  func(c *gctx) []Event
}

// Database is the Glue database of the planted table.
func (p Planted) Database() string { return lake.DatabaseName(p.Region) }

// Table is the planted table's name.
func (p Planted) Table() string {
	s, _ := lake.LookupSource(p.Source)
	return lake.TableName(p.Region, s, lake.Version(p.Version))
}

// ScopeSQL is the partition-aware predicate of the planted day, account and
// region: time_dt bounds for v2 (Iceberg day partitions), eventday for v1.
func (p Planted) ScopeSQL() string {
	day := p.Day.UTC()
	scope := fmt.Sprintf(`"accountid" = '%s' AND "region" = '%s'`, p.Account, p.Region)
	if lake.Version(p.Version) == lake.V2 {
		return fmt.Sprintf(`"time_dt" BETWEEN TIMESTAMP '%s' AND TIMESTAMP '%s' AND %s`,
			day.Format("2006-01-02 15:04:05.000"), day.Add(24*time.Hour-time.Millisecond).Format("2006-01-02 15:04:05.000"), scope)
	}
	return fmt.Sprintf(`"eventday" = '%s' AND %s`, day.Format(lake.EventDayFormat), scope)
}

// CountSQL counts the planted events in awsdatacatalog (the Athena catalog
// name; v2 tables are read through the Iceberg redirect). It must return Count.
func (p Planted) CountSQL() string {
	return fmt.Sprintf("SELECT count(*) FROM %s.%s.%s WHERE %s AND (%s)",
		quoteIdent(CatalogHive), quoteIdent(p.Database()), quoteIdent(p.Table()), p.ScopeSQL(), p.Details["where"])
}

// TotalSQL counts the events matching the predicate anywhere in the table
// (every day, account and region of its database). It must also return Count:
// clean days do not contain the situation.
func (p Planted) TotalSQL() string {
	return fmt.Sprintf("SELECT count(*) FROM %s.%s.%s WHERE %s",
		quoteIdent(CatalogHive), quoteIdent(p.Database()), quoteIdent(p.Table()), p.Details["where"])
}

// Matches reports whether a generated event matches the planted predicate
// (the Go twin of Details["where"]).
func (g *Generator) Matches(p Planted, e Event) bool {
	for _, x := range g.planted {
		if x.Name == p.Name && x.Version == p.Version {
			return x.where.match(e)
		}
	}
	return false
}

// PlantedSituations lists the situations planted for a configuration, in a
// stable order. Situations whose day falls outside the generated days are
// left out; accounts and regions are chosen by index modulo the lists.
func PlantedSituations(cfg Config) []Planted {
	ps := plants(cfg)
	out := make([]Planted, len(ps))
	for i, p := range ps {
		out[i] = p.Planted
	}
	return out
}

// Planted returns the generator's planted situations.
func (g *Generator) Planted() []Planted {
	out := make([]Planted, len(g.planted))
	for i, p := range g.planted {
		out[i] = p.Planted
	}
	return out
}

// spec is the definition of one situation before it is placed.
type spec struct {
	name, source, alert      string
	versions                 []lake.Version
	daysAgo, account, region int
	count                    int
	where                    func(v lake.Version) pred
	facts                    map[string]string
	make                     func(c *gctx) []Event
}

func plants(cfg Config) []plant {
	if cfg.Validate() != nil {
		return nil
	}
	var out []plant
	for _, s := range specs() {
		if s.daysAgo >= cfg.Days {
			continue
		}
		for _, v := range s.versions {
			w := s.where(v)
			p := Planted{
				Name: s.name, Source: s.source, Version: int(v), Day: cfg.DayAgo(s.daysAgo),
				Account: cfg.Accounts[s.account%len(cfg.Accounts)], Region: cfg.Regions[s.region%len(cfg.Regions)],
				Count: s.count, Details: map[string]string{"where": w.sql, "alert": s.alert},
			}
			for k, val := range s.facts {
				p.Details[k] = val
			}
			p.Details["table"] = p.Table()
			out = append(out, plant{Planted: p, where: w, make: s.make})
		}
	}
	return out
}
