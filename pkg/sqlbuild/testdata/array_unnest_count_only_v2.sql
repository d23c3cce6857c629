SELECT count(*) AS "resources_touched"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
CROSS JOIN UNNEST(transform("resources", e -> TRUE)) AS "u"("resources[]")
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
ORDER BY "resources_touched" DESC
LIMIT 10001
