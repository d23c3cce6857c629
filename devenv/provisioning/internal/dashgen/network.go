package dashgen

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// perimeterOperations are the CloudTrail calls that change security
// groups, network ACLs, gateways and routes (CIS 4.10–4.14).
var perimeterOperations = []string{
	"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
	"CreateSecurityGroup", "DeleteSecurityGroup", "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl",
	"DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation", "CreateRoute", "ReplaceRoute",
	"DeleteRoute", "AttachInternetGateway", "DetachInternetGateway",
}

func network() Dashboard {
	vf := versioned("vpc_flow")
	return Dashboard{
		File: "network.json", UID: "seclake-network", Title: "Security Lake: Network (VPC Flow Logs)",
		Description: "Accepted and refused flows, traffic by direction, top talkers, refused sources and port-scan candidates.",
		Tags:        []string{"vpc-flow", "network"}, Versioned: true, VarSource: "vpc_flow",
		Annotations: []annotation{changesAnnotation("Security group and network ACL changes", perimeterOperations)},
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "Accepted vs refused flows", W: 12, H: 8,
					Description: "Flows by disposition (Allowed / Blocked), present in both lake versions (version 2 also has action Allowed / Denied).",
					Targets:     []models.Query{builder(vf, models.FormatTimeSeries, group("disposition"), count("flows"))}},
				{Type: "timeseries", Title: "Bytes by direction", W: 12, H: 8, Unit: "decbytes",
					Targets: []models.Query{builder(vf, models.FormatTimeSeries, group("connection_info.direction"),
						agg(models.AggSum, "traffic.bytes", "bytes"))}},
			},
			{
				{Type: "table", Title: "Top talkers", W: 8, H: 10, Links: []string{"src_endpoint.ip", "dst_endpoint.ip"},
					Targets: []models.Query{builder(vf, models.FormatTable, group("src_endpoint.ip", "dst_endpoint.ip"),
						agg(models.AggSum, "traffic.bytes", "bytes"), count("flows"), orderDesc("bytes"), limit(20))},
					Overrides: []dashboard.DashboardFieldConfigSourceOverrides{byName("bytes", prop("unit", "decbytes"))}},
				{Type: "table", Title: "Top refused sources", W: 8, H: 10, Links: []string{"src_endpoint.ip"},
					Description: "Sources whose flows security groups or network ACLs refused.",
					Targets: []models.Query{builder(vf, models.FormatTable, where("disposition", models.OpEq, "Blocked"),
						group("src_endpoint.ip"), count("refused"), agg(models.AggCountDistinct, "dst_endpoint.ip", "targets"), limit(20))}},
				{Type: "table", Title: "Port-scan candidates", W: 8, H: 10, Links: []string{"src_endpoint.ip"},
					Description: "Sources by distinct destination ports in the time range, from ephemeral source ports (>= 1024) only, so reply flows of servers, load balancers and NAT gateways (from 443, 80, …) are left out; the port-scan alert fires above 50 in a 10-minute bucket.",
					Targets: []models.Query{builder(vf, models.FormatTable, where("src_endpoint.port", models.OpGte, 1024), group("src_endpoint.ip"),
						agg(models.AggCountDistinct, "dst_endpoint.port", "dst_ports"), agg(models.AggCountDistinct, "dst_endpoint.ip", "dst_hosts"),
						count("flows"), orderDesc("dst_ports"), limit(20))},
					Overrides: []dashboard.DashboardFieldConfigSourceOverrides{byName("dst_ports",
						prop("thresholds", steps("orange", 20, "red", 50)),
						prop("custom.cellOptions", common.TableColorTextCellOptions{Type: common.TableCellDisplayModeColorText}))}},
			},
			{
				{Type: "table", Title: "Top destination ports", W: 12, H: 9,
					Targets: []models.Query{builder(vf, models.FormatTable, group("dst_endpoint.port", "connection_info.protocol_num"),
						count("flows"), agg(models.AggCountDistinct, "src_endpoint.ip", "sources"), limit(20))}},
				{Type: "table", Title: "Outbound traffic to public addresses", W: 12, H: 9, Links: []string{"dst_endpoint.ip"},
					Description: "Outbound flows whose destination is not in an RFC 1918 range, by destination.",
					Targets: []models.Query{sql(models.FormatTable, `SELECT dst_endpoint.ip AS "dst_endpoint.ip", sum(traffic.bytes) AS "bytes", count(*) AS "flows",
  count(DISTINCT src_endpoint.ip) AS "sources"
FROM $__optionalTable(vpc_flow@${version})
WHERE $__partitionFilter AND connection_info.direction = 'Outbound'
  AND NOT (contains('10.0.0.0/8', CAST(dst_endpoint.ip AS IPADDRESS))
    OR contains('172.16.0.0/12', CAST(dst_endpoint.ip AS IPADDRESS))
    OR contains('192.168.0.0/16', CAST(dst_endpoint.ip AS IPADDRESS)))
GROUP BY 1 ORDER BY 2 DESC LIMIT 25`)},
					Overrides: []dashboard.DashboardFieldConfigSourceOverrides{byName("bytes", prop("unit", "decbytes"))}},
			},
			{
				{Type: "logs", Title: "Refused flows", W: 24, H: 12,
					Targets: []models.Query{builder(vf, models.FormatLogs, where("disposition", models.OpEq, "Blocked"), limit(200))}},
			},
		},
	}
}

