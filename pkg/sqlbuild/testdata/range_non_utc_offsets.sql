SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240302' AND '20240302' AND "time" BETWEEN 1709344800000 AND 1709420400000
ORDER BY "time" DESC
LIMIT 10001
