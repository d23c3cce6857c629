package wire_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// TestSDKRequestsDecodeIntoSDKInputs checks what Handle relies on: a
// request the SDK client serializes decodes with encoding/json into the
// same SDK input value, every member included.
func TestSDKRequestsDecodeIntoSDKInputs(t *testing.T) {
	got := make(chan any, 1)
	mux := wire.NewMux(
		wire.Handle(func(in *athenasdk.StartQueryExecutionInput) (any, *wire.Error) {
			got <- in
			return &wire.StartQueryExecutionOutput{QueryExecutionId: "q"}, nil
		}),
		wire.Handle(func(in *athenasdk.GetQueryResultsInput) (any, *wire.Error) {
			got <- in
			return &wire.GetQueryResultsOutput{}, nil
		}),
		wire.Handle(func(in *athenasdk.ListTableMetadataInput) (any, *wire.Error) {
			got <- in
			return &wire.ListTableMetadataOutput{}, nil
		}),
	)
	srv := newServer(t, mux)
	client := athenasdk.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  aws.AnonymousCredentials{},
		BaseEndpoint: aws.String(srv),
	})
	ctx := context.Background()

	start := &athenasdk.StartQueryExecutionInput{
		QueryString:           aws.String("SELECT ?"),
		ClientRequestToken:    aws.String("01234567890123456789012345678901"),
		ExecutionParameters:   []string{"'x'"},
		QueryExecutionContext: &types.QueryExecutionContext{Catalog: aws.String("AwsDataCatalog"), Database: aws.String("db")},
		ResultConfiguration: &types.ResultConfiguration{
			OutputLocation:          aws.String("s3://b/"),
			EncryptionConfiguration: &types.EncryptionConfiguration{EncryptionOption: types.EncryptionOptionSseKms, KmsKey: aws.String("k")},
			AclConfiguration:        &types.AclConfiguration{S3AclOption: types.S3AclOptionBucketOwnerFullControl},
			ExpectedBucketOwner:     aws.String("123"),
		},
		ResultReuseConfiguration: &types.ResultReuseConfiguration{
			ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{Enabled: true, MaxAgeInMinutes: aws.Int32(5)},
		},
		WorkGroup: aws.String("wg"),
	}
	if _, err := client.StartQueryExecution(ctx, start); err != nil {
		t.Fatal(err)
	}
	sameInput(t, start, <-got)

	results := &athenasdk.GetQueryResultsInput{
		QueryExecutionId: aws.String("q"), MaxResults: aws.Int32(7), NextToken: aws.String("t"), QueryResultType: types.QueryResultTypeDataRows,
	}
	if _, err := client.GetQueryResults(ctx, results); err != nil {
		t.Fatal(err)
	}
	sameInput(t, results, <-got)

	tables := &athenasdk.ListTableMetadataInput{
		CatalogName: aws.String("c"), DatabaseName: aws.String("d"), Expression: aws.String("x*"),
		MaxResults: aws.Int32(3), NextToken: aws.String("1"), WorkGroup: aws.String("wg"),
	}
	if _, err := client.ListTableMetadata(ctx, tables); err != nil {
		t.Fatal(err)
	}
	sameInput(t, tables, <-got)
}

func sameInput(t *testing.T, sent, decoded any) {
	t.Helper()
	if !reflect.DeepEqual(sent, decoded) {
		t.Errorf("sent %+v\ndecoded %+v", sent, decoded)
	}
}

// newServer serves mux the way the endpoints do and returns its URL.
func newServer(t *testing.T, mux *wire.Mux) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op, ok := wire.Operation(r)
		input, known := mux.NewInput(op)
		var resp any
		aerr := wire.UnknownOperation(op)
		if ok && known {
			if aerr = wire.DecodeRequest("test", op, r.Body, input); aerr == nil {
				resp, aerr = mux.Serve(r.Context(), op, input)
			}
		}
		wire.NewReply("test", resp, aerr).Write(r.Context(), w, "rid", wire.DefaultResponseDelay, nil)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestServedInputsArePlainJSON checks, for every input type the endpoints
// decode, what makes encoding/json read it like the SDK writes it: no
// timestamps, documents, unions or other interface-typed members.
func TestServedInputsArePlainJSON(t *testing.T) {
	for _, in := range []any{
		athenasdk.StartQueryExecutionInput{}, athenasdk.GetQueryExecutionInput{}, athenasdk.GetQueryResultsInput{},
		athenasdk.StopQueryExecutionInput{}, athenasdk.ListDataCatalogsInput{}, athenasdk.GetDataCatalogInput{},
		athenasdk.ListDatabasesInput{}, athenasdk.GetDatabaseInput{}, athenasdk.ListTableMetadataInput{},
		athenasdk.GetTableMetadataInput{}, athenasdk.ListWorkGroupsInput{}, athenasdk.GetWorkGroupInput{},
	} {
		checkPlain(t, reflect.TypeOf(in), reflect.TypeOf(in).Name())
	}
}

func checkPlain(t *testing.T, typ reflect.Type, path string) {
	t.Helper()
	switch typ.Kind() {
	case reflect.Pointer, reflect.Slice:
		checkPlain(t, typ.Elem(), path)
	case reflect.Map:
		checkPlain(t, typ.Key(), path)
		checkPlain(t, typ.Elem(), path)
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			t.Errorf("%s is a timestamp", path)
			return
		}
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				checkPlain(t, f.Type, path+"."+f.Name)
			}
		}
	case reflect.String, reflect.Bool, reflect.Int32, reflect.Int64, reflect.Float64:
	default:
		t.Errorf("%s is a %s", path, typ.Kind())
	}
}
