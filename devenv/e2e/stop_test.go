package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// stopMarker names the slow query's column, so the test finds its query
// among the emulator's.
const stopMarker = "stop_probe"

// slowSQL reads a day of VPC flow logs (a real table, with its partition
// predicate) crossed with 10^8 generated rows: Trino works on it for far
// longer than the test waits, so only a stop ends it.
const slowSQL = `SELECT count(*) AS "` + stopMarker + `"
FROM $__table(vpc_flow)
CROSS JOIN UNNEST(sequence(1, 10000)) AS "a"("x")
CROSS JOIN UNNEST(sequence(1, 10000)) AS "b"("y")
WHERE $__partitionFilter`

// TestStopCancelsTheAthenaQueryOnTheReplica is Stop in the query editor as
// it reaches the backend: Grafana cancels the plugin's request context when
// the user presses Stop (the frontend's ds.cancel unsubscribes the query,
// which aborts the HTTP request). The plugin must answer promptly, send
// StopQueryExecution for the running query, and the emulator must cancel
// the Trino query, which Trino then reports as FAILED / USER_CANCELED.
func TestStopCancelsTheAthenaQueryOnTheReplica(t *testing.T) {
	s := stack(t)
	tc, err := trino.New(TrinoURL(t), "stop-e2e", trino.WithSource("stop-e2e"))
	if err != nil {
		t.Fatal(err)
	}
	ds := s.DS(s.Replica.Regions[0], "", nil)
	day := s.Replica.AnchorDay()
	q := grafanahost.Query{RefID: "STOP", From: day, To: day.Add(24*time.Hour - time.Millisecond),
		JSON: map[string]any{"mode": "sql", "format": "table", "rawSql": slowSQL}}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.Host.QueryData(ctx, ds, q)
		done <- err
	}()

	running := waitForStopProbe(t, s, done)
	defer func() { // never leave the heavy query running in the shared Trino, whatever happened
		if info, _ := s.Athena.Query(running.ID); info.State == "RUNNING" || info.State == "QUEUED" {
			_ = tc.Exec(context.Background(), "CALL system.runtime.kill_query(query_id => '"+running.EngineID+"', message => 'stop e2e cleanup')")
		}
	}()

	// Stop: Grafana cancels the request's context.
	stopped := time.Now()
	cancel()
	select {
	case err := <-done:
		if err == nil || !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "canceled") {
			t.Errorf("QueryData after the cancel: %v, want a cancelled call", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("QueryData did not return within 10 s of the cancel")
	}

	// The plugin sent StopQueryExecution for that query, and the emulator cancelled it.
	deadline := stopped.Add(15 * time.Second)
	for !s.Athena.StopCalled(running.ID) {
		if time.Now().After(deadline) {
			t.Fatalf("no StopQueryExecution for %s within 15 s of the cancel", running.ID)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("StopQueryExecution %s %v after the cancel", running.ID, time.Since(stopped).Round(time.Millisecond))
	if info, _ := s.Athena.Query(running.ID); info.State != "CANCELLED" || !info.Stopped {
		t.Errorf("the Athena query after the stop: %+v, want CANCELLED and stopped", info)
	}

	// Trino's own view: the query failed as cancelled by the user.
	var last [][]any
	for {
		_, rows, _, err := tc.QueryAll(t.Context(),
			"SELECT state, error_code FROM system.runtime.queries WHERE query_id = '"+running.EngineID+"'")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0][0] == "FAILED" && rows[0][1] == "USER_CANCELED" {
			t.Logf("Trino query %s FAILED / USER_CANCELED %v after the cancel", running.EngineID, time.Since(stopped).Round(time.Millisecond))
			return
		}
		last = rows
		if time.Now().After(stopped.Add(30 * time.Second)) {
			t.Fatalf("Trino query %s not cancelled within 30 s: %v", running.EngineID, last)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitForStopProbe waits until the slow query runs in Trino (the emulator
// knows its Trino id and calls it RUNNING) and returns it; it fails when
// QueryData ends first. The plugin's LIMIT 0 shape probe of the statement
// (sequence is an array function, so the plugin first learns the output
// columns) carries the marker too but ends at once: it is not the query
// to stop.
func waitForStopProbe(t *testing.T, s *Stack, done <-chan error) athenaemu.QueryInfo {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		for _, qi := range s.Athena.Queries() {
			probe := strings.HasSuffix(strings.TrimSpace(qi.SQL), ") LIMIT 0")
			if strings.Contains(qi.SQL, stopMarker) && !probe && qi.State == "RUNNING" && qi.EngineID != "" {
				return qi
			}
		}
		select {
		case err := <-done:
			t.Fatalf("QueryData ended before the query ran: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the slow query did not start running within 60 s: %+v", s.Athena.Queries())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
