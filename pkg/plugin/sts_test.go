package plugin

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// fakeSTS stands in for AWS STS: it answers AssumeRole with temporary
// credentials and records every request (host and action).
type fakeSTS struct {
	*httptest.Server
	mu    sync.Mutex
	calls []string // "host action"
}

func newFakeSTS(t *testing.T) *fakeSTS {
	t.Helper()
	f := &fakeSTS{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		host := r.Header.Get("X-Original-Host")
		if host == "" {
			host = r.Host
		}
		f.mu.Lock()
		f.calls = append(f.calls, host+" "+form.Get("Action"))
		f.mu.Unlock()
		if form.Get("Action") != "AssumeRole" || form.Get("RoleArn") != testRoleARN {
			http.Error(w, "unexpected STS request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAASSUMEDROLE00001</AccessKeyId><SecretAccessKey>assumed/secret</SecretAccessKey>
<SessionToken>assumed-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/grafana/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSTS) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

const testRoleARN = "arn:aws:iam::111122223333:role/grafana"

// assertAthenaOnly fails when the Athena emulator saw anything but Athena
// calls (an STS request there is an UnknownOperationException) or no
// query.
func assertAthenaOnly(t *testing.T, srv *athenaemu.CannedServer) {
	t.Helper()
	for _, c := range srv.Calls() {
		if c.ErrorType == "UnknownOperationException" || !c.Signed {
			t.Fatalf("the Athena endpoint got a non-Athena or unsigned call: %+v", c)
		}
	}
	if srv.Count("StartQueryExecution") != 1 {
		t.Fatalf("queries at the Athena endpoint: %d", srv.Count("StartQueryExecution"))
	}
}

func TestAssumeRoleUsesTheSTSEndpointNotAthenas(t *testing.T) {
	srv := newOneRowServer(t)
	sts := newFakeSTS(t)
	ds := newTestDatasource(t, srv, map[string]any{"assumeRoleArn": testRoleARN, "stsEndpoint": sts.URL})
	res := runQueries(t, ds, dataQuery("A", `{"mode":"sql","rawSql":"SELECT 1 AS n"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	calls := sts.Calls()
	if len(calls) != 1 || !strings.HasSuffix(calls[0], " AssumeRole") {
		t.Fatalf("STS calls = %v, want one AssumeRole", calls)
	}
	assertAthenaOnly(t, srv)
}

// Without stsEndpoint, AssumeRole goes where the SDK resolves STS for the
// Region. The test's HTTP client sends requests for *.amazonaws.com to the
// fake (there is no internet here), keeping the host it was meant for.
func TestAssumeRoleWithoutSTSEndpointUsesTheRegionalSTS(t *testing.T) {
	srv := newOneRowServer(t)
	sts := newFakeSTS(t)
	ds := newTestDatasource(t, srv, map[string]any{"assumeRoleArn": testRoleARN})
	target, _ := url.Parse(sts.URL)
	ds.httpClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Hostname(), ".amazonaws.com") {
			r = r.Clone(r.Context())
			r.Header.Set("X-Original-Host", r.URL.Host)
			r.URL.Scheme, r.URL.Host, r.Host = target.Scheme, target.Host, target.Host
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	res := runQueries(t, ds, dataQuery("A", `{"mode":"sql","rawSql":"SELECT 1 AS n"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	calls := sts.Calls()
	if len(calls) != 1 || calls[0] != "sts.us-east-1.amazonaws.com AssumeRole" {
		t.Fatalf("STS calls = %v, want one AssumeRole to sts.us-east-1.amazonaws.com", calls)
	}
	assertAthenaOnly(t, srv)
}

// With an STS endpoint but no Athena endpoint, Athena calls must not follow
// the STS endpoint (awsauth puts it in the shared config).
func TestSTSEndpointDoesNotRedirectAthena(t *testing.T) {
	c := athenaClient(awsConfigWithBase("http://127.0.0.1:1"), "")
	if ep := c.Options().BaseEndpoint; ep != nil {
		t.Fatalf("Athena BaseEndpoint = %q, want the Region's", *ep)
	}
	c = athenaClient(awsConfigWithBase("http://127.0.0.1:1"), "http://athena.local")
	if ep := c.Options().BaseEndpoint; ep == nil || *ep != "http://athena.local" {
		t.Fatalf("Athena BaseEndpoint = %v", ep)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func awsConfigWithBase(endpoint string) aws.Config {
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint)}
}

func newOneRowServer(t *testing.T) *athenaemu.CannedServer {
	t.Helper()
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
	return srv
}
