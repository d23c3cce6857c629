-- Newest partition per source, account and Region from table metadata (no data scanned).
SELECT "source", accountid AS "account", region, max(day) AS "newest_day",
  date_diff('day', max(day), CAST($__timeTo() AS date)) AS "days_behind"
FROM (
$__union(vpc_flow@2, route53@1, sh_findings@2, (SELECT $__source AS "source", p.* FROM $__partitions AS p))
) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
