SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "class_name", "finding"."title" AS "finding.title", "severity", "state", "compliance"."status" AS "compliance.status", "metadata"."product"."name" AS "metadata.product.name", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "region" IN ('us-east-1')
ORDER BY "time" DESC
LIMIT 10001
