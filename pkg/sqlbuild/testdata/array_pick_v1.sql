SELECT element_at(transform("resources", e -> e."uid"), 1) AS "first_resource", element_at(transform(filter("resources", e -> e."type" = 'AWS::S3::Bucket'), e -> e."uid"), 1) AS "bucket", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND element_at(transform(filter("resources", e -> e."type" = 'AWS::S3::Bucket'), e -> e."uid"), 1) IS NOT NULL
GROUP BY 1, 2
ORDER BY "count" DESC, "first_resource", "bucket"
LIMIT 10001
