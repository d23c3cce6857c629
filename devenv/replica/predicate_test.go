package replica

import "testing"

func TestLikeMatch(t *testing.T) {
	for _, c := range []struct {
		s, pattern string
		want       bool
	}{
		{"198.51.100.7", "198.51.100.%", true},
		{"198.51.1000.7", "198.51.100.%", false},
		{"x.kz3vq-cdn.top.", "%.kz3vq-cdn.top.", true},
		{"kz3vq-cdn.top.", "%.kz3vq-cdn.top.", false},
		{"/api/v1/namespaces/default/pods/web-1/exec?command=sh", "%/pods/%/exec%", true},
		{"/api/v1/namespaces/default/pods/web-1/log", "%/pods/%/exec%", false},
		{"abc", "abc", true},
	} {
		if got := likeMatch(c.s, c.pattern); got != c.want {
			t.Errorf("likeMatch(%q, %q) = %v", c.s, c.pattern, got)
		}
	}
}

func TestPredicateSQLAndMatch(t *testing.T) {
	p := and(eq("actor.user.type", "Root"), isNull("actor.invoked_by"), eq("is_mfa", false), in("api.operation", "A", "B'C"))
	want := `"actor"."user"."type" = 'Root' AND "actor"."invoked_by" IS NULL AND "is_mfa" = false AND "api"."operation" IN ('A', 'B''C')`
	if p.sql != want {
		t.Errorf("sql:\n got  %s\n want %s", p.sql, want)
	}
	e := Event{}
	e.Set("actor.user.type", "Root")
	e.Set("is_mfa", false)
	e.Set("api.operation", "B'C")
	if !p.match(e) {
		t.Error("should match")
	}
	e.Set("actor.invoked_by", "x")
	if p.match(e) {
		t.Error("invoked_by set: should not match")
	}
	if !eq("severity_id", 5).match(Event{"severity_id": int64(5)}) || eq("severity_id", 5).match(Event{}) {
		t.Error("eq must compare int kinds and never match NULL")
	}
}
