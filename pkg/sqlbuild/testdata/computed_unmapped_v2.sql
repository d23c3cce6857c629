SELECT "api"."operation" AS "api.operation", element_at("unmapped", 'recipientAccountId') AS "recipient", CAST(map_keys("unmapped") AS JSON) AS "unmapped keys"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND any_match(map_keys("unmapped"), e -> e = 'eventCategory')
  AND element_at("unmapped", 'recipientAccountId') IS NOT NULL
ORDER BY "recipient", "time_dt" DESC
LIMIT 50
