// Package athenaemu is the repository's one Amazon Athena emulator: an
// HTTP server speaking the Athena JSON 1.1 protocol (POST /,
// X-Amz-Target: AmazonAthena.<Operation>) to the real aws-sdk-go-v2
// clients, plus the S3 GetObject of each query's result file, with
// scriptable latency and faults and a call log for tests.
//
// What runs the SQL is an Engine. Canned, in this package, answers from
// results registered by SQL matcher and advances each query one scripted
// step per GetQueryExecution: the plugin's unit tests use it through
// NewServer. devenv/athenalocal runs the SQL on Trino over the local
// Security Lake replica. Everything else is the Server's, the same for
// both: request validation, query ids, ClientRequestToken idempotency,
// result reuse, GetQueryResults paging with Athena's header row and
// query-bound tokens, StopQueryExecution, workgroups, catalog lookups and
// paging, faults, the call log and the result files.
//
// Supported: StartQueryExecution, GetQueryExecution, GetQueryResults,
// StopQueryExecution, ListDataCatalogs, GetDataCatalog, ListDatabases,
// GetDatabase, ListTableMetadata, GetTableMetadata, ListWorkGroups,
// GetWorkGroup (always with an EffectiveEngineVersion) and, on
// GET /<bucket>/<key> (S3 path style), GetObject of
// <OutputLocation><QueryExecutionId>.csv with Range requests. Other
// operations get UnknownOperationException. Signatures are recorded,
// never checked.
//
// # Faults
//
// A fault rule (Fault) names an operation ("*": every call, "GetObject":
// the result files), optionally a regular expression over the query's SQL
// (match), how many of the next matching calls it applies to (times; 0 or
// absent: every call), a delay and an action. The same rules are the Go
// API (Options.Faults, Server.Inject/SetFaults/ClearFaults/Faults) and,
// as JSON, the admin endpoint: GET /_admin/faults lists them with the
// counts left, POST adds, PUT replaces, DELETE clears. For example:
//
//	[{"op": "*", "delay": "5ms"},
//	 {"op": "GetQueryExecution", "times": 2, "action": "throttle"},
//	 {"op": "StartQueryExecution", "times": 1, "action": "too-many-requests", "code": "CONCURRENT_QUERY_LIMIT_EXCEEDED"},
//	 {"op": "GetQueryResults", "times": 1, "action": "server-error", "status": 503},
//	 {"op": "ListTableMetadata", "times": 1, "action": "malformed"},
//	 {"op": "GetObject", "action": "access-denied"},
//	 {"op": "GetObject", "times": 1, "action": "truncated"},
//	 {"op": "StartQueryExecution", "match": "cloud_trail", "action": "fail",
//	  "message": "HIVE_BAD_DATA: broken file", "category": 1, "errorType": 200, "retryable": true},
//	 {"op": "StartQueryExecution", "match": "vpc_flow", "times": 1, "action": "hang"}]
//
// Actions: throttle (400 ThrottlingException "Rate exceeded"),
// too-many-requests (400 TooManyRequestsException, code as its Reason),
// server-error (500 InternalServerException, or the 5xx in status),
// access-denied (400 AccessDeniedException), error (any status, type,
// message, code), malformed (200 with a body that does not parse),
// truncated (200, the connection drops halfway through the body), fail
// (StartQueryExecution: the query is FAILED with message as its reason
// and the AthenaError category/errorType/retryable given), hang (the
// query never finishes; on other calls the response never comes). On
// GetObject the errors take S3's XML shapes: 503 SlowDown, 500
// InternalError, 403 AccessDenied. Rules apply in order: every matching
// delay adds up, the first matching action wins, and each rule applied
// uses up one of its times. Each call's log entry says which faults it
// got.
//
// # Loopback
//
// Every response waits DefaultResponseDelay (1 ms) before it is written:
// without it, aws-sdk-go-v2 on plain-HTTP loopback intermittently fails
// calls with "use of closed network connection" (see wire).
package athenaemu
