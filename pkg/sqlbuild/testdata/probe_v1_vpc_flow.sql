SELECT *
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240301' AND "time" BETWEEN 1709290800000 AND 1709294400000
LIMIT 0