func dns() Dashboard {
	r53 := versioned("route53")
	return Dashboard{
		File: "dns.json", UID: "seclake-dns", Title: "Security Lake: DNS (Route 53 Resolver)",
		Description: "Query volume, top and rare domains, NXDOMAIN answers by source and queries per instance.",
		Tags:        []string{"route53", "dns"}, Versioned: true, VarSource: "route53",
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "Queries by response code", W: 16, H: 8,
					Targets: []models.Query{builder(r53, models.FormatTimeSeries, group("rcode"), count("queries"))}},
				{Type: "piechart", Title: "Query types", W: 8, H: 8,
					Targets: []models.Query{builder(r53, models.FormatTable, group("query.type"), count("queries"), limit(20))}},
			},
			{
				{Type: "table", Title: "Top domains", W: 8, H: 10,
					Targets: []models.Query{builder(r53, models.FormatTable, group("query.hostname"), count("queries"),
						agg(models.AggCountDistinct, "src_endpoint.instance_uid", "instances"), limit(25))}},
				{Type: "table", Title: "Rare domains", W: 8, H: 10,
					Description: "Registered domains (last two labels) queried by at most two instances in the time range: beacons and typosquats stand out. Longer ranges make rarity more meaningful.",
					Targets: []models.Query{sql(models.FormatTable, `SELECT regexp_extract(query.hostname, '([^.]+[.][^.]+)[.]?$', 1) AS "domain",
  count(*) AS "queries", count(DISTINCT src_endpoint.instance_uid) AS "instances", count(DISTINCT query.hostname) AS "hostnames",
  min(from_unixtime("time" / 1000)) AS "first_seen"
FROM $__optionalTable(route53@${version})
WHERE $__partitionFilter
GROUP BY 1 HAVING count(DISTINCT src_endpoint.instance_uid) <= 2
ORDER BY 3, 2 LIMIT 50`)}},
				{Type: "table", Title: "NXDOMAIN by source", W: 8, H: 10, Links: []string{"src_endpoint.ip"},
					Description: "Queries answered NXDOMAIN (the name does not exist) by source: many from one instance suggest DGA malware or a misconfiguration.",
					Targets: []models.Query{builder(r53, models.FormatTable, where("rcode", models.OpEq, "NXDomain"),
						group("src_endpoint.instance_uid", "src_endpoint.ip"), count("nxdomain"),
						agg(models.AggCountDistinct, "query.hostname", "names"), limit(25))}},
			},
			{
				{Type: "table", Title: "Queries per instance", W: 24, H: 9,
					Targets: []models.Query{builder(r53, models.FormatTable, group("src_endpoint.instance_uid", "src_endpoint.vpc_uid"),
						count("queries"), agg(models.AggCountDistinct, "query.hostname", "domains"), limit(50))}},
			},
			{
				{Type: "logs", Title: "DNS queries", W: 24, H: 12,
					Targets: []models.Query{builder(r53, models.FormatLogs, limit(200))}},
			},
		},
	}
}
