SELECT DISTINCT "accountid" AS "value"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
ORDER BY "value"
LIMIT 1000
