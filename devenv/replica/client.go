package replica

import (
	"context"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// Executor runs SQL statements on Trino. The seeder needs nothing more, so
// tests plug in a recorder and production code pkg/trino (NewExecutor).
type Executor interface {
	// Exec runs a statement to completion and discards its rows.
	Exec(ctx context.Context, sql string) error
	// Query runs a statement and returns its rows, numbers as json.Number.
	Query(ctx context.Context, sql string) ([][]any, error)
}

// trinoExecutor adapts a pkg/trino client to Executor.
type trinoExecutor struct{ c *trino.Client }

// NewExecutor returns an Executor on the Trino coordinator at baseURL
// (e.g. http://127.0.0.1:8080), as user "seclake", source "seclake-replica".
// Cancelling a call's context cancels the statement in Trino.
func NewExecutor(baseURL string) (Executor, error) {
	c, err := trino.New(baseURL, "seclake", trino.WithSource("seclake-replica"))
	if err != nil {
		return nil, err
	}
	return trinoExecutor{c}, nil
}

// Exec implements Executor.
func (e trinoExecutor) Exec(ctx context.Context, sql string) error { return e.c.Exec(ctx, sql) }

// Query implements Executor.
func (e trinoExecutor) Query(ctx context.Context, sql string) ([][]any, error) {
	_, rows, _, err := e.c.QueryAll(ctx, sql)
	return rows, err
}
