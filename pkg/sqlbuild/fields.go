package sqlbuild

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// defaultColumns are the curated columns of table queries that name no
// fields, per AWS source, after the time column (at most 11, so 12 in all).
// "a|b" takes the first path the table has: v1 → v2 renames
// (docs/design/security-lake.md) and per-version columns. They follow the
// panels of the bundled dashboards (docs/design/dashboards-alerts-design.md).
var defaultColumns = map[string][]string{
	"cloud_trail_mgmt": apiActivityColumns,
	"lambda_execution": apiActivityColumns,
	"s3_data":          apiActivityColumns,
	"eks_audit": {"api.operation", "http_request.url.path", "actor.user.name", "src_endpoint.ip",
		"api.response.code", "http_request.user_agent", "accountid", "region"},
	"vpc_flow": {"action|disposition", "src_endpoint.ip", "src_endpoint.port", "dst_endpoint.ip", "dst_endpoint.port",
		"connection_info.protocol_num", "connection_info.direction", "traffic.bytes", "traffic.packets", "accountid", "region"},
	"route53": {"query.hostname", "query.type", "rcode", "src_endpoint.ip", "src_endpoint.instance_uid",
		"src_endpoint.vpc_uid", "accountid", "region"},
	"sh_findings": {"class_name", "finding_info.title|finding.title", "severity", "status|state", "compliance.status",
		"metadata.product.name", "resource.type", "resource.uid", "accountid", "region"},
	"waf": {"action", "http_request.http_method", "http_request.url.hostname", "http_request.url.path", "src_endpoint.ip",
		"src_endpoint.location.country", "firewall_rule.uid", "http_status", "accountid", "region"},
}

// apiActivityColumns serve the three CloudTrail sources.
var apiActivityColumns = []string{"class_name", "api.service.name", "api.operation", "actor.user.type", "actor.user.name",
	"src_endpoint.ip", "status", "api.response.error", "accountid", "region"}

// fallbackColumns serve custom sources: the OCSF base event attributes.
var fallbackColumns = []string{"class_name", "activity_name", "severity", "status", "message", "accountid", "region"}

// logColumns lead every logs row after the time: an event id when the source
// has one, the severity (id for the level, caption for display), the class
// and activity, and the message where OCSF has one.
var logColumns = []string{"metadata.uid|finding_info.uid|finding.uid", "severity_id", "severity", "class_name",
	"activity_name", "message"}

// present resolves curated paths that the table has, skipping the others
// silently (curated lists are suggestions, not user input).
func (b *builder) present(paths []string) []ocsf.Field {
	out := make([]ocsf.Field, 0, len(paths))
	for _, alt := range paths {
		for _, p := range strings.Split(alt, "|") {
			if f, ok := b.in.Fields.Field(p); ok {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// defaultFields are the curated columns of the table's source.
func (b *builder) defaultFields() []ocsf.Field {
	cols, ok := defaultColumns[b.in.Table.Source]
	if !ok || b.in.Table.Custom {
		cols = fallbackColumns
	}
	return b.present(cols)
}

// timeColumn is the event time of a row: time_dt (v2) or "time" converted
// from epoch milliseconds (v1, custom), named after its column.
func (b *builder) timeColumn() column {
	name := lake.ColTime
	if b.in.Table.HasTimeDT() {
		name = lake.ColTimeDT
	}
	return column{expr: EventTime(b.in.Table), name: name}
}

// isEpochTime reports whether f is the epoch-milliseconds event time of a
// Hive table, which raw rows show as a timestamp.
func (b *builder) isEpochTime(f ocsf.Field) bool {
	return !b.in.Table.HasTimeDT() && f.Path == lake.ColTime && f.ValueType() == ocsf.Integer
}

// projection is a field as a SELECT item named by its dotted path, so frames
// keep OCSF names: scalars as columns, nested values (row, array, map) cast
// to JSON, which keeps row field names in both engines.
func (b *builder) projection(f ocsf.Field) (column, bool) {
	switch b.kind(f) {
	case ocsf.Element:
		b.failf("cannot select %s: %s", f.Path, b.elementHint(f))
		return column{}, false
	case ocsf.Nested:
		return column{expr: "CAST(" + b.col(f) + " AS JSON)", name: f.Path}, true
	}
	if b.isEpochTime(f) {
		return b.timeColumn(), true
	}
	return column{expr: b.valueExpr(f), name: f.Path}, true
}

// scalar resolves a field that must be a plain column for a use such as
// "group by" or "sum".
func (b *builder) scalar(path, use string) (ocsf.Field, bool) {
	f, ok := b.field(path)
	if !ok {
		return f, false
	}
	switch b.kind(f) {
	case ocsf.Nested:
		if _, computed := b.computed[f.Path]; computed {
			b.failf("cannot %s %s: it is a list (%s); select it, or filter it with the any operator", use, f.Path, f.Type)
			return f, false
		}
		b.failf("cannot %s %s: it is a nested field (%s); use one of its members", use, f.Path, f.Type)
		return f, false
	case ocsf.Element:
		b.failf("cannot %s %s: %s", use, f.Path, b.elementHint(f))
		return f, false
	}
	return f, true
}

// addColumn appends a SELECT item. A repeated name is skipped when it is the
// same expression (a field listed twice) and an error otherwise (an alias
// that collides), because ORDER BY would be ambiguous.
func (b *builder) addColumn(c column) {
	if b.names[c.name] {
		for _, old := range b.st.cols {
			if old.name == c.name && old.expr == c.expr && !c.agg && !old.agg {
				return
			}
		}
		if c.agg {
			b.failf("the result would have two columns named %q: give the aggregation another alias", c.name)
		} else {
			b.failf("the result would have two columns named %q: group by or select it once", c.name)
		}
		return
	}
	b.names[c.name] = true
	b.st.cols = append(b.st.cols, c)
}

// selectFields adds fields by path, each resolved through the FieldSet.
func (b *builder) selectFields(paths []string) {
	for _, p := range paths {
		if f, ok := b.field(p); ok {
			if c, ok := b.projection(f); ok {
				b.addColumn(c)
			}
		}
	}
}

// selectResolved adds fields already resolved (curated lists).
func (b *builder) selectResolved(fields []ocsf.Field) {
	for _, f := range fields {
		if c, ok := b.projection(f); ok {
			b.addColumn(c)
		}
	}
}
