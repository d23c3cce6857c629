SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "api"."operation" AS "api.operation", "actor"."user"."name" AS "actor.user.name"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND strpos("http_request"."user_agent", 'aws-cli') = 0
  AND NOT starts_with("api"."operation", 'Describe')
  AND NOT regexp_like("api"."operation", '^(Get|List)')
  AND regexp_like("actor"."user"."name", '^(?!svc-).+(?<!-bot)$')
  AND "status" NOT IN ('Success')
ORDER BY "time" DESC
LIMIT 10001
