package replica

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Generator produces the events of a configuration. It is deterministic:
// every (table, account, day) has its own random stream derived from the seed,
// so the same Config yields the same events whatever subset is generated.
type Generator struct {
	cfg     Config
	tables  []Table
	ents    map[string]*entities // account + "/" + region
	paths   map[string]map[string]bool
	planted []plant
}

// NewGenerator validates cfg and prepares the tables and entities.
func NewGenerator(cfg Config) (*Generator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("replica: %w", err)
	}
	tables, err := Tables(cfg)
	if err != nil {
		return nil, err
	}
	g := &Generator{cfg: cfg, tables: tables, ents: map[string]*entities{}, paths: map[string]map[string]bool{}}
	for ai, a := range cfg.Accounts {
		for ri, r := range cfg.Regions {
			g.ents[a+"/"+r] = newEntities(cfg, ai, ri)
		}
	}
	for _, t := range tables {
		g.paths[t.Name] = columnPaths(t.Columns)
	}
	g.planted = plants(cfg)
	return g, nil
}

// Config returns the generator's configuration.
func (g *Generator) Config() Config { return g.cfg }

// Tables returns the tables of the configuration (see Tables).
func (g *Generator) Tables() []Table { return g.tables }

// sourceGens make one ordinary event of a source.
var sourceGens = map[string]func(*gctx) Event{
	"cloud_trail_mgmt":        genManagement,
	"lambda_execution":        genLambda,
	"s3_data":                 genS3,
	"vpc_flow":                genFlow,
	"route53":                 genDNS,
	"sh_findings":             genFinding,
	"eks_audit":               genEKS,
	"waf":                     genWAF,
	"ext_" + CustomSourceName: genProcess,
}

