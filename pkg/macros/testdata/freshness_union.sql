-- Hours behind per source, account and Region: metadata plus a scan of the range's last day.
SELECT "source", accountid, region, max(hours_behind) AS "hours_behind"
FROM (
$__union(vpc_flow@2, route53@1, sh_findings@2, (SELECT $__source AS "source", f.* FROM $__freshness AS f))
) GROUP BY 1, 2, 3
