package athenalocal_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/internal/replicatest"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// realEnv is athena-local over the Trino at $SECLAKE_TRINO_URL; without it
// the test skips, or fails when the tier is required (replicatest).
func realEnv(t *testing.T) (*env, *trino.Client) {
	t.Helper()
	u := replicatest.TrinoURL(t)
	tc, err := trino.New(u, "athena-local-test")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := athenalocal.New(athenalocal.Options{Trino: tc, WorkGroups: []string{"grafana"}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return &env{srv: srv, http: hs, client: sdkClient(hs.URL)}, tc
}

// TestIntegrationRendersLiterals compares athena-local's rendering of every
// type, computed by the real Trino, with what Athena shows.
func TestIntegrationRendersLiterals(t *testing.T) {
	e, _ := realEnv(t)
	cases := []struct{ expr, athenaType, want string }{
		{"true", "boolean", "true"},
		{"TINYINT '1'", "tinyint", "1"},
		{"42", "integer", "42"},
		{"BIGINT '9007199254740993'", "bigint", "9007199254740993"},
		{"REAL '1.5'", "real", "1.5"},
		{"DOUBLE '1e10'", "double", "1.0E10"},
		{"DOUBLE '0.1'", "double", "0.1"},
		{"DECIMAL '1.50'", "decimal", "1.50"},
		{"'abc'", "varchar", "abc"},
		{"CAST('ab' AS char(3))", "char", "ab "},
		{"DATE '2024-01-01'", "date", "2024-01-01"},
		{"TIMESTAMP '2024-01-01 00:00:00.123456'", "timestamp", "2024-01-01 00:00:00.123456"},
		{"TIMESTAMP '2024-01-01 00:00:00.000'", "timestamp", "2024-01-01 00:00:00.000"},
		{"TIMESTAMP '2024-01-01 00:00:00.000 UTC'", "timestamp with time zone", "2024-01-01 00:00:00.000 UTC"},
		{"X'68656c6c6f'", "varbinary", "68 65 6c 6c 6f"},
		{`JSON '{"a":[1,2]}'`, "json", `{"a":[1,2]}`},
		{"ROW(1, 'a')", "row", "{field0=1, field1=a}"},
		{"CAST(ROW(1, 'x') AS ROW(id integer, name varchar))", "row", "{id=1, name=x}"},
		{"ARRAY[1,2]", "array", "[1, 2]"},
		{"ARRAY[NULL, 'b']", "array", "[null, b]"},
		{"MAP(ARRAY['k'], ARRAY['v'])", "map", "{k=v}"},
		{"MAP(ARRAY['z', 'a'], ARRAY[1, 2])", "map", "{z=1, a=2}"},
		{"IPADDRESS '10.0.0.1'", "ipaddress", "10.0.0.1"},
		{"UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'", "uuid", "12151fd2-7586-11e9-8f9e-2a86e4085a59"},
		{"INTERVAL '1' DAY", "interval day to second", "1 00:00:00.000"},
		{"ARRAY[ROW('n', MAP(ARRAY['k'], ARRAY[ARRAY[BIGINT '1']]))]", "array", "[{field0=n, field1={k=[1]}}]"},
		{"CAST(ROW(ROW('VPC Flow', 'AWS'), '1.1.0') AS ROW(product ROW(name varchar, vendor_name varchar), version varchar))", "row",
			"{product={name=VPC Flow, vendor_name=AWS}, version=1.1.0}"},
	}
	var sel []string
	for i, c := range cases {
		sel = append(sel, fmt.Sprintf("%s AS c%02d", c.expr, i))
	}
	sel = append(sel, "CAST(NULL AS varchar) AS null_col")
	id := e.start(t, "SELECT "+strings.Join(sel, ", "), func(in *athenasdk.StartQueryExecutionInput) { in.QueryExecutionContext = nil })
	qe, _ := e.wait(t, id)
	if qe.Status.State != types.QueryExecutionStateSucceeded {
		t.Fatalf("state %s: %s", qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	info, rows, _ := e.results(t, id, 1000)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, c := range cases {
		if got := str(rows[1][i]); got != c.want {
			t.Errorf("%s rendered %q, want %q", c.expr, got, c.want)
		}
		if got := aws.ToString(info[i].Type); got != c.athenaType {
			t.Errorf("%s: ColumnInfo.Type %q, want %q", c.expr, got, c.athenaType)
		}
		if str(rows[0][i]) != fmt.Sprintf("c%02d", i) {
			t.Errorf("header %d = %s", i, str(rows[0][i]))
		}
	}
	if n := len(cases); rows[1][n] != nil {
		t.Errorf("NULL rendered as %q", *rows[1][n])
	}
	if info[7].Precision != 3 || info[7].Scale != 2 {
		t.Errorf("decimal precision/scale = %d/%d", info[7].Precision, info[7].Scale)
	}
}

func TestIntegrationFailuresAndCancel(t *testing.T) {
	e, tc := realEnv(t)
	id := e.start(t, "SELEC 1")
	qe, _ := e.wait(t, id)
	reason := aws.ToString(qe.Status.StateChangeReason)
	if qe.Status.State != types.QueryExecutionStateFailed || !strings.HasPrefix(reason, "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'") ||
		aws.ToInt32(qe.Status.AthenaError.ErrorCategory) != 2 {
		t.Errorf("syntax error: %s %q %+v", qe.Status.State, reason, qe.Status.AthenaError)
	}
	id = e.start(t, "SELECT * FROM no_such_table", func(in *athenasdk.StartQueryExecutionInput) {
		in.QueryExecutionContext.Database = aws.String("information_schema")
	})
	if qe, _ := e.wait(t, id); !strings.HasPrefix(aws.ToString(qe.Status.StateChangeReason), "TABLE_NOT_FOUND: ") {
		t.Errorf("missing table: %q", aws.ToString(qe.Status.StateChangeReason))
	}

	id = e.start(t, `SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x)
		CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z)`,
		func(in *athenasdk.StartQueryExecutionInput) { in.QueryExecutionContext = nil })
	var trinoID string
	defer func() { // never leave the heavy query running, whatever happened
		if trinoID != "" {
			_ = tc.Exec(context.Background(), "CALL system.runtime.kill_query(query_id => '"+trinoID+"', message => 'test cleanup')")
		}
	}()
	e.waitRunning(t, id, 30*time.Second, 20*time.Millisecond)
	trinoID = e.srv.Queries()[2].EngineID
	if _, err := e.client.StopQueryExecution(ctxT(t), &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	if qe, _ := e.wait(t, id); qe.Status.State != types.QueryExecutionStateCancelled {
		t.Errorf("state after stop: %s", qe.Status.State)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, rows, _, err := tc.QueryAll(ctxT(t), "SELECT state, error_code FROM system.runtime.queries WHERE query_id = '"+trinoID+"'")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0][0] == "FAILED" && rows[0][1] == "USER_CANCELED" {
			trinoID = ""
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Trino query %s not cancelled: %v", trinoID, rows)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestIntegrationReplicaMetadata checks the catalog view of the replica
// (when seeded) and runs the plugin's discovery over it.
func TestIntegrationReplicaMetadata(t *testing.T) {
	e, _ := realEnv(t)
	db := lake.DatabaseName("us-east-1")
	dbs, err := e.client.ListDatabases(ctxT(t), &athenasdk.ListDatabasesInput{CatalogName: aws.String("AwsDataCatalog")})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range dbs.DatabaseList {
		found = found || aws.ToString(d.Name) == db
		if aws.ToString(d.Name) == "information_schema" {
			t.Error("information_schema listed")
		}
	}
	if !found {
		replicatest.Require(t) // skips or fails on an unseeded replica
		t.Fatalf("the seeded replica has no %s in ListDatabases", db)
	}
	ex := athena.New(athena.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "x"}, nil
	})}, e.http.URL), athena.Options{})
	inv, err := lake.Discover(ctxT(t), lakeCatalog{ex}, lake.Config{Region: "us-east-1", Discover: true})
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]lake.Version{}
	for _, tb := range inv.Tables {
		versions[tb.Name] = tb.Version
	}
	t.Logf("discovered %d AWS-source tables, %d custom, unrecognized %v", len(inv.Tables), len(inv.Custom), inv.Unrecognized)
	for name, want := range map[string]lake.Version{
		"amazon_security_lake_table_us_east_1_vpc_flow_1_0": lake.V1,
		"amazon_security_lake_table_us_east_1_vpc_flow_2_0": lake.V2,
	} {
		if got, ok := versions[name]; !ok || got != want {
			t.Errorf("%s identified as v%d (found %v), want v%d", name, got, ok, want)
		}
	}
	for name, tb := range map[string]string{"v1": "amazon_security_lake_table_us_east_1_vpc_flow_1_0", "v2": "amazon_security_lake_table_us_east_1_vpc_flow_2_0"} {
		out, err := e.client.GetTableMetadata(ctxT(t), &athenasdk.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(db), TableName: aws.String(tb)})
		if err != nil {
			t.Errorf("%s: %v", tb, err)
			continue
		}
		tm := out.TableMetadata
		t.Logf("%s: %d columns, partition keys %s, parameters %v", name, len(tm.Columns), colText(tm.PartitionKeys), tm.Parameters)
		switch name {
		case "v1":
			if !strings.Contains(colText(tm.PartitionKeys), "eventday string") || tm.Parameters["table_type"] != "" {
				t.Errorf("v1 metadata: keys %s parameters %v", colText(tm.PartitionKeys), tm.Parameters)
			}
		case "v2":
			if tm.Parameters["table_type"] != "ICEBERG" || !strings.Contains(colText(tm.Columns), "time_dt timestamp") {
				t.Errorf("v2 metadata: columns %s parameters %v", colText(tm.Columns), tm.Parameters)
			}
		}
	}
}
