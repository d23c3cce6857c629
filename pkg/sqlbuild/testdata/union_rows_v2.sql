SELECT "time_dt", "api"."operation" AS "api.operation", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip", "api"."service"."name" AS "api.service.name", "source"
FROM (
SELECT "time_dt", CAST(ROW(ROW("actor"."user"."name")) AS ROW("user" ROW("name" varchar))) AS "actor", CAST(ROW("api"."operation", ROW("api"."service"."name")) AS ROW("operation" varchar, "service" ROW("name" varchar))) AS "api", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'cloud_trail_mgmt' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND starts_with("api"."operation", 'Get')
UNION ALL
SELECT "time_dt", CAST(ROW(ROW("actor"."user"."name")) AS ROW("user" ROW("name" varchar))) AS "actor", CAST(ROW("api"."operation", ROW("api"."service"."name")) AS ROW("operation" varchar, "service" ROW("name" varchar))) AS "api", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'lambda_execution' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_lambda_execution_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND starts_with("api"."operation", 'Get')
UNION ALL
SELECT "time_dt", CAST(ROW(ROW("actor"."user"."name")) AS ROW("user" ROW("name" varchar))) AS "actor", CAST(ROW("api"."operation", ROW("api"."service"."name")) AS ROW("operation" varchar, "service" ROW("name" varchar))) AS "api", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 's3_data' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_s3_data_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND starts_with("api"."operation", 'Get')
) AS "u"
ORDER BY "api.operation", "time_dt" DESC
LIMIT 20
