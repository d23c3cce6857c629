SELECT count(*) AS "count", count(DISTINCT "src_endpoint"."ip") AS "count_distinct_src_endpoint.ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
ORDER BY "count" DESC
LIMIT 11
