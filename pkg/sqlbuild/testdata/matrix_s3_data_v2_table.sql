SELECT "time_dt", "class_name", "api"."service"."name" AS "api.service.name", "api"."operation" AS "api.operation", "actor"."user"."type" AS "actor.user.type", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip", "status", "api"."response"."error" AS "api.response.error", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_s3_data_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "region" IN ('us-east-1')
ORDER BY "time_dt" DESC
LIMIT 10001
