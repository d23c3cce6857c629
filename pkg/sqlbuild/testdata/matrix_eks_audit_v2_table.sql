SELECT "time_dt", "api"."operation" AS "api.operation", "http_request"."url"."path" AS "http_request.url.path", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip", "api"."response"."code" AS "api.response.code", "http_request"."user_agent" AS "http_request.user_agent", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_eks_audit_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "region" IN ('us-east-1')
ORDER BY "time_dt" DESC
LIMIT 10001
