SELECT CAST("resources" AS JSON) AS "resources"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND any_match("resources", e -> starts_with(e."type", 'AwsEc2'))
  AND any_match("resources", e -> strpos(e."uid", 'test') = 0)
  AND any_match("resources", e -> e."region" <> 'us-west-2')
  AND any_match("resources", e -> e."uid" IS NOT NULL)
ORDER BY "time_dt" DESC
LIMIT 10001
