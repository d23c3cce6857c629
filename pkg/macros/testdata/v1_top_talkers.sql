/* VPC Flow (v1, Hive): top talkers; "time" is epoch milliseconds. */
SELECT v.src_endpoint.ip AS src, sum(v.traffic.bytes) AS bytes
FROM $__table(vpc_flow@1) AS v
WHERE $__partitionFilter(v)
  AND $__timeFilter(v.start_time)
  AND v.connection_info.direction = 'Outbound' -- not '$__timeFilter(time)'
GROUP BY 1
ORDER BY bytes DESC
LIMIT 10
