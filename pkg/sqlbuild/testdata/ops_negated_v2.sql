SELECT "time_dt", "api"."operation" AS "api.operation", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND strpos("http_request"."user_agent", 'aws-cli') = 0
  AND NOT starts_with("api"."operation", 'Describe')
  AND NOT regexp_like("api"."operation", '^(Get|List)')
  AND regexp_like("actor"."user"."name", '^(?!svc-).+(?<!-bot)$')
  AND "status" NOT IN ('Success')
ORDER BY "time_dt" DESC
LIMIT 10001
