package replica

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
)

func TestExecutorOverPkgTrino(t *testing.T) {
	srv := trinotest.NewServer()
	defer srv.Close()
	n := int64(4517)
	srv.Handle(trinotest.Contains("INSERT INTO"), trinotest.Result{
		Columns: []trino.Column{trinotest.Col("rows", "bigint")}, Rows: [][]any{{n}}, UpdateType: "INSERT", UpdateCount: &n,
	})
	srv.Handle(trinotest.Contains("broken"), trinotest.Result{Error: &trino.Error{ErrorName: "SYNTAX_ERROR", Message: "nope"}})
	srv.Handle(trinotest.Any(), trinotest.Result{})
	ex, err := NewExecutor(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ex.Query(context.Background(), `INSERT INTO "t" SELECT 1`)
	if err != nil || firstInt(rows) != n {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	if _, ok := rows[0][0].(json.Number); !ok {
		t.Errorf("numbers must be json.Number, got %T", rows[0][0])
	}
	if err := ex.Exec(context.Background(), "CREATE SCHEMA x"); err != nil {
		t.Fatal(err)
	}
	var te *trino.Error
	if err := ex.Exec(context.Background(), "broken"); !errors.As(err, &te) || te.ErrorName != "SYNTAX_ERROR" {
		t.Errorf("error %v", err)
	}
}
