SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count", CAST(from_unixtime(min("time") / 1E3, 'UTC') AS timestamp) AS "min_time", CAST(from_unixtime(max("time") / 1E3, 'UTC') AS timestamp) AS "last seen", CAST(from_unixtime(min("start_time") / 1E3, 'UTC') AS timestamp) AS "min_start_time", CAST(from_unixtime(max("end_time") / 1E3, 'UTC') AS timestamp) AS "max_end_time", count(DISTINCT "start_time") AS "count_distinct_start_time"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1
ORDER BY "count" DESC, "src_endpoint.ip"
LIMIT 10001
