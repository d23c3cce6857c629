package athenalocal_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func TestQueryStatesStatisticsAndSession(t *testing.T) {
	e := newEnv(t, athenalocal.Options{WorkGroups: []string{"grafana"}})
	e.trino.Handle(trinotest.Contains("FROM flows"), trinotest.Result{
		Columns:   []trino.Column{trinotest.Col("n", "bigint")},
		Rows:      [][]any{{7}},
		States:    []string{"QUEUED", "PLANNING", "RUNNING"},
		PageDelay: 15 * time.Millisecond,
		Stats:     trino.Stats{PhysicalInputBytes: 123456, QueuedTimeMillis: 5, ElapsedTimeMillis: 50, TotalSplits: 4},
	})
	id := e.start(t, "SELECT count(*) AS n FROM flows", func(in *athenasdk.StartQueryExecutionInput) {
		in.QueryExecutionContext.Catalog = aws.String("AWSDATACATALOG")
		in.QueryExecutionContext.Database = aws.String("amazon_security_lake_glue_db_us_east_1")
		in.WorkGroup = aws.String("grafana")
	})
	qe, seen := e.wait(t, id)
	if seen[0] != types.QueryExecutionStateQueued || !slices.Contains(seen, types.QueryExecutionStateRunning) || seen[len(seen)-1] != types.QueryExecutionStateSucceeded {
		t.Errorf("states seen = %v, want QUEUED … RUNNING … SUCCEEDED", seen)
	}
	st := qe.Statistics
	if aws.ToInt64(st.DataScannedInBytes) != 123456 || aws.ToInt64(st.EngineExecutionTimeInMillis) != 45 || aws.ToInt64(st.QueryQueueTimeInMillis) != 5 {
		t.Errorf("statistics = scanned %d engine %d queue %d", aws.ToInt64(st.DataScannedInBytes), aws.ToInt64(st.EngineExecutionTimeInMillis), aws.ToInt64(st.QueryQueueTimeInMillis))
	}
	if aws.ToInt64(st.TotalExecutionTimeInMillis) < 50 || st.ResultReuseInformation == nil || st.ResultReuseInformation.ReusedPreviousResult {
		t.Errorf("total %d, reuse %+v", aws.ToInt64(st.TotalExecutionTimeInMillis), st.ResultReuseInformation)
	}
	if qe.StatementType != types.StatementTypeDml || aws.ToString(qe.WorkGroup) != "grafana" ||
		aws.ToString(qe.EngineVersion.EffectiveEngineVersion) != athenaemu.EngineVersion3 ||
		aws.ToString(qe.QueryExecutionContext.Database) != "amazon_security_lake_glue_db_us_east_1" ||
		!strings.HasSuffix(aws.ToString(qe.ResultConfiguration.OutputLocation), id+".csv") {
		t.Errorf("execution = %+v", qe)
	}
	sub := qe.Status.SubmissionDateTime
	done := qe.Status.CompletionDateTime
	if sub == nil || done == nil || done.Before(*sub) || time.Since(*sub) > time.Minute {
		t.Errorf("submission %v completion %v", sub, done)
	}
	s := e.trino.Submissions()[0]
	if s.Catalog != "awsdatacatalog" || s.Schema != "amazon_security_lake_glue_db_us_east_1" || s.TimeZone != "UTC" || s.User != "athena-local" {
		t.Errorf("Trino session = %+v", s)
	}
}

