-- Who talked to an IP that a denied API call came from: CloudTrail (v2) joined with VPC Flow (v1).
WITH denied AS (
  SELECT ct.src_endpoint.ip AS ip, count(*) AS calls
  FROM $__table(cloud_trail_mgmt) ct
  WHERE $__partitionFilter(ct)
    AND ct.status = 'Failure'
    AND $__accountFilter(ct.actor.user.account.uid)
  GROUP BY 1
)
SELECT $__timeGroup(f.time, 1h) AS hour, d.ip, sum(f.traffic.packets) AS packets
FROM denied d
JOIN $__table(vpc_flow@1) f ON f.dst_endpoint.ip = d.ip
WHERE $__partitionFilter(f)
GROUP BY 1, 2
