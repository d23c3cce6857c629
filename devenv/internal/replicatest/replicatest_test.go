package replicatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// outcome records what the rule did to a test: its skip or failure message.
type outcome struct {
	testing.TB
	skipped, failed string
}

// stop ends the checked call the way Skip and Fatal end a test.
type stop struct{}

func (o *outcome) Helper() {}
func (o *outcome) Skipf(format string, args ...any) {
	o.skipped = fmt.Sprintf(format, args...)
	panic(stop{})
}
func (o *outcome) Fatalf(format string, args ...any) {
	o.failed = fmt.Sprintf(format, args...)
	panic(stop{})
}

// run calls f with a recording TB and returns what happened and f's URL.
func run(t *testing.T, f func(testing.TB) string) (o *outcome, url string) {
	t.Helper()
	o = &outcome{TB: t}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stop); !ok {
				panic(r)
			}
		}
	}()
	return o, f(o)
}

// fakeTrino answers SHOW TABLES over two pages: the first empty with a
// nextUri, the second with the tables (or the error) of the seeded schema.
func fakeTrino(t *testing.T, tables int, errMsg string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/info" {
			_, _ = w.Write([]byte(`{"nodeVersion":{"version":"476"},"starting":false}`))
			return
		}
		if r.Header.Get("X-Trino-User") == "" {
			http.Error(w, "no user", http.StatusBadRequest)
			return
		}
		page := map[string]any{}
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v1/statement":
			page["nextUri"] = srv.URL + "/v1/statement/queued/1"
		case errMsg != "":
			page["error"] = map[string]any{"message": errMsg}
		default:
			data := make([][]string, tables)
			for i := range data {
				data[i] = []string{fmt.Sprintf("t%d", i)}
			}
			page["data"] = data
		}
		_ = json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestNoURLSkipsOrFails(t *testing.T) {
	t.Setenv(EnvTrinoURL, "")
	t.Setenv(EnvRequired, "")
	o, _ := run(t, TrinoURL)
	if !strings.Contains(o.skipped, EnvTrinoURL) || o.failed != "" {
		t.Fatalf("not required: skipped %q failed %q", o.skipped, o.failed)
	}
	t.Setenv(EnvRequired, "1")
	o, _ = run(t, Require)
	if !strings.Contains(o.failed, EnvTrinoURL) || !strings.Contains(o.failed, EnvRequired) || o.skipped != "" {
		t.Fatalf("required: skipped %q failed %q", o.skipped, o.failed)
	}
}

func TestSeededReplicaPasses(t *testing.T) {
	srv := fakeTrino(t, 3, "")
	t.Setenv(EnvTrinoURL, srv.URL)
	t.Setenv(EnvRequired, "1")
	for name, f := range map[string]func(testing.TB) string{"TrinoURL": TrinoURL, "Require": Require} {
		o, url := run(t, f)
		if url != srv.URL || o.skipped != "" || o.failed != "" {
			t.Errorf("%s = %q, skipped %q failed %q", name, url, o.skipped, o.failed)
		}
	}
}

func TestUnseededReplica(t *testing.T) {
	for name, srv := range map[string]*httptest.Server{
		"schema missing": fakeTrino(t, 0, "Schema 'amazon_security_lake_glue_db_us_east_1' does not exist"),
		"no tables":      fakeTrino(t, 0, ""),
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(EnvTrinoURL, srv.URL)
			t.Setenv(EnvRequired, "")
			if o, url := run(t, TrinoURL); url != srv.URL || o.skipped != "" {
				t.Fatalf("Trino is up: TrinoURL = %q, skipped %q", url, o.skipped)
			}
			o, _ := run(t, Require)
			if !strings.Contains(o.skipped, "not seeded") || o.failed != "" {
				t.Fatalf("not required: skipped %q failed %q", o.skipped, o.failed)
			}
			t.Setenv(EnvRequired, "1")
			o, _ = run(t, Require)
			if !strings.Contains(o.failed, "not seeded") {
				t.Fatalf("required: skipped %q failed %q", o.skipped, o.failed)
			}
		})
	}
}

func TestUnreachableTrinoFailsWhenRequired(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	t.Setenv(EnvTrinoURL, url)
	t.Setenv(EnvRequired, "1")
	o, _ := run(t, TrinoURL)
	if !strings.Contains(o.failed, "does not answer") {
		t.Fatalf("skipped %q failed %q", o.skipped, o.failed)
	}
}

func TestStartingTrinoIsNotReady(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"starting":true}`))
	}))
	t.Cleanup(srv.Close)
	t.Setenv(EnvTrinoURL, srv.URL)
	t.Setenv(EnvRequired, "")
	o, _ := run(t, Require)
	if !strings.Contains(o.skipped, "still starting") {
		t.Fatalf("skipped %q failed %q", o.skipped, o.failed)
	}
}
