package replica

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trinodb/trino-go-client/trino"
)

// trinoURL returns the running Trino's URL, failing when the end-to-end tier
// is required and skipping otherwise.
func trinoURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("SECLAKE_TRINO_URL")
	if u == "" {
		if os.Getenv("SECLAKE_E2E_REQUIRED") != "" {
			t.Fatal("SECLAKE_TRINO_URL is not set: run scripts/replica-up.sh")
		}
		t.Skip("SECLAKE_TRINO_URL not set; start Trino with scripts/trino/start.sh")
	}
	return u
}

func TestNewExecutorRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:8080", "ftp://host", "http://"} {
		if _, err := NewExecutor(u); err == nil {
			t.Errorf("NewExecutor(%q): no error", u)
		}
	}
}

// TestExecutorOnTrino runs read-only statements through the driver: values
// come back typed, failures carry Trino's error name, and an abandoned
// statement is cancelled in Trino, not left running.
func TestExecutorOnTrino(t *testing.T) {
	ex, err := NewExecutor(trinoURL(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	rows, err := ex.Query(ctx, `SELECT BIGINT '4517', 'ok', CAST(NULL AS varchar) UNION ALL SELECT 2, 'two', 'x'`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || firstInt(rows) != 4517 && firstInt(rows) != 2 {
		t.Fatalf("rows %v", rows)
	}
	for _, r := range rows {
		if _, ok := r[0].(int64); !ok {
			t.Errorf("bigint as %T, want int64", r[0])
		}
		if r[1] == "ok" && r[2] != nil {
			t.Errorf("NULL as %#v", r[2])
		}
	}
	if err := ex.Exec(ctx, "SELECT 1"); err != nil {
		t.Fatal(err)
	}

	err = ex.Exec(ctx, "SELEC nothing")
	var qf *trino.ErrQueryFailed
	var te *trino.ErrTrino
	if !errors.As(err, &qf) || !errors.As(qf.Reason, &te) || te.ErrorName != "SYNTAX_ERROR" {
		t.Fatalf("error %v (%T), want SYNTAX_ERROR", err, err)
	}

	// A statement whose context ends is cancelled in Trino.
	marker := "seclake_cancel_" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	qctx, qcancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	_, err = ex.Query(qctx, `SELECT count(*) AS `+marker+` FROM UNNEST(sequence(1, 10000)) a CROSS JOIN UNNEST(sequence(1, 10000)) b CROSS JOIN UNNEST(sequence(1, 10000)) c`)
	qcancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's deadline", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		rows, err := ex.Query(ctx, `SELECT state FROM system.runtime.queries WHERE query LIKE '%`+marker+` FROM%' AND query NOT LIKE '%system.runtime%'`)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0][0] == "FAILED" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned query is %v, want FAILED (cancelled)", rows)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
