SELECT CAST("resources" AS JSON) AS "resources"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND any_match("resources", e -> starts_with(e."type", 'AwsEc2'))
  AND any_match("resources", e -> strpos(e."uid", 'test') = 0)
  AND any_match("resources", e -> e."region" <> 'us-west-2')
  AND any_match("resources", e -> e."uid" IS NOT NULL)
ORDER BY "time" DESC
LIMIT 10001
