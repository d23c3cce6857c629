SELECT "l".*, "r"."count" AS "route53.count"
FROM (
SELECT "src_endpoint"."ip" AS "src_endpoint.ip", sum("traffic"."bytes") AS "sum_traffic.bytes"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1
) AS "l"
LEFT JOIN (
SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "rcode" = 'NXDOMAIN'
  AND "src_endpoint"."ip" IS NOT NULL
GROUP BY 1
) AS "r"
ON "l"."src_endpoint.ip" = "r"."src_endpoint.ip"
ORDER BY "sum_traffic.bytes" DESC, "src_endpoint.ip"
LIMIT 10
