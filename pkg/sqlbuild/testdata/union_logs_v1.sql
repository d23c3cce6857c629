SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "metadata"."uid" AS "metadata.uid", "severity_id", "severity", "class_name", "activity_name", "api"."service"."name" AS "api.service.name", "api"."operation" AS "api.operation", "actor"."user"."type" AS "actor.user.type", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip", "status", "api"."response"."error" AS "api.response.error", "accountid", "region", "source"
FROM (
SELECT "time", "accountid", "activity_name", CAST(ROW(ROW("actor"."user"."name", "actor"."user"."type")) AS ROW("user" ROW("name" varchar, "type" varchar))) AS "actor", CAST(ROW("api"."operation", ROW("api"."response"."error"), ROW("api"."service"."name")) AS ROW("operation" varchar, "response" ROW("error" varchar), "service" ROW("name" varchar))) AS "api", "class_name", CAST(ROW("metadata"."uid") AS ROW("uid" varchar)) AS "metadata", "region", "severity", "severity_id", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", "status", 'cloud_trail_mgmt' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
UNION ALL
SELECT "time", "accountid", "activity_name", CAST(ROW(ROW("actor"."user"."name", "actor"."user"."type")) AS ROW("user" ROW("name" varchar, "type" varchar))) AS "actor", CAST(ROW("api"."operation", ROW("api"."response"."error"), ROW("api"."service"."name")) AS ROW("operation" varchar, "response" ROW("error" varchar), "service" ROW("name" varchar))) AS "api", "class_name", CAST(ROW("metadata"."uid") AS ROW("uid" varchar)) AS "metadata", "region", "severity", "severity_id", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", "status", 'lambda_execution' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_lambda_execution_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
) AS "u"
ORDER BY "time" DESC
LIMIT 20
