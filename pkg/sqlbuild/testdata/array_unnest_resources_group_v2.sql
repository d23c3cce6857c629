SELECT "u"."resources[].type" AS "resources[].type", count(*) AS "count", count(DISTINCT "u"."resources[].uid") AS "count_distinct_resources[].uid"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
CROSS JOIN UNNEST(transform("resources", e -> e."uid"), transform("resources", e -> e."type")) AS "u"("resources[].uid", "resources[].type")
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND starts_with("u"."resources[].uid", 'arn:aws:s3')
GROUP BY 1
ORDER BY "count" DESC, "resources[].type"
LIMIT 10001
