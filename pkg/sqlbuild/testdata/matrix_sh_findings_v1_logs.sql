SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "finding"."uid" AS "finding.uid", "severity_id", "severity", "class_name", "activity_name", "finding"."title" AS "finding.title", "state", "compliance"."status" AS "compliance.status", "metadata"."product"."name" AS "metadata.product.name", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "severity_id" >= 4
ORDER BY "time" DESC
LIMIT 500
