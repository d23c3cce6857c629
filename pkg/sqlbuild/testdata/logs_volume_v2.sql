SELECT CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp) AS "time", CASE "severity_id" WHEN 1 THEN 'info' WHEN 2 THEN 'info' WHEN 3 THEN 'warning' WHEN 4 THEN 'error' WHEN 5 THEN 'critical' WHEN 6 THEN 'critical' ELSE 'unknown' END AS "level", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "api"."operation" = 'ConsoleLogin'
  AND "actor"."user"."uid" = 'alice'
GROUP BY 1, 2
ORDER BY "time", "level"
