package frames

import (
	"strings"
	"testing"
)

func TestAddEntityLinks(t *testing.T) {
	ip, user, op, n := "10.0.0.1", "alice", "GetObject", int64(3)
	f := &Frame{Name: "A", Fields: []*Field{
		{Name: "src_endpoint.ip", Values: []*string{&ip}},
		{Name: "actor.user.name", Values: []string{user}},
		{Name: "api.operation", Values: []*string{&op}},
		{Name: "dst_endpoint.port.ip", Values: []*int64{&n}}, // not a string: no link
	}}
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
