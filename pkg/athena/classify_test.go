package athena_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// TestClassifyNetworkAndContext: an endpoint that refuses connections is
// the network's fault (502), deadlines are 504, cancellations downstream,
// and an error the plugin made itself is the only internal one.
func TestClassifyNetworkAndContext(t *testing.T) {
	srv := newServer(t)
	client := newClient(srv)
	srv.Close() // now the port refuses connections
	_, err := athena.New(client, athena.Options{}).ListDatabases(t.Context(), "")
	if err == nil {
		t.Fatal("want a connection error")
	}
	for _, c := range []struct {
		err  error
		want athena.Kind
	}{
		{err, athena.KindBadGateway},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), athena.KindTimeout},
		{fmt.Errorf("x: %w", context.Canceled), athena.KindCancelled},
		{&athena.QueryError{State: "CANCELLED"}, athena.KindCancelled},
		{&athena.QueryError{State: "FAILED", ErrorCategory: athena.ErrorCategoryUser}, athena.KindUser},
		{&athena.QueryError{State: "FAILED", ErrorCategory: athena.ErrorCategorySystem, Retryable: true}, athena.KindUnavailable},
		{&athena.ScanLimitError{}, athena.KindUser},
		{errors.New("frames: cannot convert"), athena.KindInternal},
	} {
		if got := athena.Classify(c.err); got != c.want {
			t.Errorf("Classify(%v) = %s, want %s", c.err, got, c.want)
		}
	}
	if athena.KindInternal.Downstream() || !athena.KindBadGateway.Downstream() || athena.KindThrottled.Status() != 429 ||
		athena.KindUnavailable.Status() != 503 || athena.KindTimeout.Status() != 504 {
		t.Error("kind statuses")
	}
}