func TestPagingWithHeaderRow(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	rows := make([][]any, 2500)
	for i := range rows {
		rows[i] = []any{i, fmt.Sprintf("v%d", i)}
	}
	e.trino.Handle(trinotest.Any(), trinotest.Result{
		Columns: []trino.Column{trinotest.Col("i", "integer"), trinotest.Col("s", "varchar(8)")},
		Rows:    rows, PageSize: 333,
	})
	id := e.start(t, "SELECT i, s FROM t")
	e.wait(t, id)
	cols, got, pages := e.results(t, id, 1000)
	if pages != 3 || len(got) != 2501 {
		t.Fatalf("pages %d rows %d, want 3 pages of 2501 rows (header included)", pages, len(got))
	}
	if str(got[0][0]) != "i" || str(got[0][1]) != "s" || str(got[1][0]) != "0" || str(got[2500][1]) != "v2499" {
		t.Errorf("rows: %s %s %s %s", str(got[0][0]), str(got[0][1]), str(got[1][0]), str(got[2500][1]))
	}
	want := []types.ColumnInfo{
		{CatalogName: aws.String("hive"), SchemaName: aws.String(""), TableName: aws.String(""), Name: aws.String("i"), Label: aws.String("i"), Type: aws.String("integer"), Precision: 10, Nullable: types.ColumnNullableUnknown},
		{CatalogName: aws.String("hive"), SchemaName: aws.String(""), TableName: aws.String(""), Name: aws.String("s"), Label: aws.String("s"), Type: aws.String("varchar"), Precision: 8, Nullable: types.ColumnNullableUnknown, CaseSensitive: true},
	}
	for i := range want {
		if fmt.Sprintf("%+v", aws.ToString(cols[i].Type)) != aws.ToString(want[i].Type) || cols[i].Precision != want[i].Precision ||
			aws.ToString(cols[i].Name) != aws.ToString(want[i].Name) || cols[i].Nullable != want[i].Nullable ||
			cols[i].CaseSensitive != want[i].CaseSensitive || aws.ToString(cols[i].CatalogName) != "hive" {
			t.Errorf("column %d = %+v", i, cols[i])
		}
	}
	// Small pages: the header row counts toward MaxResults on page 1.
	_, small, pages := e.results(t, id, 7)
	if len(small) != 2501 || pages != 358 {
		t.Errorf("MaxResults 7: %d rows in %d pages", len(small), pages)
	}
}

func TestMaxResultsBoundsAndTokens(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("x", "integer")}, Rows: [][]any{{1}, {2}}})
	id := e.start(t, "SELECT x FROM t")
	e.wait(t, id)
	for _, n := range []int32{0, -1, 1001} {
		_, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(n)})
		if apiCode(err) != "InvalidRequestException" {
			t.Errorf("MaxResults %d: %v", n, err)
		}
	}
	out, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(1)})
	if err != nil || len(out.ResultSet.Rows) != 1 || out.NextToken == nil {
		t.Fatalf("MaxResults 1 = %+v, %v", out, err)
	}
	other := e.start(t, "SELECT x FROM t -- another")
	e.wait(t, other)
	for _, tok := range []string{"garbage", *out.NextToken + "x"} {
		_, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(other), NextToken: aws.String(tok)})
		if apiCode(err) != "InvalidRequestException" {
			t.Errorf("token %q accepted: %v", tok, err)
		}
	}
	_, err = e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(other), NextToken: out.NextToken})
	if apiCode(err) != "InvalidRequestException" {
		t.Errorf("a token of another query was accepted: %v", err)
	}
	_, err = e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String("nope")})
	if apiCode(err) != "InvalidRequestException" {
		t.Errorf("unknown id: %v", err)
	}
}

