package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/internal/questions"
	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// EnvQuestionsMinShare, when set (0.85 or 85), makes TestQuestions fail
// when the builder expresses a smaller share of the question set; unset,
// the share is only logged.
const EnvQuestionsMinShare = "SECLAKE_QUESTIONS_MIN_SHARE"

// TestQuestions is the expressibility benchmark (issue 11, item 5 of "What to build"): for every
// question of testdata/questions/*.yaml it runs the hand-written reference
// SQL on Trino directly, and the SQL-mode query and the builder query
// through the plugin binary on the question's lake version, and compares
// both results with the reference cell by cell (internal/questions).
// Run one question with -run 'TestQuestions/q/<id>'.
func TestQuestions(t *testing.T) {
	qs, err := questions.Load("testdata/questions")
	if err != nil {
		t.Fatal(err)
	}
	sum := questions.Summarize(qs)
	t.Logf("question set:\n%s", sum.Markdown())
	s := stack(t)
	tc, err := trino.New(TrinoURL(t), "questions", trino.WithSource("questions-e2e"))
	if err != nil {
		t.Fatal(err)
	}
	// One datasource per Region and lake version, the version pinned so
	// that $__table(source) and the builder read the question's tables.
	dss := map[string]grafanahost.DS{}
	for _, q := range qs {
		k := fmt.Sprintf("%s@%d", q.LakeRegion(), q.Version)
		if _, ok := dss[k]; !ok {
			dss[k] = s.DS(q.LakeRegion(), fmt.Sprint(q.Version), nil)
		}
	}
	var mu sync.Mutex
	ran, nonEmpty := 0, 0
	sem := make(chan struct{}, 2) // the machine is shared: two questions at a time
	t.Run("q", func(t *testing.T) {
		for _, q := range qs {
			t.Run(q.ID, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				rows := runQuestion(t, s, tc, dss[fmt.Sprintf("%s@%d", q.LakeRegion(), q.Version)], q)
				mu.Lock()
				ran++
				if rows > 0 {
					nonEmpty++
				}
				mu.Unlock()
			})
		}
	})
	if ran > 0 {
		t.Logf("%d of %d references return at least one row", nonEmpty, ran)
		if float64(nonEmpty) < 0.8*float64(ran) {
			t.Errorf("only %d of %d references return rows: at least 80 %% must, or the comparisons prove little", nonEmpty, ran)
		}
	}
	t.Logf("builder-expressible: %d of %d (%.1f %%)", sum.Builder, sum.Total, 100*sum.Share())
	if v := os.Getenv(EnvQuestionsMinShare); v != "" {
		want, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", EnvQuestionsMinShare, v, err)
		}
		if want > 1 {
			want /= 100
		}
		if sum.Share() < want {
			t.Errorf("the builder expresses %.1f %% of the questions, below %s=%s", 100*sum.Share(), EnvQuestionsMinShare, v)
		}
	}
}

// runQuestion runs one question's three queries and compares them; it
// returns the reference's row count.
func runQuestion(t *testing.T, s *Stack, tc *trino.Client, ds grafanahost.DS, q questions.Question) int {
	t.Helper()
	cols, rows, _, err := tc.QueryAll(t.Context(), q.Reference)
	if err != nil {
		t.Fatalf("%s: reference fails on Trino: %v", q.ID, err)
	}
	ref, err := questions.FromTrino(cols, rows)
	if err != nil {
		t.Fatalf("%s: reference: %v", q.ID, err)
	}
	if len(ref.Rows) >= 10000 {
		t.Fatalf("%s: the reference returns %d rows, at the plugin's default row limit: narrow the question", q.ID, len(ref.Rows))
	}
	queries := []grafanahost.Query{{RefID: "SQL", From: q.From, To: q.To, Interval: time.Hour, MaxDataPoints: 1000,
		JSON: map[string]any{"mode": "sql", "format": "table", "rawSql": q.SQL}}}
	if q.Builder != nil {
		b, err := json.Marshal(q.Builder)
		if err != nil {
			t.Fatalf("%s: builder: %v", q.ID, err)
		}
		queries = append(queries, grafanahost.Query{RefID: "BUILDER", From: q.From, To: q.To, Interval: time.Hour, MaxDataPoints: 1000, JSON: json.RawMessage(b)})
	}
	out, err := s.Host.QueryData(t.Context(), ds, queries...)
	if err != nil {
		t.Fatal(err)
	}
	for _, qq := range queries {
		r := out[qq.RefID]
		if r.Error != "" {
			t.Errorf("%s: %s query fails: %s", q.ID, qq.RefID, r.Error)
			continue
		}
		got, err := questions.FromFrames(r.Frames)
		if err != nil {
			t.Errorf("%s: %s frames: %v", q.ID, qq.RefID, err)
			continue
		}
		ordered := q.Ordered
		for _, f := range r.Frames {
			if questions.IsTimeSeries(f) {
				ordered = false // flattened series compare as multisets
			}
		}
		if err := questions.Compare(ref, got, ordered); err != nil {
			t.Errorf("%s: %s differs from the reference: %v", q.ID, qq.RefID, err)
		}
	}
	if len(ref.Rows) == 0 {
		t.Logf("%s: the reference returns no rows (the comparison proves little)", q.ID)
	} else if testing.Verbose() {
		t.Logf("%s: reference %d rows", q.ID, len(ref.Rows))
	}
	return len(ref.Rows)
}
