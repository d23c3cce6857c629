package plugin

import (
	"fmt"
	"runtime"
	rm "runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"google.golang.org/protobuf/proto"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

func TestZZPeak(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("large_bench"), athenaemu.Result{Columns: athenaemu.MixedColumns, Rows: athenaemu.MixedRows(100000)})
	ds := newTestDatasource(t, srv, map[string]any{"resultCacheSeconds": 0, "resultsFromS3": true, "rowLimit": 1_000_000})
	q := dataQuery("A", `{"rawSql":"SELECT * FROM large_bench","format":"table"}`)
	runQueries(t, ds, q) // warm (emulator renders file)
	var ms runtime.MemStats
	live := func() int64 { runtime.GC(); runtime.ReadMemStats(&ms); return int64(ms.HeapAlloc) }
	var peak atomic.Int64
	stop := make(chan struct{})
	s := []rm.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			rm.Read(s)
			if v := int64(s[0].Value.Uint64()); v > peak.Load() {
				peak.Store(v)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}()
	base := live()
	peak.Store(0)
	resp := runQueries(t, ds, q)["A"]
	p1 := peak.Load()
	l1 := live()
	fmt.Printf("query: peak objects +%d MiB, frame live +%d MiB\n", (p1-base)>>20, (l1-base)>>20)
	peak.Store(0)
	pr, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW, &backend.QueryDataResponse{Responses: backend.Responses{"A": resp}})
	if err != nil {
		t.Fatal(err)
	}
	p2 := peak.Load()
	b, _ := proto.Marshal(pr)
	p3 := peak.Load()
	fmt.Printf("toProto peak +%d MiB, proto.Marshal peak +%d MiB, msg %d MiB\n", (p2-base)>>20, (p3-base)>>20, len(b)>>20)
	close(stop)
	runtime.KeepAlive(resp)
}
