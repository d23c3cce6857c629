SELECT "time_dt", CAST("api" AS JSON) AS "api", "api"."operation" AS "api.operation", CAST("unmapped" AS JSON) AS "unmapped", CAST("resources" AS JSON) AS "resources", CAST("metadata"."profiles" AS JSON) AS "metadata.profiles"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "api"."request" IS NOT NULL
  AND "unmapped" IS NULL
ORDER BY "time_dt" DESC
LIMIT 10001
