package e2e

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// PruneCase compares the bytes Athena (here Trino's physical input) reads
// for three forms of one question:
//   - Pruned: the builder's SQL, with its partition predicates;
//   - Naive: the same SQL without its partition predicates
//     (sqlbuild.BuildWithoutPartitions), what a query that forgets them
//     scans (the whole table);
//   - TimeOnly: the same rows asked through the non-partition epoch-ms
//     "time" column and the event's own account column. Parquet min/max
//     statistics let the engine skip most row groups here, so bytes stay
//     close to Pruned, but every file of every partition is still listed
//     and opened (splits), which is what Athena's planning pays for.
type PruneCase struct {
	Name          string
	Version       lake.Version
	Source        string
	Account       string // "" = all accounts
	AccountPath   string // the event's own account column (TimeOnly)
	PrunedSQL     string
	NaiveSQL      string
	TimeOnlySQL   string
	PrunedBytes   int64
	NaiveBytes    int64
	TimeOnlyBytes int64
	PrunedCount   string
	TimeOnlyCount string
}

// Ratio is pruned bytes / naive bytes.
func (c PruneCase) Ratio() float64 {
	if c.NaiveBytes == 0 {
		return 0
	}
	return float64(c.PrunedBytes) / float64(c.NaiveBytes)
}

// PruneCases are the measured questions: one day of VPC Flow and CloudTrail,
// with and without one account, in both lake versions.
func PruneCases(region string, day time.Time, account string) ([]PruneCase, error) {
	var out []PruneCase
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		for _, src := range []string{"vpc_flow", "cloud_trail_mgmt"} {
			for _, acct := range []string{"", account} {
				c, err := pruneCase(region, day, v, src, acct)
				if err != nil {
					return nil, err
				}
				out = append(out, c)
			}
		}
	}
	return out, nil
}

func pruneCase(region string, day time.Time, v lake.Version, source, account string) (PruneCase, error) {
	s, _ := lake.LookupSource(source)
	t := lake.AWSTable(lake.DefaultCatalog, region, s, v)
	schema, err := ocsf.Default().Schema(v, source)
	if err != nil {
		return PruneCase{}, err
	}
	q := models.Query{RefID: "A", Mode: models.ModeBuilder, Format: models.FormatTable, Source: source,
		// count(*) alone is answered from Iceberg metadata without reading
		// data; a distinct count of a column makes every form read it.
		Aggregations: []models.Aggregation{{Func: models.AggCount}, {Func: models.AggCountDistinct, Field: "src_endpoint.ip"}}}
	name := fmt.Sprintf("%s v%d, 1 day", source, v)
	// The event's own account column differs by version
	// (docs/design/security-lake.md). CloudTrail events have none (the
	// actor's account may be another one), so their one-account case has no
	// time-column twin.
	var accountPath string
	for _, p := range []string{"cloud.account.uid", "cloud.account_uid"} {
		if _, ok := schema.Field(p); ok {
			accountPath = p
			break
		}
	}
	if account != "" {
		q.Accounts = []string{account}
		name += ", 1 account"
	}
	rng := sqlbuild.TimeRange{From: day, To: day.Add(24*time.Hour - time.Millisecond)}
	in := sqlbuild.Input{Query: q, Table: t, Fields: schema, Range: rng, RowLimit: 10}
	pruned, err := sqlbuild.Build(in)
	if err != nil {
		return PruneCase{}, err
	}
	naive, err := sqlbuild.BuildWithoutPartitions(in)
	if err != nil {
		return PruneCase{}, err
	}
	// The time-column twin: the same range as filters on "time" (epoch ms in
	// both versions) and the account as a filter on the event's column,
	// without partition predicates.
	var timeOnly string
	if account == "" || accountPath != "" {
		tq := q
		tq.Accounts = nil
		tq.Filters = []models.Filter{
			{Field: lake.ColTime, Op: models.OpGte, Value: models.Value(sqlbuild.EpochMillis(rng.From))},
			{Field: lake.ColTime, Op: models.OpLte, Value: models.Value(sqlbuild.EpochMillis(rng.To))},
		}
		if account != "" {
			tq.Filters = append(tq.Filters, models.Filter{Field: accountPath, Op: models.OpEq, Value: models.Value(account)})
		}
		in.Query = tq
		if timeOnly, err = sqlbuild.BuildWithoutPartitions(in); err != nil {
			return PruneCase{}, err
		}
	}
	return PruneCase{Name: name, Version: v, Source: source, Account: account, AccountPath: accountPath,
		PrunedSQL: pruned, NaiveSQL: naive, TimeOnlySQL: timeOnly}, nil
}

// Measure runs both queries of every case through the Athena API endpoint
// and fills in bytes scanned and the counts (which must agree).
func Measure(ctx context.Context, endpoint string, cases []PruneCase) ([]PruneCase, error) {
	cfg := aws.Config{Region: "us-east-1", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIALOCALREPLICA0001", SecretAccessKey: "local/replica/secret"}, nil
	})}
	exec := athena.New(athena.NewClient(cfg, endpoint), athena.Options{WorkGroup: "primary", RowLimit: 100})
	out := make([]PruneCase, len(cases))
	for i, c := range cases {
		var res [3]*athena.Result
		for j, sql := range []string{c.PrunedSQL, c.NaiveSQL, c.TimeOnlySQL} {
			if sql == "" {
				res[j] = &athena.Result{}
				continue
			}
			r, err := exec.Run(ctx, sql)
			if err != nil {
				return nil, fmt.Errorf("%s: %w\n%s", c.Name, err, sql)
			}
			res[j] = r
		}
		c.PrunedBytes, c.NaiveBytes, c.TimeOnlyBytes = res[0].DataScannedBytes, res[1].DataScannedBytes, res[2].DataScannedBytes
		c.PrunedCount, c.TimeOnlyCount = cell(res[0]), cell(res[2])
		out[i] = c
	}
	return out, nil
}

func cell(r *athena.Result) string {
	if len(r.Rows) == 0 || len(r.Rows[0]) == 0 || r.Rows[0][0] == nil {
		return ""
	}
	var parts []string
	for _, c := range r.Rows[0] {
		if c == nil {
			parts = append(parts, "NULL")
		} else {
			parts = append(parts, *c)
		}
	}
	return strings.Join(parts, ",")
}
