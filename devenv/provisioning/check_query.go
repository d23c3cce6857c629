package provisioning

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/macros"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// QueryChecker checks query models offline against the OCSF catalog, the
// SQL builder and the macros, for a conventional lake in Region.
type QueryChecker struct {
	Catalog *ocsf.Catalog
	Region  string
}

// NewQueryChecker returns a checker over the embedded catalog.
func NewQueryChecker() QueryChecker {
	return QueryChecker{Catalog: ocsf.Default(), Region: "us-east-1"}
}

// checkRange is a fixed day the offline builds use.
var checkRange = sqlbuild.TimeRange{
	From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
	To:   time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC),
}

// SplitSource reads "vpc_flow@1" into the source and its version (0 when
// none is given: the datasource's preferred version).
func SplitSource(ref string) (string, lake.Version, error) {
	name, ver, ok := strings.Cut(ref, "@")
	if !ok {
		return ref, 0, nil
	}
	n, err := strconv.Atoi(ver)
	if err != nil || n < 1 || n > 2 {
		return name, 0, fmt.Errorf("source %q: the version after @ must be 1 or 2", ref)
	}
	return name, lake.Version(n), nil
}

// Check parses one interpolated query model (JSON) and checks it: the model
// parses and validates; a builder query names fields that exist in the
// catalog for its source and version and builds to SQL; a SQL query reading
// a lake table expands and carries $__partitionFilter for each table it
// reads. It returns the parsed query.
func (c QueryChecker) Check(raw []byte) (models.Query, error) {
	q, _, err := c.SQL(raw)
	return q, err
}

// SQL checks a query model like Check and returns the SQL the plugin would
// send for it on the fixed check day (raw SQL expanded, builder built).
func (c QueryChecker) SQL(raw []byte) (models.Query, string, error) {
	q, err := models.ParseQuery(raw)
	if err != nil {
		return q, "", err
	}
	if err := q.Validate(); err != nil {
		return q, "", err
	}
	var sql string
	if q.Mode == models.ModeSQL {
		sql, err = c.checkSQL(q)
	} else {
		sql, err = c.checkBuilder(q)
	}
	return q, sql, err
}

func (c QueryChecker) table(source string) (lake.Table, *ocsf.Schema, error) {
	name, v, err := SplitSource(source)
	if err != nil {
		return lake.Table{}, nil, err
	}
	if v == 0 {
		v = lake.V2
	}
	src, ok := lake.LookupSource(name)
	if !ok {
		return lake.Table{}, nil, fmt.Errorf("unknown source %q", name)
	}
	if !src.Has(v) {
		return lake.Table{}, nil, fmt.Errorf("source %s does not exist in lake version %d", name, v)
	}
	s, err := c.Catalog.Schema(v, name)
	if err != nil {
		return lake.Table{}, nil, err
	}
	return lake.AWSTable(lake.DefaultCatalog, c.Region, src, v), s, nil
}

// FieldPaths lists every field path a builder query names (order-by names
// that are aggregation aliases excluded).
func FieldPaths(q models.Query) []string {
	paths := append([]string{}, q.Fields...)
	paths = append(paths, q.GroupBy...)
	aliases := map[string]bool{"count": true, "time": true}
	for _, f := range q.Filters {
		paths = append(paths, f.Field)
	}
	for _, a := range q.Aggregations {
		if a.Field != "" {
			paths = append(paths, a.Field)
			aliases[string(a.Func)+"_"+a.Field] = true
		}
		if a.Alias != "" {
			aliases[a.Alias] = true
		}
	}
	for _, o := range q.OrderBy {
		if !aliases[o.Field] {
			paths = append(paths, o.Field)
		}
	}
	return paths
}

func (c QueryChecker) checkBuilder(q models.Query) (string, error) {
	t, s, err := c.table(q.Source)
	if err != nil {
		return "", err
	}
	in := sqlbuild.Input{Query: q, Table: t, Fields: s, Range: checkRange,
		Interval: time.Minute, MaxDataPoints: 1000, RowLimit: models.DefaultRowLimit}
	// Several sources and joins: each further table from the catalog, as
	// the plugin resolves them; the builder itself checks their fields.
	for _, src := range q.Sources {
		bt, bs, err := c.table(src)
		if err != nil {
			return "", err
		}
		in.Union = append(in.Union, sqlbuild.Branch{Table: bt, Fields: bs})
	}
	if q.Join != nil {
		jt, js, err := c.table(q.Join.Source)
		if err != nil {
			return "", err
		}
		in.Join = &sqlbuild.Branch{Table: jt, Fields: js}
	}
	// The plain catalog check reads better for a one-source query without
	// the builder's derived names (computed aliases, picks, unnested
	// elements, sizes, the union's source column); those are the builder's.
	if len(q.Sources) == 0 && len(q.Computed) == 0 && len(q.Picks) == 0 && q.Unnest == "" {
		for _, p := range FieldPaths(q) {
			if _, ok := s.Field(p); !ok && !strings.HasPrefix(p, "size(") {
				return "", fmt.Errorf("field %q is not in the OCSF catalog for %s version %d", p, t.Source, int(t.Version))
			}
		}
	}
	if q.ClassUID != 0 {
		if _, ok := s.Class(q.ClassUID); !ok {
			return "", fmt.Errorf("class %d is not a class of %s version %d", q.ClassUID, t.Source, int(t.Version))
		}
	}
	return sqlbuild.Build(in)
}

// lakeTableRe finds a lake table written out in raw SQL.
var lakeTableRe = regexp.MustCompile(`(?i)amazon_security_lake_table_\w+|\$__table\(`)

func (c QueryChecker) checkSQL(q models.Query) (string, error) {
	reads := len(lakeTableRe.FindAllString(q.RawSQL, -1))
	filters := strings.Count(q.RawSQL, "$__partitionFilter")
	if reads > 0 && filters < reads {
		return "", fmt.Errorf("the SQL reads %d lake table(s) but has %d $__partitionFilter: every read of a lake table needs its partition predicate", reads, filters)
	}
	inv := lake.Conventional(lake.Config{Region: c.Region})
	res, err := macros.Expand(q.RawSQL, macros.Context{Range: checkRange, Interval: time.Minute,
		Scope:    sqlbuild.Scope{Accounts: q.Accounts, Regions: q.Regions},
		Resolver: macros.TableResolver{List: inv.Tables, Version: lake.V2}})
	if err != nil {
		return "", err
	}
	for _, n := range res.Notices {
		if n.Severity == macros.SeverityWarning {
			return "", fmt.Errorf("macro notice: %s", n.Text)
		}
	}
	return macros.ReadOnly(res.SQL)
}

// CheckModel checks a model given as a decoded JSON object.
func (c QueryChecker) CheckModel(model map[string]any) (models.Query, error) {
	b, err := json.Marshal(model)
	if err != nil {
		return models.Query{}, err
	}
	return c.Check(b)
}
