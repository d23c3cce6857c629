package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// lakeInventory is what the plugin discovered (its "lake" resource route).
type lakeInventory struct{ lake.Inventory }

func inventory(ctx context.Context, host *grafanahost.Host, ds grafanahost.DS) (lakeInventory, error) {
	status, _, body, err := host.CallResource(ctx, ds, "GET", "lake", nil)
	if err != nil {
		return lakeInventory{}, err
	}
	if status != 200 {
		return lakeInventory{}, fmt.Errorf("lake route: HTTP %d: %s", status, body)
	}
	var inv lakeInventory
	if err := json.Unmarshal(body, &inv.Inventory); err != nil {
		return lakeInventory{}, fmt.Errorf("lake route: %w", err)
	}
	return inv, nil
}

// has reports whether the lake holds a source, given as the query model
// names it: "vpc_flow", "cloud_trail_mgmt@1" (one version) or "ext_…".
func (inv lakeInventory) has(source string) bool {
	name, ver, versioned := strings.Cut(source, "@")
	for _, t := range inv.Custom {
		if strings.EqualFold(t.Source, name) {
			return true
		}
	}
	for _, t := range inv.Tables {
		if t.Source == name && (!versioned || fmt.Sprint(int(t.Version)) == ver) {
			return true
		}
	}
	return false
}
