SELECT "time_dt", "actor"."user"."name" AS "actor.user.name", "is_mfa"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "actor"."session"."is_mfa" = FALSE
  AND "is_mfa" <> TRUE
ORDER BY "time_dt" DESC
LIMIT 10001
