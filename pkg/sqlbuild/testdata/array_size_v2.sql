SELECT "api"."operation" AS "api.operation", coalesce(cardinality("resources"), 0) AS "size(resources)"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND coalesce(cardinality("resources"), 0) >= 2
  AND coalesce(cardinality("resources"), 0) > 0
ORDER BY "size(resources)" DESC, "time_dt" DESC
LIMIT 10001
