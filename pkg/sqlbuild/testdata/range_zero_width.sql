SELECT "time_dt"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 12:00:00.000' AND TIMESTAMP '2024-03-01 12:00:00.000'
ORDER BY "time_dt" DESC
LIMIT 10001
