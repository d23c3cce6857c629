SELECT element_at(transform("resources", e -> e."uid"), 1) AS "first_resource", element_at(transform(filter("resources", e -> e."type" = 'AWS::S3::Bucket'), e -> e."uid"), 1) AS "bucket", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND element_at(transform(filter("resources", e -> e."type" = 'AWS::S3::Bucket'), e -> e."uid"), 1) IS NOT NULL
GROUP BY 1, 2
ORDER BY "count" DESC, "first_resource", "bucket"
LIMIT 10001
