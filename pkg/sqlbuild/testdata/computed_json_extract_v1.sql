SELECT "api"."operation" AS "api.operation", json_extract_scalar(element_at("unmapped", 'requestParameters'), '$.roleName') AS "role", element_at("unmapped", 'requestParameters') AS "params"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND json_extract_scalar(element_at("unmapped", 'requestParameters'), '$.roleName') IS NOT NULL
ORDER BY "role", "time" DESC
LIMIT 10001
