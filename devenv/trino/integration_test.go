package trino_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/internal/replicatest"
	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// realTrino returns a client for $SECLAKE_TRINO_URL; without it the test
// skips, or fails when the tier is required (replicatest).
func realTrino(t *testing.T) *trino.Client {
	t.Helper()
	u := replicatest.TrinoURL(t)
	c, err := trino.New(u, "seclake-trino-test", trino.WithSource("devenv/trino integration test"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIntegrationTypesAndStats(t *testing.T) {
	c := realTrino(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cols, rows, stats, err := c.QueryAll(ctx, `SELECT BIGINT '9007199254740993' AS b, DOUBLE '1e10' AS d, DECIMAL '1.50' AS dec,
		TIMESTAMP '2024-01-01 00:00:00.123456' AS ts, CAST(ROW(1, 'x') AS ROW(id integer, name varchar)) AS r,
		MAP(ARRAY['z', 'a'], ARRAY[1, 2]) AS m, CAST(NULL AS varchar(15)) AS n`)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, c := range cols {
		types[c.Name] = c.Type
		if _, err := c.ParsedType(); err != nil {
			t.Errorf("column %s: %v", c.Name, err)
		}
	}
	want := map[string]string{"b": "bigint", "d": "double", "dec": "decimal(3, 2)", "ts": "timestamp(6)", "r": "row(id integer, name varchar)", "m": "map(varchar(1), integer)", "n": "varchar(15)"}
	for k, v := range want {
		if types[k] != v {
			t.Errorf("type of %s = %q, want %q", k, types[k], v)
		}
	}
	r := rows[0]
	if r[0] != json.Number("9007199254740993") || r[1] != json.Number("1.0E10") || r[2] != "1.50" || r[3] != "2024-01-01 00:00:00.123456" || r[6] != nil {
		t.Errorf("row = %#v", r)
	}
	if rr, ok := r[4].([]any); !ok || len(rr) != 2 || rr[1] != "x" {
		t.Errorf("row value = %#v", r[4])
	}
	if stats.State != "FINISHED" || stats.ElapsedTimeMillis <= 0 || stats.TotalSplits <= 0 {
		t.Errorf("stats = %+v", stats)
	}
}

func TestIntegrationSyntaxErrorAndCancel(t *testing.T) {
	c := realTrino(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := c.Exec(ctx, "SELEC 1")
	var te *trino.Error
	if !errors.As(err, &te) || te.ErrorName != "SYNTAX_ERROR" || te.ErrorType != "USER_ERROR" {
		t.Fatalf("syntax error = %#v", err)
	}

	q, err := c.Submit(ctx, `SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x)
		CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z)`,
		trino.Session{Properties: map[string]string{"query_max_run_time": "2m"}}) // a safety net
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = q.Cancel(context.Background()) }()
	for q.State() != "RUNNING" {
		if _, err := q.Next(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Cancel(ctx); err != nil {
		t.Fatal(err)
	}
	// Trino records the cancellation.
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, rows, _, err := c.QueryAll(ctx, "SELECT state, error_code FROM system.runtime.queries WHERE query_id = '"+q.ID()+"'")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0][0] == "FAILED" && rows[0][1] == "USER_CANCELED" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %s not cancelled in Trino: %v", q.ID(), rows)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
