SELECT "time_dt", "api"."operation" AS "api.operation", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "api"."operation" = 'ConsoleLogin'
  AND "actor"."user"."type" <> 'AssumedRole'
  AND "api"."service"."name" IN ('iam.amazonaws.com', 'sts.amazonaws.com')
  AND "status" NOT IN ('Success')
  AND strpos("http_request"."user_agent", 'aws-cli') > 0
  AND starts_with("api"."operation", 'Delete')
  AND regexp_like("src_endpoint"."ip", '^10\.(0|1)\.[0-9]+\.[0-9]+$')
  AND "actor"."invoked_by" IS NULL
  AND "api"."response"."error" IS NOT NULL
ORDER BY "time_dt" DESC
LIMIT 10001
