SELECT "time_dt", "severity", "activity_name"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "class_uid" = 6003
  AND "severity_id" = 5
  AND "activity_id" IN (1, 4, 3)
ORDER BY "time_dt" DESC
LIMIT 10001