func TestFailedQueriesCarryTrinoErrors(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Contains("SELEC "), trinotest.Result{Error: &trino.Error{
		Message: "line 1:1: mismatched input 'SELEC'. Expecting: 'ALTER', 'ANALYZE', <query>", ErrorCode: 1, ErrorName: "SYNTAX_ERROR", ErrorType: "USER_ERROR",
	}})
	e.trino.Handle(trinotest.Contains("boom"), trinotest.Result{Error: &trino.Error{
		Message: "Query exceeded per-node memory limit", ErrorName: "EXCEEDED_LOCAL_MEMORY_LIMIT", ErrorType: "INSUFFICIENT_RESOURCES",
	}})
	e.trino.Handle(trinotest.Contains("crash"), trinotest.Result{Error: &trino.Error{
		Message: "NullPointerException", ErrorName: "GENERIC_INTERNAL_ERROR", ErrorType: "INTERNAL_ERROR",
	}})
	cases := []struct {
		sql       string
		category  int32
		errType   int32
		retryable bool
		reason    string
	}{
		{"SELEC 1", 2, 1000, false, "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'. Expecting: 'ALTER', 'ANALYZE', <query>"},
		{"SELECT boom", 1, 1, true, "EXCEEDED_LOCAL_MEMORY_LIMIT: Query exceeded per-node memory limit"},
		{"SELECT crash", 1, 200, true, "GENERIC_INTERNAL_ERROR: NullPointerException"},
	}
	for _, c := range cases {
		id := e.start(t, c.sql)
		qe, _ := e.wait(t, id)
		st := qe.Status
		ae := st.AthenaError
		if st.State != types.QueryExecutionStateFailed || aws.ToString(st.StateChangeReason) != c.reason || ae == nil ||
			aws.ToInt32(ae.ErrorCategory) != c.category || aws.ToInt32(ae.ErrorType) != c.errType || ae.Retryable != c.retryable ||
			aws.ToString(ae.ErrorMessage) != c.reason || st.CompletionDateTime == nil {
			t.Errorf("%s: state %s reason %q error %+v", c.sql, st.State, aws.ToString(st.StateChangeReason), ae)
		}
		_, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
		if apiCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "FAILED") {
			t.Errorf("%s: GetQueryResults = %v", c.sql, err)
		}
	}
}

func TestStopQueryCancelsTrino(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), trinotest.Result{Hang: true})
	id := e.start(t, "SELECT * FROM huge")
	e.waitRunning(t, id, 5*time.Second, 2*time.Millisecond)
	_, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if apiCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "not yet finished") {
		t.Errorf("GetQueryResults while running = %v", err)
	}
	if _, err := e.client.StopQueryExecution(ctxT(t), &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	trinoID := e.srv.Queries()[0].EngineID
	if trinoID == "" || !e.trino.Canceled(trinoID) || e.trino.Count(http.MethodDelete) != 1 {
		t.Errorf("Trino query %q not cancelled (DELETEs %d)", trinoID, e.trino.Count(http.MethodDelete))
	}
	qe, _ := e.wait(t, id)
	if qe.Status.State != types.QueryExecutionStateCancelled || qe.Status.CompletionDateTime == nil {
		t.Errorf("state %s", qe.Status.State)
	}
	// Stopping again, or stopping a finished query, is a no-op.
	if _, err := e.client.StopQueryExecution(ctxT(t), &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Error(err)
	}
	if _, err := e.client.StopQueryExecution(ctxT(t), &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String("nope")}); apiCode(err) != "InvalidRequestException" {
		t.Errorf("stop unknown = %v", err)
	}
}

func TestCloseCancelsRunningQueries(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), trinotest.Result{Hang: true})
	e.start(t, "SELECT 1")
	for len(e.trino.Running()) == 0 {
		time.Sleep(time.Millisecond)
	}
	e.srv.Close()
	if r := e.trino.Running(); len(r) != 0 {
		t.Errorf("still running in Trino after Close: %v", r)
	}
	if q := e.srv.Queries()[0]; q.State != "CANCELLED" {
		t.Errorf("state after Close = %s", q.State)
	}
}

