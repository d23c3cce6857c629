package ocsf

// catalog.json (embedded above) and the replica's column order
// (devenv/replica/column_order.json) are derived from the committed table
// inventory, internal/gen/inventory.json. Edit the inventory, never the
// outputs; the drift test in internal/gen fails when they disagree.
//go:generate go run ./internal/gen -in internal/gen/inventory.json -out catalog.json -order ../../devenv/replica/column_order.json

// catalog_summary.txt is the reviewable digest of catalog.json
// (TestCatalogSummary); refresh it after the catalog.
//go:generate go test -run ^TestCatalogSummary$ -update .
