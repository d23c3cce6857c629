// Package replicatest is the one skip rule of every test that talks to Trino
// or to the seeded Security Lake replica.
//
// Without SECLAKE_TRINO_URL such a test skips with a message that says how to
// run it. When the end-to-end tier is required (SECLAKE_E2E_REQUIRED set, as
// scripts/test.sh does), a missing, unreachable or unseeded replica fails the
// test instead: CI can then never pass by skipping the tier. With the URL set
// but the tier not required, an unreachable or unseeded replica skips, so a
// developer's half-started replica does not read as a product bug.
package replicatest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Environment variables of the rule.
const (
	// EnvTrinoURL points at the replica's Trino, e.g. http://127.0.0.1:8080.
	EnvTrinoURL = "SECLAKE_TRINO_URL"
	// EnvRequired, when non-empty, turns every skip of this package into a
	// failure.
	EnvRequired = "SECLAKE_E2E_REQUIRED"
)

// SeededRegion is the Region whose Security Lake database the default
// replica (scripts/replica-up.sh) always seeds; its tables are what
// "seeded" means here.
const SeededRegion = "us-east-1"

// Required reports whether the replica tier is required.
func Required() bool { return os.Getenv(EnvRequired) != "" }

// TrinoURL returns the URL of a Trino that answers, for tests that need
// Trino but not the seeded data (they create what they read).
func TrinoURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvTrinoURL)
	if u == "" {
		unavailable(tb, "%s is not set: start the replica with scripts/replica-up.sh and export the URL it prints", EnvTrinoURL)
	}
	if err := probe(u).reachable; err != nil {
		unavailable(tb, "Trino at %s=%s does not answer (scripts/trino/status.sh): %v", EnvTrinoURL, u, err)
	}
	return u
}

// Require returns the URL of the seeded replica's Trino.
func Require(tb testing.TB) string {
	tb.Helper()
	u := TrinoURL(tb)
	if err := probe(u).seeded; err != nil {
		unavailable(tb, "the replica at %s is not seeded (scripts/replica-up.sh seeds it): %v", u, err)
	}
	return u
}

// RequireSchema returns the URL of the seeded replica's Trino after checking
// that a lake profile's database is seeded too: catalog.schema has tables
// (scripts/replica-up.sh seeds the profiles into catalogs of their own).
func RequireSchema(tb testing.TB, catalog, schema string) string {
	tb.Helper()
	u := Require(tb)
	key := u + "\x00" + catalog + "\x00" + schema
	probeMu.Lock()
	err, done := schemas[key]
	probeMu.Unlock()
	if !done {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var rows int
		rows, err = query(ctx, u, `SHOW TABLES FROM "`+catalog+`"."`+schema+`"`)
		if err == nil && rows == 0 {
			err = fmt.Errorf("%s.%s has no tables", catalog, schema)
		}
		probeMu.Lock()
		schemas[key] = err
		probeMu.Unlock()
	}
	if err != nil {
		unavailable(tb, "the lake profile database %s.%s is not seeded at %s (scripts/replica-up.sh seeds it; a Trino started before the profiles needs a restart): %v", catalog, schema, u, err)
	}
	return u
}

// unavailable fails the test when the tier is required and skips it
// otherwise.
func unavailable(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if Required() {
		tb.Fatalf(format+" (%s is set, so this fails instead of skipping)", append(args, EnvRequired)...)
	}
	tb.Skipf(format, args...)
}

// state is what one probe of a Trino URL found; a nil error means yes.
type state struct{ reachable, seeded error }

var (
	probeMu sync.Mutex
	probes  = map[string]state{}
	schemas = map[string]error{}
)

// probe checks a Trino once per test binary: many tests share the answer.
func probe(u string) state {
	probeMu.Lock()
	defer probeMu.Unlock()
	if s, ok := probes[u]; ok {
		return s
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var s state
	if err := started(ctx, u); err != nil {
		s.reachable, s.seeded = err, err
		probes[u] = s
		return s
	}
	rows, err := query(ctx, u, `SHOW TABLES FROM "awsdatacatalog"."`+lake.DatabaseName(SeededRegion)+`"`)
	var qe *queryError
	switch {
	case errors.As(err, &qe):
		// Trino answered: it is up, the schema is missing.
		s.seeded = err
	case err != nil:
		s.reachable, s.seeded = err, err
	case rows == 0:
		s.seeded = fmt.Errorf("%s has no tables", lake.DatabaseName(SeededRegion))
	}
	probes[u] = s
	return s
}

// started checks Trino's /v1/info: a coordinator still starting answers
// statements with an error that would read as an unseeded replica.
func started(ctx context.Context, base string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/v1/info", nil)
	if err != nil {
		return err
	}
	var info struct {
		Starting bool `json:"starting"`
	}
	if err := do(req, &info); err != nil {
		return err
	}
	if info.Starting {
		return errors.New("the Trino coordinator is still starting")
	}
	return nil
}

// queryError is an error Trino reported for the statement.
type queryError struct{ msg string }

func (e *queryError) Error() string { return "trino: " + e.msg }

// query runs one statement over Trino's REST protocol and counts its rows.
// It is deliberately independent of the project's Trino clients, so the
// rule does not depend on the code the tests check.
func query(ctx context.Context, base, sql string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(base, "/")+"/v1/statement", bytes.NewBufferString(sql))
	if err != nil {
		return 0, err
	}
	rows := 0
	for req != nil {
		req.Header.Set("X-Trino-User", "replicatest")
		var page struct {
			NextURI string            `json:"nextUri"`
			Data    []json.RawMessage `json:"data"`
			Error   *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := do(req, &page); err != nil {
			return 0, err
		}
		if page.Error != nil {
			return 0, &queryError{page.Error.Message}
		}
		rows += len(page.Data)
		req = nil
		if page.NextURI != "" {
			if req, err = http.NewRequestWithContext(ctx, http.MethodGet, page.NextURI, nil); err != nil {
				return 0, err
			}
		}
	}
	return rows, nil
}

func do(req *http.Request, into any) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: HTTP %d: %.200s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return json.Unmarshal(body, into)
}