func TestResultReuse(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnv(t, athenalocal.Options{Now: clock})
	e.trino.Handle(trinotest.Any(), trinotest.Result{
		Columns: []trino.Column{trinotest.Col("x", "integer")}, Rows: [][]any{{1}},
		Stats: trino.Stats{PhysicalInputBytes: 999},
	})
	reuse := func(minutes int32) func(*athenasdk.StartQueryExecutionInput) {
		return func(in *athenasdk.StartQueryExecutionInput) {
			in.ResultReuseConfiguration = &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{
				Enabled: true, MaxAgeInMinutes: aws.Int32(minutes),
			}}
		}
	}
	first := e.start(t, "SELECT x FROM t", reuse(10))
	e.wait(t, first)
	second := e.start(t, "SELECT x FROM t", reuse(10))
	qe, _ := e.wait(t, second)
	if !qe.Statistics.ResultReuseInformation.ReusedPreviousResult || aws.ToInt64(qe.Statistics.DataScannedInBytes) != 0 {
		t.Errorf("second run not reused: %+v", qe.Statistics)
	}
	if n := len(e.trino.Submissions()); n != 1 {
		t.Errorf("Trino saw %d queries, want 1", n)
	}
	if qe.ResultReuseConfiguration == nil || aws.ToInt32(qe.ResultReuseConfiguration.ResultReuseByAgeConfiguration.MaxAgeInMinutes) != 10 {
		t.Errorf("reuse configuration not echoed: %+v", qe.ResultReuseConfiguration)
	}
	_, rows, _ := e.results(t, second, 1000)
	if len(rows) != 2 || str(rows[1][0]) != "1" {
		t.Errorf("reused rows = %v", rows)
	}
	// Not reused: reuse off, another database, or older than the max age.
	e.wait(t, e.start(t, "SELECT x FROM t"))
	e.wait(t, e.start(t, "SELECT x FROM t", reuse(10), func(in *athenasdk.StartQueryExecutionInput) {
		in.QueryExecutionContext.Database = aws.String("other")
	}))
	mu.Lock()
	now = now.Add(11 * time.Minute)
	mu.Unlock()
	late := e.start(t, "SELECT x FROM t", reuse(10))
	if qe, _ := e.wait(t, late); qe.Statistics.ResultReuseInformation.ReusedPreviousResult {
		t.Error("reused a result older than MaxAgeInMinutes")
	}
	if n := len(e.trino.Submissions()); n != 4 {
		t.Errorf("Trino saw %d queries, want 4", n)
	}
	if _, err := e.client.StartQueryExecution(ctxT(t), &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"),
		ResultReuseConfiguration: &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{Enabled: true, MaxAgeInMinutes: aws.Int32(20000)}},
	}); apiCode(err) != "InvalidRequestException" {
		t.Errorf("MaxAgeInMinutes 20000 = %v", err)
	}
}

func TestClientRequestTokenIsIdempotent(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), trinotest.Result{})
	tok := func(in *athenasdk.StartQueryExecutionInput) {
		in.ClientRequestToken = aws.String("0123456789abcdef0123456789abcdef")
	}
	a, b := e.start(t, "SELECT 1", tok), e.start(t, "SELECT 1", tok)
	if a != b || len(e.trino.Submissions()) != 1 {
		t.Errorf("ids %s %s, Trino queries %d", a, b, len(e.trino.Submissions()))
	}
	_, err := e.client.StartQueryExecution(ctxT(t), &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), ClientRequestToken: aws.String("short")})
	if apiCode(err) != "InvalidRequestException" {
		t.Errorf("short token = %v", err)
	}
}

