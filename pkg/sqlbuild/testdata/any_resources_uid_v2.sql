SELECT "time_dt", "api"."operation" AS "api.operation", CAST("resources" AS JSON) AS "resources"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND any_match("resources", e -> e."uid" = 'arn:aws:s3:::my-bucket')
  AND any_match("observables", e -> e."value" IN ('203.0.113.7', '198.51.100.23'))
ORDER BY "time_dt" DESC
LIMIT 10001
