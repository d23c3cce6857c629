SELECT "src_endpoint"."ip" AS "src_endpoint.ip", "source", count(*) AS "count"
FROM (
SELECT "time_dt", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'cloud_trail_mgmt' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333')
  AND "src_endpoint"."ip" IS NOT NULL
UNION ALL
SELECT "time_dt", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'vpc_flow' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333')
  AND "src_endpoint"."ip" IS NOT NULL
UNION ALL
SELECT "time_dt", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'route53' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333')
  AND "src_endpoint"."ip" IS NOT NULL
) AS "u"
GROUP BY 1, 2
ORDER BY "count" DESC, "src_endpoint.ip", "source"
LIMIT 10
