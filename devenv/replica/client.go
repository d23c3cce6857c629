package replica

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	// The official Trino driver registers "trino" with database/sql.
	"github.com/trinodb/trino-go-client/trino"
)

// Executor runs SQL statements on Trino. The seeder needs nothing more, so
// tests plug in a recorder and production code the Trino database/sql
// driver (NewExecutor).
type Executor interface {
	// Exec runs a statement to completion and discards its rows.
	Exec(ctx context.Context, sql string) error
	// Query runs a statement and returns its rows as the driver hands them
	// out: integers int64, doubles float64, varchar string, NULL nil.
	Query(ctx context.Context, sql string) ([][]any, error)
}

// sqlExecutor adapts a database/sql handle on the Trino driver to Executor.
type sqlExecutor struct{ db *sql.DB }

// NewExecutor returns an Executor on the Trino coordinator at baseURL
// (e.g. http://127.0.0.1:8080), as user "seclake", source "seclake-replica",
// session time zone UTC. Cancelling a call's context cancels the statement
// in Trino (the driver sends DELETE /v1/query/{id}).
func NewExecutor(baseURL string) (Executor, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("replica: Trino URL %q: want http(s)://host:port", baseURL)
	}
	u.User = url.User("seclake")
	dsn, err := (&trino.Config{ServerURI: u.String(), Source: "seclake-replica", TimeZone: "UTC"}).FormatDSN()
	if err != nil {
		return nil, fmt.Errorf("replica: %w", err)
	}
	db, err := sql.Open("trino", dsn)
	if err != nil {
		return nil, fmt.Errorf("replica: %w", err)
	}
	return sqlExecutor{db}, nil
}

// Exec implements Executor.
func (e sqlExecutor) Exec(ctx context.Context, stmt string) error {
	_, err := e.db.ExecContext(ctx, stmt)
	return err
}

// Query implements Executor.
func (e sqlExecutor) Query(ctx context.Context, stmt string) ([][]any, error) {
	rows, err := e.db.QueryContext(ctx, stmt)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}