// Events returns the events of table t for one account on one day: Volume
// ordinary events, the day's background bursts (Background) and the planted
// events of that day, ordered by time.
func (g *Generator) Events(t Table, account string, day time.Time) []Event {
	gen, ok := sourceGens[t.Source]
	if !ok {
		panic("replica: no generator for source " + t.Source)
	}
	day = day.UTC().Truncate(24 * time.Hour)
	c := g.ctx(t, account, day, "ordinary")
	out := make([]Event, 0, g.cfg.Volume)
	for i := 0; i < g.cfg.Volume; i++ {
		out = append(out, gen(c))
	}
	out = append(out, g.Background(t, account, day)...)
	for _, p := range g.planted {
		if p.Source == t.Source && lake.Version(p.Version) == t.Version && p.Account == account && p.Region == t.Region && p.Day.Equal(day) {
			out = append(out, p.make(g.ctx(t, account, day, "planted/"+p.Name))...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Int("time") < out[j].Int("time") })
	return out
}

// TableEvents returns all events of a table: every account, every day (and
// every data Region of a rollup table).
func (g *Generator) TableEvents(t Table) []Event {
	var out []Event
	for _, p := range stagingParts(g.cfg.Accounts, t) {
		for _, d := range g.cfg.DayList() {
			out = append(out, g.Events(p.t, p.account, d)...)
		}
	}
	return out
}

// gctx is the state of generating one table's events for one account and day.
type gctx struct {
	r     *rand.Rand
	t     *Table
	v     lake.Version
	ent   *entities
	day   time.Time
	paths map[string]bool
	vol   int // Config.Volume
}

func (g *Generator) ctx(t Table, account string, day time.Time, stream string) *gctx {
	seed := hashKey(stream, t.Source, fmt.Sprint(int(t.Version)), t.Region, account, day.Format(lake.EventDayFormat))
	return &gctx{
		r: rand.New(rand.NewPCG(g.cfg.Seed, seed)), t: &t, v: t.Version,
		ent: g.ents[account+"/"+t.Region], day: day, paths: g.paths[t.Name], vol: g.cfg.Volume,
	}
}

// hashKey mixes strings into a 64-bit stream id (FNV-1a).
func hashKey(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// within returns a random instant in [start, start+d).
func (c *gctx) within(start time.Time, d time.Duration) time.Time {
	return start.Add(time.Duration(c.r.Int64N(int64(d/time.Millisecond))) * time.Millisecond)
}

func (c *gctx) uuid() string {
	h := hexID(c.r, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

// opt sets path only when the table has it; used for the members that differ
// between sources of one family.
func (c *gctx) opt(e Event, path string, v any) {
	if c.paths[path] {
		e.Set(path, v)
	}
}

// isV2 reports whether events use the OCSF 1.1.0 (Security Lake v2) paths.
func (c *gctx) isV2() bool { return c.v == lake.V2 }

// class returns the catalog class of the table with the given uid.
func (c *gctx) class(uid int) ocsf.Class {
	for _, k := range c.t.Classes {
		if k.UID == uid {
			return k
		}
	}
	panic(fmt.Sprintf("replica: class %d is not a class of %s", uid, c.t.Name))
}

// newEvent fills the attributes every OCSF event shares: class, category,
// activity, type, severity (captions from pkg/ocsf, so ids and names always
// agree), time (+ time_dt in v2), metadata.version and the partition columns.
func (c *gctx) newEvent(classUID, activityID, severityID int, ts time.Time) Event {
	k := c.class(classUID)
	act := activityCaption(classUID, activityID)
	e := Event{
		"class_uid": classUID, "class_name": k.Name, "category_uid": k.CategoryUID, "category_name": k.CategoryName,
		"activity_id": activityID, "activity_name": act,
		"type_uid": int64(classUID)*100 + int64(activityID), "type_name": k.Name + ": " + act,
		"severity_id": severityID, "severity": ocsf.Severity.CaptionOf(severityID),
		"time": ts.UnixMilli(), "region": c.t.Region, "accountid": c.ent.account,
	}
	e.Set("metadata.version", c.t.OCSFVersion)
	if c.t.Layout() == lake.Iceberg {
		e["time_dt"] = tsString(ts)
		e["asl_version"] = ASLVersion
		c.opt(e, "metadata.profiles", []string{"cloud", "datetime"})
	} else {
		e["eventday"] = ts.UTC().Format(lake.EventDayFormat)
		c.opt(e, "metadata.profiles", []string{"cloud"})
	}
	c.opt(e, "cloud.provider", "AWS")
	c.opt(e, "cloud.region", c.t.Region)
	c.opt(e, "cloud.account.uid", c.ent.account)
	c.opt(e, "cloud.account_uid", c.ent.account)
	c.opt(e, "metadata.product.vendor_name", "AWS")
	return e
}

// activityCaption is the activity_name of an activity id of a class.
func activityCaption(classUID, id int) string {
	if classUID == ProcessActivity.UID {
		return processActivities[id]
	}
	if e, ok := ocsf.Activity(classUID); ok {
		if s := e.CaptionOf(id); s != "" {
			return s
		}
	}
	panic(fmt.Sprintf("replica: no caption for activity %d of class %d", id, classUID))
}

// observable is one entry of the v2 observables array.
func observable(name, value string, typeID int) map[string]any {
	return map[string]any{"name": name, "value": value, "type": observableTypes[typeID], "type_id": typeID}
}

// observableTypes are OCSF 1.1.0 observable type_id captions (objects/observable.json).
var observableTypes = map[int]string{
	1: "Hostname", 2: "IP Address", 4: "User Name", 6: "URL String", 7: "File Name", 8: "Hash",
	9: "Process Name", 10: "Resource UID", 20: "Endpoint", 21: "User", 99: "Other",
}

// setObservables writes v2 observables; v1 tables have no such column.
func (c *gctx) setObservables(e Event, obs ...map[string]any) {
	if c.paths["observables"] && len(obs) > 0 {
		e["observables"] = obs
	}
}

// columnPaths lists every column and member path of the columns, with "[]"
// after array-of-row names ("resources", "resources[].uid").
func columnPaths(cols []Column) map[string]bool {
	out := map[string]bool{}
	var walk func(prefix string, n *node)
	walk = func(prefix string, n *node) {
		out[prefix] = true
		if n.array {
			prefix += "[]"
		}
		for _, k := range n.kids {
			walk(prefix+"."+k.name, k)
		}
	}
	for _, c := range cols {
		walk(c.Name, c.node)
	}
	return out
}
