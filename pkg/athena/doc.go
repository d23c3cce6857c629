// Package athena runs SQL on Amazon Athena for the Security Lake datasource
// and lists the catalog objects the editor and the health check need.
//
// It is the plugin's only I/O towards Athena and deliberately talks to the
// Athena API directly (start → poll → page → stop) instead of hiding it behind
// a database/sql driver: the plugin needs the query id (to cancel), the
// statistics (bytes scanned, engine time, reused results), a row cap and a
// scan guard, none of which a sql.Rows can carry. Everything goes through the
// narrow [API] interface, which the real *athena.Client satisfies, so tests
// run the real SDK client against the in-process server in
// package athenaemu.
//
// Behaviour that differs from the generic Grafana Athena plugin, on purpose:
//   - the first status call goes out right after the start (a reused result
//     is SUCCEEDED at once), then polling backs off from ~100 ms (no 2 s
//     floor, which made even reused results slow);
//   - result reuse is requested per query without a GetWorkGroup call per
//     query (that call was throttled, grafana/athena-datasource#892);
//   - throttling is retried with exponential backoff and jitter (retry.go);
//   - the query is stopped whenever the caller gives up on it, so an
//     abandoned dashboard does not keep scanning (and billing) data;
//   - results are capped by a row limit, and a bytes-scanned guard can stop
//     a query that scans more than the operator allows.
package athena
