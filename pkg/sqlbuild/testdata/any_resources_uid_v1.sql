SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "metadata"."uid" AS "metadata.uid", "severity_id", "severity", "class_name", "activity_name", "api"."service"."name" AS "api.service.name", "api"."operation" AS "api.operation", "actor"."user"."type" AS "actor.user.type", "actor"."user"."name" AS "actor.user.name", "src_endpoint"."ip" AS "src_endpoint.ip", "status", "api"."response"."error" AS "api.response.error", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_s3_data_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND any_match("resources", e -> e."uid" IN ('arn:aws:s3:::a', 'arn:aws:s3:::b'))
  AND any_match("resources", e -> e."type" = 'AWS::S3::Bucket')
ORDER BY "time" DESC
LIMIT 10001
