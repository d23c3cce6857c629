-- Who talked to an IP that a denied API call came from: CloudTrail (v2) joined with VPC Flow (v1).
WITH denied AS (
  SELECT ct.src_endpoint.ip AS ip, count(*) AS calls
  FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0" ct
  WHERE ("ct"."time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250' AND "ct"."accountid" IN ('111122223333', '444455556666') AND "ct"."region" IN ('us-east-1'))
    AND ct.status = 'Failure'
    AND "ct"."actor"."user"."account"."uid" IN ('111122223333', '444455556666')
  GROUP BY 1
)
SELECT date_trunc('hour', CAST(from_unixtime("f"."time" / 1E3, 'UTC') AS timestamp)) AS hour, d.ip, sum(f.traffic.packets) AS packets
FROM denied d
JOIN "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0" f ON f.dst_endpoint.ip = d.ip
WHERE ("f"."eventday" BETWEEN '20240101' AND '20240102' AND "f"."time" BETWEEN 1704067200000 AND 1704196800250 AND "f"."accountid" IN ('111122223333', '444455556666') AND "f"."region" IN ('us-east-1'))
GROUP BY 1, 2
