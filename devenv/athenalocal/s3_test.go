package athenalocal_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// s3Client is the real S3 client against the emulator, path style, as the
// plugin would read result files through a custom endpoint.
func s3Client(endpoint string) *s3.Client {
	return s3.NewFromConfig(aws.Config{
		Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDATHENALOCALTEST", SecretAccessKey: "secret"}, nil
		}),
		BaseEndpoint: aws.String(endpoint),
	}, func(o *s3.Options) {
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	})
}

// resultObject splits an OutputLocation into bucket and key.
func resultObject(t *testing.T, loc string) (string, string) {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "s3" {
		t.Fatalf("OutputLocation %q", loc)
	}
	return u.Host, strings.TrimPrefix(u.Path, "/")
}

// TestResultFileThroughS3Client runs a query of nested types on the Trino
// engine and reads its result file with the real S3 client: the CSV holds
// the values exactly as GetQueryResults renders them.
func TestResultFileThroughS3Client(t *testing.T) {
	e := newEnv(t, athenalocal.Options{OutputLocation: "s3://results-bucket/athena/"})
	e.trino.Handle(trinotest.Any(), trinotest.Result{
		Columns: []trino.Column{
			trinotest.Col("time_dt", "timestamp(6)"), trinotest.Col("observables", "array(row(name varchar, type_id integer))"),
			trinotest.Col("unmapped", "map(varchar, varchar)"), trinotest.Col("msg", "varchar"), trinotest.Col("n", "bigint"),
		},
		Rows: [][]any{
			{"2024-01-01 00:00:00.123456", json.RawMessage(`[["src_endpoint.ip",2]]`), json.RawMessage(`{"z":"1","a":"say \"x\""}`), `he said "hi", twice`, 7},
			{nil, json.RawMessage(`[]`), nil, "", nil},
		},
	})
	id := e.start(t, "SELECT time_dt, observables, unmapped, msg, n FROM flows")
	qe, _ := e.wait(t, id)
	loc := aws.ToString(qe.ResultConfiguration.OutputLocation)
	if loc != "s3://results-bucket/athena/"+id+".csv" {
		t.Fatalf("OutputLocation %s", loc)
	}
	bucket, key := resultObject(t, loc)
	c := s3Client(e.http.URL)
	out, err := c.GetObject(ctxT(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := `"time_dt","observables","unmapped","msg","n"` + "\n" +
		`"2024-01-01 00:00:00.123456","[{name=src_endpoint.ip, type_id=2}]","{z=1, a=say ""x""}","he said ""hi"", twice","7"` + "\n" +
		`,"[]",,"",` + "\n"
	if string(raw) != want || aws.ToInt64(out.ContentLength) != int64(len(want)) || aws.ToString(out.ETag) == "" {
		t.Fatalf("GetObject body:\n%s\nwant\n%s", raw, want)
	}
	// The file agrees with the paged results, cell for cell.
	recs, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	_, rows, _ := e.results(t, id, 1000)
	for i, row := range rows {
		for j, cell := range row {
			if cell != nil && recs[i][j] != *cell || cell == nil && recs[i][j] != "" {
				t.Errorf("row %d col %d: file %q, GetQueryResults %s", i, j, recs[i][j], str(cell))
			}
		}
	}

	rng, err := c.GetObject(ctxT(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Range: aws.String("bytes=0-9")})
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(rng.Body)
	rng.Body.Close()
	if string(part) != want[:10] || aws.ToString(rng.ContentRange) != "bytes 0-9/"+strconv.Itoa(len(want)) {
		t.Errorf("range: %q %s", part, aws.ToString(rng.ContentRange))
	}

	_, err = c.GetObject(ctxT(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("athena/nope.csv")})
	var nsk *s3types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("missing key = %v", err)
	}
	if err := e.srv.Inject(athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActAccessDenied}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetObject(ctxT(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	var status interface{ HTTPStatusCode() int }
	if apiCode(err) != "AccessDenied" || !errors.As(err, &status) || status.HTTPStatusCode() != 403 {
		t.Errorf("access denied = %v", err)
	}
	calls := e.srv.CallsTo("GetObject")
	if len(calls) != 4 || calls[0].QueryID != id || !calls[0].Signed || calls[3].Fault != "access-denied" || calls[3].ErrorType != "AccessDenied" {
		t.Errorf("GetObject calls = %+v", calls)
	}
}
