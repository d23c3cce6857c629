// Package plugin is the SDK surface of the datasource: thin handlers for
// QueryData, CheckHealth and CallResource over the pure packages (sqlbuild,
// macros, frames) and the I/O packages (athena, lake discovery).
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/grafana/grafana-aws-sdk/pkg/awsauth"
	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/tracing"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/settings"
)

// ID is the plugin id (src/plugin.json).
const ID = "seclake-securitylake-datasource"

// Compile-time checks that Datasource implements the handlers Grafana calls.
var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured datasource instance. Grafana creates a new
// instance when the settings change, so everything here is per settings.
type Datasource struct {
	settings    settings.Settings
	settingsErr error
	catalog     *ocsf.Catalog
	now         func() time.Time
	// tel counts and logs what queries do (telemetry.go).
	tel telemetry
	// admit bounds the Athena queries this instance runs at once, across
	// requests (admission.go); runGuarded takes a slot per query.
	admit *admission
	// share runs identical SQL once and caches results (share.go).
	share *sharer
	// shapes are raw SQL statements' output columns (nestedjson.go).
	shapes shapes

	// configs turns the AWS settings into an aws.Config; the executor is
	// built lazily on the first request because the Grafana config (which
	// auth types are allowed) arrives with the request context.
	configs awsauth.ConfigProvider
	// httpClient carries every AWS call (STS and Athena): the AWS_CA_BUNDLE
	// client, or nil for the SDK's default. Tests route it.
	httpClient *http.Client

	// clientOpts are extra Athena client options, applied last (tests pass
	// a retry policy with millisecond backoffs).
	clientOpts []func(*athenasdk.Options)
	// objectOpts are the same for the S3 client that reads result files.
	objectOpts []func(*s3.Options)

	mu   sync.Mutex
	exec *athena.Executor
	lake *lakeCache
	// regionRTs holds the other Regions' executors and lake caches, built
	// on first use (regions.go).
	regionRTs map[string]*regional
}

// NewDatasource is the instance factory. Invalid settings do not fail
// instance creation: every request then answers with the validation message,
// which is what the config page shows on "Save & test".
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return newDatasource(s, awsauth.NewConfigProvider()), nil
}

func newDatasource(s backend.DataSourceInstanceSettings, configs awsauth.ConfigProvider) *Datasource {
	ds := &Datasource{catalog: ocsf.Default(), now: time.Now, configs: configs, httpClient: caClient, tel: telemetry{m: defaultMetrics, logger: backend.Logger}}
	ds.settings, ds.settingsErr = settings.Load(s)
	if ds.settingsErr == nil {
		ds.settingsErr = ds.settings.Validate()
	}
	ds.admit = newAdmission(ds.settings.MaxInFlightQueries, ds.tel.m)
	ds.share = newSharer()
	return ds
}

// Dispose releases the instance: a background lake discovery is cancelled;
// queries in flight finish on their own.
func (d *Datasource) Dispose() {
	for _, lc := range d.lakeCaches() {
		lc.close()
	}
}

