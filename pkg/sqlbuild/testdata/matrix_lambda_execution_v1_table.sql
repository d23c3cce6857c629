SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "class_name", "api"."service"."name" AS "api.service.name", "api"."operation" AS "api.operation", "actor"."user"."type" AS "actor.user.type", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip", "status", "api"."response"."error" AS "api.response.error", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_lambda_execution_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "region" IN ('us-east-1')
ORDER BY "time" DESC
LIMIT 10001
