package plugin

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// maxEcho is the most an error or log line may grow by echoing an input.
const maxEcho = 1024

// huge is a 2 MB user value.
var huge = strings.Repeat("A", 2<<20)

// TestHugeInputsAreNotEchoed sends a 2 MB source, field, value and SQL
// fragment and checks that the error and every log line stay under 1 KB.
func TestHugeInputsAreNotEchoed(t *testing.T) {
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	for name, model := range map[string]string{
		"source":        `{"source":` + quote(huge) + `,"format":"table"}`,
		"custom source": `{"source":` + quote("ext_"+huge) + `,"format":"table"}`,
		"field":         `{"source":"vpc_flow","format":"table","filters":[{"field":` + quote(huge) + `,"op":"=","value":"x"}]}`,
		"group by":      `{"source":"vpc_flow","format":"table","groupBy":[` + quote(huge) + `]}`,
		"value":         `{"source":"vpc_flow","format":"table","filters":[{"field":"time","op":">","value":` + quote(huge) + `}]}`,
		"format":        `{"source":"vpc_flow","format":` + quote(huge) + `}`,
		"macro":         `{"rawSql":` + quote("SELECT * FROM $__table("+huge+")") + `}`,
		"sql literal":   `{"rawSql":` + quote("SELECT 1; DROP TABLE "+huge) + `}`,
		"refId-like":    `{"rawSql":"SELECT 1","mode":` + quote(huge) + `}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := plugintest.NewLakeServer(t)
			ds, _, rec := observed(t, srv, nil)
			res := runQueries(t, ds, dataQuery("A", model))["A"]
			if res.Error == nil {
				t.Fatal("want an error")
			}
			if n := len(res.Error.Error()); n > maxEcho {
				t.Errorf("error of %d bytes: %.120s…", n, res.Error.Error())
			}
			checkLogLines(t, rec)
		})
	}
}

// TestHugeAthenaReasonIsNotEchoed: Athena's own failure reason (which can
// quote the whole SQL) is bounded too, and so is the debug line of a 2 MB
// statement.
func TestHugeAthenaReasonIsNotEchoed(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{})
	if err := srv.Inject(athenaemu.Fault{Op: "StartQueryExecution", Action: athenaemu.ActFail, Message: "SYNTAX_ERROR: line 1:8: " + huge}); err != nil {
		t.Fatal(err)
	}
	ds, _, rec := observed(t, srv, nil)
	sql, _ := json.Marshal(map[string]string{"rawSql": "SELECT '" + huge + "' AS v"})
	res := runQueries(t, ds, dataQuery("A", string(sql)))["A"]
	if res.Error == nil || len(res.Error.Error()) > maxEcho {
		t.Errorf("error %v", res.Error)
	}
	checkLogLines(t, rec)
}

// TestHugeRouteParameterIsNotEchoed checks an editor route.
func TestHugeRouteParameterIsNotEchoed(t *testing.T) {
	ds := newTestDatasource(t, plugintest.NewLakeServer(t), nil)
	status, body := callResource(t, ds, "GET", "fields?source="+url.QueryEscape(huge), "")
	if status != 400 || len(body) > maxEcho {
		t.Errorf("GET /fields with a 2 MB source: %d, %d bytes", status, len(body))
	}
}

// checkLogLines fails when a log line is longer than maxEcho.
func checkLogLines(t *testing.T, rec recordingLogger) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, e := range *rec.entries {
		n := len(e.msg)
		for k, v := range e.fields {
			n += len(k) + len(v)
		}
		if n > maxEcho {
			t.Errorf("%s line %q of %d bytes", e.level, e.msg, n)
		}
	}
}
