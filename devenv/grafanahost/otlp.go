package grafanahost

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
)

// Span is one span the plugin exported, flattened for assertions.
type Span struct {
	Name string
	// Service is the resource's service.name (the SDK sets the plugin ID).
	Service         string
	TraceID, SpanID string
	ParentSpanID    string
	Attributes      map[string]string
	StatusError     bool
	StatusMessage   string
	EventNames      []string
}

// TraceReceiver is an OTLP/gRPC trace collector for tests: the plugin's SDK
// exports to it the way it exports to Grafana's tracing backend.
type TraceReceiver struct {
	coltracepb.UnimplementedTraceServiceServer
	srv  *grpc.Server
	addr string

	mu      sync.Mutex
	spans   []Span
	changed chan struct{}
}

// StartTraceReceiver listens on a free loopback port; Stop ends it.
func StartTraceReceiver() (*TraceReceiver, error) {
	var lc net.ListenConfig
	lis, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("grafanahost: trace receiver: %w", err)
	}
	r := &TraceReceiver{srv: grpc.NewServer(), addr: lis.Addr().String(), changed: make(chan struct{})}
	coltracepb.RegisterTraceServiceServer(r.srv, r)
	go func() { _ = r.srv.Serve(lis) }()
	return r, nil
}

// StartTestTraceReceiver is StartTraceReceiver stopped in tb's Cleanup.
func StartTestTraceReceiver(tb testing.TB) *TraceReceiver {
	tb.Helper()
	r, err := StartTraceReceiver()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(r.Stop)
	return r
}

// Addr is host:port, the value Grafana puts in GF_INSTANCE_OTLP_ADDRESS.
func (r *TraceReceiver) Addr() string { return r.addr }

// Stop closes the receiver.
func (r *TraceReceiver) Stop() { r.srv.Stop() }

// Export implements the OTLP TraceService.
func (r *TraceReceiver) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	var got []Span
	for _, rs := range req.GetResourceSpans() {
		service := attrMap(rs.GetResource().GetAttributes())["service.name"]
		for _, ss := range rs.GetScopeSpans() {
			for _, s := range ss.GetSpans() {
				got = append(got, flatten(service, s))
			}
		}
	}
	r.mu.Lock()
	r.spans = append(r.spans, got...)
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

// Spans returns the spans received so far.
func (r *TraceReceiver) Spans() []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Span(nil), r.spans...)
}

// WaitForSpans blocks until spans with all the names have arrived (the SDK
// exports in batches) or ctx ends, and returns every span received.
func (r *TraceReceiver) WaitForSpans(ctx context.Context, names ...string) ([]Span, error) {
	for {
		r.mu.Lock()
		spans, changed := append([]Span(nil), r.spans...), r.changed
		r.mu.Unlock()
		if missing := missingNames(spans, names); len(missing) == 0 {
			return spans, nil
		} else if ctx.Err() != nil {
			return spans, fmt.Errorf("grafanahost: spans %v not received: %w", missing, ctx.Err())
		}
		select {
		case <-changed:
		case <-ctx.Done():
		}
	}
}

// TracingEnv is the plugin environment Grafana sets when tracing is on
// ([tracing.opentelemetry.otlp] address, propagation, sampler "const" 1),
// plus a short OTLP batch delay (OTEL_BSP_SCHEDULE_DELAY, in ms) so a test
// need not wait the default 5 s for spans.
func (r *TraceReceiver) TracingEnv() Option {
	return WithEnv(
		"GF_INSTANCE_OTLP_ADDRESS="+r.addr,
		"GF_INSTANCE_OTLP_PROPAGATION=w3c",
		"GF_INSTANCE_OTLP_SAMPLER_TYPE=const",
		"GF_INSTANCE_OTLP_SAMPLER_PARAM=1",
		"OTEL_BSP_SCHEDULE_DELAY=100",
	)
}

func missingNames(spans []Span, names []string) []string {
	var missing []string
	for _, n := range names {
		found := false
		for _, s := range spans {
			if s.Name == n {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, n)
		}
	}
	return missing
}

func flatten(service string, s *tracepb.Span) Span {
	out := Span{
		Name: s.GetName(), Service: service,
		TraceID: hex.EncodeToString(s.GetTraceId()), SpanID: hex.EncodeToString(s.GetSpanId()),
		ParentSpanID:  hex.EncodeToString(s.GetParentSpanId()),
		Attributes:    attrMap(s.GetAttributes()),
		StatusError:   s.GetStatus().GetCode() == tracepb.Status_STATUS_CODE_ERROR,
		StatusMessage: s.GetStatus().GetMessage(),
	}
	for _, e := range s.GetEvents() {
		out.EventNames = append(out.EventNames, e.GetName())
	}
	return out
}

// attrMap renders attribute values as strings: ints in decimal, bools as
// true/false, so tests compare one type.
func attrMap(kvs []*commonpb.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		v := kv.GetValue()
		switch x := v.GetValue().(type) {
		case *commonpb.AnyValue_StringValue:
			m[kv.GetKey()] = x.StringValue
		case *commonpb.AnyValue_IntValue:
			m[kv.GetKey()] = strconv.FormatInt(x.IntValue, 10)
		case *commonpb.AnyValue_BoolValue:
			m[kv.GetKey()] = strconv.FormatBool(x.BoolValue)
		case *commonpb.AnyValue_DoubleValue:
			m[kv.GetKey()] = strconv.FormatFloat(x.DoubleValue, 'g', -1, 64)
		default:
			m[kv.GetKey()] = v.String()
		}
	}
	return m
}
