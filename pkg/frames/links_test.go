package frames

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestAddEntityLinks(t *testing.T) {
	ip, user, op, n := "10.0.0.1", "alice", "GetObject", int64(3)
	f := data.NewFrame("A",
		data.NewField("src_endpoint.ip", nil, []*string{&ip}),
		data.NewField("actor.user.name", nil, []*string{&user}),
		data.NewField("api.operation", nil, []*string{&op}),
		data.NewField("dst_endpoint.port.ip", nil, []*int64{&n}), // not a string: no link
	)
	AddEntityLinks(f)
	for i, want := range []bool{true, true, false, false} {
		got := f.Fields[i].Config != nil && len(f.Fields[i].Config.Links) == 1
		if got != want {
			t.Fatalf("%s: link = %v, want %v", f.Fields[i].Name, got, want)
		}
	}
	u := f.Fields[0].Config.Links[0].URL
	if !strings.HasPrefix(u, "/d/seclake-investigation?var-entity=${__value.raw") || !strings.Contains(u, "${__url_time_range}") {
		t.Fatalf("url = %s", u)
	}
	AddEntityLinks(nil) // no panic
}