// executor returns the home Region's Athena executor (settings.HomeRegion:
// the rollup Region, else the Default Region), creating it on first use.
// Other Regions' executors are regionRuntime's.
func (d *Datasource) executor(ctx context.Context) (*athena.Executor, error) {
	if d.settingsErr != nil {
		return nil, backend.DownstreamError(d.settingsErr)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.exec != nil {
		return d.exec, nil
	}
	s := d.settings.ForRegion(d.settings.HomeRegion())
	exec, err := d.newExecutor(ctx, s)
	if err != nil {
		return nil, err
	}
	d.exec = exec
	d.lake = newLakeCache(d.exec, s)
	return d.exec, nil
}

// newExecutor builds an Athena executor for s (the settings as they apply
// to one Region, settings.ForRegion).
func (d *Datasource) newExecutor(ctx context.Context, s settings.Settings) (*athena.Executor, error) {
	// awsauth turns Endpoint into the config's BaseEndpoint, which every
	// client built from the config uses, the STS client of assume role
	// included. So it gets the STS endpoint (empty: the SDK resolves STS
	// for the Region), and the Athena endpoint goes to the Athena client
	// only (athenaClient). awsauth ignores endpoints that start with
	// "sts." or "https://sts." (the public regional ones, which the
	// resolver picks anyway) and turns "-fips." into FIPS resolution.
	cfg, err := d.configs.GetConfig(ctx, awsauth.Settings{
		AuthType:                   authType(s.AWS.AuthType),
		AccessKey:                  s.AWS.AccessKey,
		SecretKey:                  s.AWS.SecretKey,
		SessionToken:               s.AWS.SessionToken,
		Region:                     s.Region(),
		CredentialsProfile:         s.AWS.Profile,
		AssumeRoleARN:              s.AWS.AssumeRoleARN,
		Endpoint:                   s.STSEndpoint,
		ExternalID:                 s.AWS.ExternalID,
		GrafanaExternalID:          s.AWS.GrafanaExternalID,
		UsePerDatasourceExternalID: s.AWS.UsePerDatasourceExternalID,
		UserAgent:                  "SecurityLakeForGrafana",
		HTTPClient:                 d.httpClient,
	})
	if err != nil {
		// awsauth errors name the auth type, never the keys.
		return nil, backend.DownstreamError(fmt.Errorf("AWS credentials: %w", err))
	}
	var objects athena.ObjectAPI
	if s.ResultsFromS3() {
		objects = objectClient(cfg, s.S3Endpoint, d.objectOpts...)
	}
	return athena.New(athenaClient(cfg, s.AWS.Endpoint, d.clientOpts...), athena.Options{
		Objects: objects,
		Catalog: s.Catalog,
		// Unqualified table names in raw SQL resolve in the lake database.
		Database:          s.LakeDatabase(),
		WorkGroup:         s.Workgroup,
		OutputLocation:    s.OutputLocation,
		ResultReuse:       s.ResultReuseEnabled != nil && *s.ResultReuseEnabled,
		ResultReuseMaxAge: s.ResultReuseMaxAge(),
		RowLimit:          s.RowLimit,
		MaxBytesScanned:   s.MaxBytesScanned,
		// A reused or instant result is answered in two round trips; a
		// running query costs one refused GetQueryResults (performance.md).
		EarlyFirstPage: true,
		Observer:       d.tel,
		// Looked up here, not at package init: the SDK installs its
		// tracer (OTLP export when Grafana configures it) in Manage.
		Tracer: tracing.DefaultTracer(),
	}), nil
}

// athenaClient builds the Athena client on a copy of cfg without the STS
// endpoint, so Athena calls go to the Athena endpoint setting or, when it
// is empty, to the Region's Athena endpoint, never to STS. The credentials
// (and the STS client behind assume role) stay those of cfg.
func athenaClient(cfg aws.Config, endpoint string, opts ...func(*athenasdk.Options)) *athenasdk.Client {
	cfg.BaseEndpoint = nil
	return athena.NewClient(cfg, endpoint, opts...)
}

// objectClient is athenaClient for the S3 client that reads result files
// (same credentials, the S3 endpoint setting or the Region's).
func objectClient(cfg aws.Config, endpoint string, opts ...func(*s3.Options)) *s3.Client {
	cfg.BaseEndpoint = nil
	return athena.NewObjectClient(cfg, endpoint, opts...)
}

// authType maps the settings' auth type to awsauth's without calling
// awsds.AuthType.String, which panics on values it does not know.
func authType(t awsds.AuthType) awsauth.AuthType {
	switch t {
	case awsds.AuthTypeSharedCreds:
		return awsauth.AuthTypeSharedCreds
	case awsds.AuthTypeKeys:
		return awsauth.AuthTypeKeys
	case awsds.AuthTypeEC2IAMRole:
		return awsauth.AuthTypeEC2IAMRole
	case awsds.AuthTypeGrafanaAssumeRole:
		return awsauth.AuthTypeGrafanaAssumeRole
	default:
		return awsauth.AuthTypeDefault
	}
}