func TestStartValidation(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	for name, in := range map[string]*athenasdk.StartQueryExecutionInput{
		"empty query":       {QueryString: aws.String("  ")},
		"unknown workgroup": {QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("nope")},
		"huge query":        {QueryString: aws.String(strings.Repeat("x", 262145))},
	} {
		if _, err := e.client.StartQueryExecution(ctxT(t), in); apiCode(err) != "InvalidRequestException" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestExecutionParametersAndStatementTypes(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	n := int64(2)
	e.trino.Handle(trinotest.Contains("INSERT"), trinotest.Result{UpdateType: "INSERT", UpdateCount: &n})
	e.trino.Handle(trinotest.Contains("SHOW"), trinotest.Result{Columns: []trino.Column{trinotest.Col("Table", "varchar")}, Rows: [][]any{{"t"}}})
	e.trino.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("x", "varchar")}, Rows: [][]any{{"a"}}})
	id := e.start(t, "SELECT * FROM t WHERE region = ? AND n > ?", func(in *athenasdk.StartQueryExecutionInput) {
		in.ExecutionParameters = []string{"'us-east-1'", "5"}
	})
	qe, _ := e.wait(t, id)
	if got := e.trino.Submissions()[0].SQL; got != "EXECUTE IMMEDIATE 'SELECT * FROM t WHERE region = ? AND n > ?' USING 'us-east-1', 5" {
		t.Errorf("Trino got %q", got)
	}
	if !slices.Equal(qe.ExecutionParameters, []string{"'us-east-1'", "5"}) {
		t.Errorf("parameters not echoed: %v", qe.ExecutionParameters)
	}
	ins := e.start(t, "INSERT INTO t VALUES 1, 2")
	if qe, _ := e.wait(t, ins); qe.StatementType != types.StatementTypeDml {
		t.Errorf("INSERT statement type %s", qe.StatementType)
	}
	out, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(ins)})
	if err != nil || out.UpdateCount == nil || *out.UpdateCount != 2 || len(out.ResultSet.Rows) != 0 {
		t.Errorf("INSERT results = %+v, %v", out, err)
	}
	show := e.start(t, "SHOW TABLES")
	if qe, _ := e.wait(t, show); qe.StatementType != types.StatementTypeUtility {
		t.Errorf("SHOW statement type %s", qe.StatementType)
	}
	if _, rows, _ := e.results(t, show, 10); len(rows) != 1 || str(rows[0][0]) != "t" {
		t.Errorf("SHOW rows (no header row expected) = %v", rows)
	}
}

func TestResultBufferLimit(t *testing.T) {
	e := newEnv(t, athenalocal.Options{MaxResultBytes: 10_000})
	rows := make([][]any, 1000)
	for i := range rows {
		rows[i] = []any{strings.Repeat("x", 100)}
	}
	e.trino.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("s", "varchar")}, Rows: rows, PageSize: 10})
	id := e.start(t, "SELECT s FROM big")
	qe, _ := e.wait(t, id)
	if qe.Status.State != types.QueryExecutionStateFailed || !strings.Contains(aws.ToString(qe.Status.StateChangeReason), "MaxResultBytes") {
		t.Errorf("state %s reason %q", qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	if e.trino.Count(http.MethodDelete) != 1 {
		t.Error("the Trino query was not cancelled")
	}
}

func TestOldResultsAreEvicted(t *testing.T) {
	e := newEnv(t, athenalocal.Options{Emulator: athenaemu.Options{MaxBufferedBytes: 3000, MaxQueries: 3}})
	rows := make([][]any, 20)
	for i := range rows {
		rows[i] = []any{strings.Repeat("y", 50)}
	}
	e.trino.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("s", "varchar")}, Rows: rows})
	var ids []string
	for i := range 5 {
		id := e.start(t, fmt.Sprintf("SELECT s FROM t%d", i))
		e.wait(t, id)
		ids = append(ids, id)
	}
	if n := len(e.srv.Queries()); n != 3 {
		t.Errorf("remembered %d queries, want 3", n)
	}
	if _, err := e.client.GetQueryExecution(ctxT(t), &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(ids[0])}); apiCode(err) != "InvalidRequestException" {
		t.Errorf("forgotten query = %v", err)
	}
	// ~1,900 bytes each: only the newest fits in 3,000.
	_, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(ids[3])})
	if apiCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "MaxBufferedBytes") {
		t.Errorf("evicted results = %v", err)
	}
	if _, rows, _ := e.results(t, ids[4], 1000); len(rows) != 21 {
		t.Errorf("newest results: %d rows", len(rows))
	}
}
