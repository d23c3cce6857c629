SELECT "actor"."user"."name" AS "actor.user.name", "api"."operation" AS "api.operation", count(*) AS "calls"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1, 2
ORDER BY "calls" DESC, "actor.user.name", "api.operation"
LIMIT 1001
