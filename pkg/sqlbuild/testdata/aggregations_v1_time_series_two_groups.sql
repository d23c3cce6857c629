SELECT CAST(from_unixtime("time" / 900000 * 900, 'UTC') AS timestamp) AS "time", "connection_info"."direction" AS "connection_info.direction", "disposition", sum("traffic"."bytes") AS "bytes", sum("traffic"."packets") AS "packets"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1, 2, 3
ORDER BY "time", "connection_info.direction", "disposition"
