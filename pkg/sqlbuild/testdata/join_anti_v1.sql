SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "src_endpoint"."ip" NOT IN (SELECT "src_endpoint"."ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "src_endpoint"."ip" IS NOT NULL)
GROUP BY 1
ORDER BY "count" DESC, "src_endpoint.ip"
LIMIT 10
