/* VPC Flow (v1, Hive): top talkers; "time" is epoch milliseconds. */
SELECT v.src_endpoint.ip AS src, sum(v.traffic.bytes) AS bytes
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0" AS v
WHERE ("v"."eventday" BETWEEN '20240101' AND '20240102' AND "v"."time" BETWEEN 1704067200000 AND 1704196800250 AND "v"."accountid" IN ('111122223333', '444455556666') AND "v"."region" IN ('us-east-1'))
  AND "v"."start_time" BETWEEN 1704067200000 AND 1704196800250
  AND v.connection_info.direction = 'Outbound' -- not '$__timeFilter(time)'
GROUP BY 1
ORDER BY bytes DESC
LIMIT 10
