SELECT "u"."resources[].type" AS "resources[].type", count(*) AS "count", count(DISTINCT "u"."resources[].uid") AS "count_distinct_resources[].uid"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
CROSS JOIN UNNEST(transform("resources", e -> e."uid"), transform("resources", e -> e."type")) AS "u"("resources[].uid", "resources[].type")
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND starts_with("u"."resources[].uid", 'arn:aws:s3')
GROUP BY 1
ORDER BY "count" DESC, "resources[].type"
LIMIT 10001
