SELECT CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp) AS "time", "action", "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1, 2, 3
ORDER BY "time", "count" DESC, "action", "src_endpoint.ip"
