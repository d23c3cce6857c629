SELECT "api"."operation" AS "api.operation", element_at("unmapped", 'recipientAccountId') AS "recipient", CAST(map_keys("unmapped") AS JSON) AS "unmapped keys"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND any_match(map_keys("unmapped"), e -> e = 'eventCategory')
  AND element_at("unmapped", 'recipientAccountId') IS NOT NULL
ORDER BY "recipient", "time" DESC
LIMIT 50
