-- VPC Flow (v2): bytes per action over time, for the dashboard's accounts and Regions.
SELECT
  $__timeGroup(time_dt, $__interval) AS "time",
  action,
  sum(traffic.bytes) AS bytes
FROM $__table(vpc_flow)
WHERE $__partitionFilter
  AND action IN ('Allowed', 'Denied')
GROUP BY 1, 2
ORDER BY 1
