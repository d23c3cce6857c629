// Package wire is the server side of the Amazon Athena JSON 1.1 protocol
// (awsJson1_1: POST /, X-Amz-Target: AmazonAthena.<Operation>,
// Content-Type application/x-amz-json-1.1) for the Athena emulator
// (internal/athenaemu) and its engines.
//
// It holds what the protocol fixes:
//
//   - the response bodies (types.go): explicit structs named after the
//     service model's members. The SDK's own output types do not fit: they
//     marshal with encoding/json as RFC 3339 timestamps and null members,
//     while the SDK's client reads epoch seconds and absent members through
//     its generated deserializers. Requests, by contrast, are decoded into
//     the SDK's *Input types (see Handle);
//   - the error responses ({"__type": …, "Message": …} and the status);
//   - dispatch by X-Amz-Target (Mux), request decoding (DecodeRequest) and
//     the response writer (Reply), with the pause before each response
//     that aws-sdk-go-v2 needs on loopback (DefaultResponseDelay);
//   - paging: MaxResults/NextToken for list operations (Page) and
//     GetQueryResults pages with the header row and query-bound tokens
//     (ResultPage).
//
// What is answered — how queries run, what the catalog holds — is the
// emulator's and its engines' business.
package wire

import "time"

// Protocol constants.
const (
	// TargetPrefix starts the X-Amz-Target header of every Athena call.
	TargetPrefix = "AmazonAthena."
	// ContentType is the media type of requests and responses.
	ContentType = "application/x-amz-json-1.1"
	// MaxBody bounds a request body. A QueryString is at most 256 KiB.
	MaxBody = 4 << 20
)

// DefaultResponseDelay is the pause before every response. Without it,
// aws-sdk-go-v2 on plain-HTTP loopback intermittently fails a call with
// "use of closed network connection" (and retries after 0.4–2 s): when the
// reply beats net/http's write loop to the end of the SDK's request body,
// the SDK closes the body as soon as the response headers arrive, the write
// loop then reads io.EOF from it and closes the connection under the
// response (aws/aws-sdk-go-v2#2737, #1825). A 1 ms pause removed it in
// 1,010 pages (docs/design/emulator.md); a real network always has
// that much latency. It is not airtight: when the client is descheduled
// longer (GC on 2 busy cores), about 1 in 1,000 pages of 1,000 rows still
// fails (measured with devenv/athenalocal's BenchmarkGetQueryResults10k) and
// is retried by the SDK's standard retryer (net.ErrClosed is retryable
// since aws-sdk-go-v2 PR #2949), which the plugin's retry policy keeps.
const DefaultResponseDelay = time.Millisecond

// EngineVersion3 is the effective engine version the endpoints report. The
// generic Grafana Athena plugin panics when GetWorkGroup omits it.
const EngineVersion3 = "Athena engine version 3"

// DefaultCatalog is the Athena name of the Glue data catalog.
const DefaultCatalog = "AwsDataCatalog"

// Query execution states (QueryExecutionStatus.State).
const (
	StateQueued    = "QUEUED"
	StateRunning   = "RUNNING"
	StateSucceeded = "SUCCEEDED"
	StateFailed    = "FAILED"
	StateCancelled = "CANCELLED"
)

// Terminal reports whether state is final: SUCCEEDED, FAILED or CANCELLED.
func Terminal(state string) bool {
	return state == StateSucceeded || state == StateFailed || state == StateCancelled
}

// AutoEngineVersion is the EngineVersion of a workgroup or query that lets
// Athena choose ("AUTO") and runs on effective.
func AutoEngineVersion(effective string) EngineVersion {
	return EngineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: effective}
}
