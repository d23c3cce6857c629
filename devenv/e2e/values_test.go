package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestValuesRouteOnTheReplica asks the values route (dashboard variables)
// through the plugin binary: the distinct accounts of the planted day
// include the planted account, the limit holds, and severities come sorted
// with their captions.
func TestValuesRouteOnTheReplica(t *testing.T) {
	s := stack(t)
	p := s.Planted[0]
	ds := s.DS("us-east-1", "", nil)
	day := p.Day.UTC()
	rng := fmt.Sprintf("from=%d&to=%d", day.UnixMilli(), day.Add(24*time.Hour-time.Millisecond).UnixMilli())
	type item struct {
		Value string `json:"value"`
		Text  string `json:"text"`
	}
	get := func(path string) []item {
		t.Helper()
		status, _, body, err := s.Host.CallResource(t.Context(), ds, "GET", path, nil)
		if err != nil || status != 200 {
			t.Fatalf("%s: %d %v %s", path, status, err, body)
		}
		var items []item
		if err := json.Unmarshal(body, &items); err != nil {
			t.Fatalf("%s: %v in %s", path, err, body)
		}
		return items
	}

	accounts := get("values?kind=accounts&source=vpc_flow&" + rng)
	if !slices.ContainsFunc(accounts, func(it item) bool { return it.Value == p.Account && it.Text == p.Account }) {
		t.Fatalf("accounts of %s lack the planted account %s: %v", day.Format(time.DateOnly), p.Account, accounts)
	}
	if len(accounts) < 2 {
		t.Fatalf("want several accounts, got %v", accounts)
	}
	if one := get("values?kind=accounts&source=vpc_flow&limit=1&" + rng); len(one) != 1 || one[0] != accounts[0] {
		t.Fatalf("limit=1: got %v, want the first of %v", one, accounts)
	}

	severities := get("values?kind=severities&source=cloud_trail_mgmt&" + rng)
	if len(severities) == 0 {
		t.Fatal("no severities")
	}
	prev := -1
	for _, it := range severities {
		id, err := strconv.Atoi(it.Value)
		if err != nil || id <= prev || it.Text == "" || it.Text == it.Value {
			t.Fatalf("severities not sorted ids with captions: %v", severities)
		}
		prev = id
	}
}
