// Package provisioning loads and checks what the plugin ships for Grafana's
// file provisioning and for AWS: the bundled dashboards (src/dashboards, also
// listed in plugin.json includes), the datasource and dashboard-provider files
// (provisioning/datasources, provisioning/dashboards), the alert rules
// (provisioning/alerting) and docker-compose.yaml. The Terraform module
// (provisioning/terraform) is checked by Terraform itself: fmt, validate and
// its own tests (scripts/terraform-check.sh); a test here only ties its
// source lists and expected table names to the plugin's (pkg/lake).
//
// The checks are offline: every dashboard target and alert query is parsed
// into the plugin's query model (models.ParseQuery, Validate), builder
// queries are built to SQL with the embedded OCSF catalog (sqlbuild.Build)
// and raw SQL is expanded by the plugin's macros (macros.Expand), for every
// lake version the target can take. The e2e tier (e2e/provisioning_*_test.go)
// then runs the same targets through the plugin binary on the local replica,
// with template variables substituted by Interpolate, and evaluates the alert
// rules' expressions with Evaluate.
//
// Files: dashboard.go (dashboard model and loader), grafana.go (Grafana's
// panel and variable types), yamlfile.go (strict YAML and Grafana's env
// interpolation), datasource.go (datasource and provider files), alerting.go
// (alert rule files), check_dashboard.go and check_query.go (the checks),
// interpolate.go (template variables as the frontend applies them),
// evaluate.go (reduce and threshold expressions), compose.go
// (docker-compose.yaml), docs.go (queries and anchors in the docs). The
// dashboards themselves are written by internal/dashgen.
package provisioning
