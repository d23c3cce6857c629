package athena

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
)

// API is the subset of the aws-sdk-go-v2 Athena client this package calls.
// Keeping it this small means a fake only has to implement what is used and a
// reader can see at a glance which Athena permissions the plugin needs
// (athena:StartQueryExecution, GetQueryExecution, GetQueryResults,
// StopQueryExecution, ListDataCatalogs, ListDatabases, ListTableMetadata,
// GetTableMetadata, ListWorkGroups, GetWorkGroup).
type API interface {
	StartQueryExecution(ctx context.Context, in *athenasdk.StartQueryExecutionInput, optFns ...func(*athenasdk.Options)) (*athenasdk.StartQueryExecutionOutput, error)
	GetQueryExecution(ctx context.Context, in *athenasdk.GetQueryExecutionInput, optFns ...func(*athenasdk.Options)) (*athenasdk.GetQueryExecutionOutput, error)
	GetQueryResults(ctx context.Context, in *athenasdk.GetQueryResultsInput, optFns ...func(*athenasdk.Options)) (*athenasdk.GetQueryResultsOutput, error)
	StopQueryExecution(ctx context.Context, in *athenasdk.StopQueryExecutionInput, optFns ...func(*athenasdk.Options)) (*athenasdk.StopQueryExecutionOutput, error)
	ListDataCatalogs(ctx context.Context, in *athenasdk.ListDataCatalogsInput, optFns ...func(*athenasdk.Options)) (*athenasdk.ListDataCatalogsOutput, error)
	ListDatabases(ctx context.Context, in *athenasdk.ListDatabasesInput, optFns ...func(*athenasdk.Options)) (*athenasdk.ListDatabasesOutput, error)
	ListTableMetadata(ctx context.Context, in *athenasdk.ListTableMetadataInput, optFns ...func(*athenasdk.Options)) (*athenasdk.ListTableMetadataOutput, error)
	GetTableMetadata(ctx context.Context, in *athenasdk.GetTableMetadataInput, optFns ...func(*athenasdk.Options)) (*athenasdk.GetTableMetadataOutput, error)
	ListWorkGroups(ctx context.Context, in *athenasdk.ListWorkGroupsInput, optFns ...func(*athenasdk.Options)) (*athenasdk.ListWorkGroupsOutput, error)
	GetWorkGroup(ctx context.Context, in *athenasdk.GetWorkGroupInput, optFns ...func(*athenasdk.Options)) (*athenasdk.GetWorkGroupOutput, error)
}

// The real client must keep satisfying API; a compile error here means the
// SDK changed a signature we depend on.
var _ API = (*athenasdk.Client)(nil)

// NewClient builds an Athena client from cfg with this package's retry policy
// (DefaultRetryPolicy, see retry.go) and its HTTP client wrapped so request
// bodies cannot trip the SDK's closed-connection race (transport.go). A
// non-empty endpoint overrides the
// service endpoint (BaseEndpoint), which is how the plugin reaches a VPC
// endpoint, LocalStack-like emulators or the Athena emulator. optFns run
// last, so callers (tests) can still replace anything, e.g. with
// WithRetryPolicy.
func NewClient(cfg aws.Config, endpoint string, optFns ...func(*athenasdk.Options)) *athenasdk.Client {
	fns := make([]func(*athenasdk.Options), 0, len(optFns)+1)
	fns = append(fns, func(o *athenasdk.Options) {
		applyRetryPolicy(o, DefaultRetryPolicy)
		// Options run after the SDK resolved its HTTP client (the one from
		// cfg, e.g. with proxy settings, or its default), so this wraps it.
		o.HTTPClient = bufferedBodyClient{next: o.HTTPClient}
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	fns = append(fns, optFns...)
	return athenasdk.NewFromConfig(cfg, fns...)
}
