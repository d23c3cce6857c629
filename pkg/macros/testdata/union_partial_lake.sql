-- Events per source over the sources the lake has: sh_findings and eks_audit
-- are not in the fixture lake and are left out with a notice.
SELECT "source", sum("events") AS "events" FROM (
$__union(cloud_trail_mgmt, vpc_flow@2, sh_findings@2, eks_audit@2, (
  SELECT $__source AS "source", t.accountid AS "account", count(*) AS "events"
  FROM $__table AS t
  WHERE $__partitionFilter AND $__timeFilter(t.time_dt)
  GROUP BY 1, 2))
) GROUP BY 1 ORDER BY 2 DESC
