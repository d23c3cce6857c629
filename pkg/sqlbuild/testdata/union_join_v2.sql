SELECT "source", count(DISTINCT "src_endpoint"."ip") AS "count_distinct_src_endpoint.ip"
FROM (
SELECT "time_dt", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'cloud_trail_mgmt' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "src_endpoint"."ip" IN (SELECT "src_endpoint"."ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "action" = 'Denied'
  AND "src_endpoint"."ip" IS NOT NULL)
UNION ALL
SELECT "time_dt", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 's3_data' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_s3_data_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "src_endpoint"."ip" IN (SELECT "src_endpoint"."ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "action" = 'Denied'
  AND "src_endpoint"."ip" IS NOT NULL)
) AS "u"
GROUP BY 1
ORDER BY "count_distinct_src_endpoint.ip" DESC, "source"
LIMIT 10001
