SELECT "src_endpoint"."ip" AS "src_endpoint.ip", CAST(from_unixtime(min("time") / 1E3, 'UTC') AS timestamp) AS "min_time", max("time_dt") AS "max_time_dt", min("start_time_dt") AS "min_start_time_dt"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1
ORDER BY "min_time" DESC, "src_endpoint.ip"
LIMIT 10001
