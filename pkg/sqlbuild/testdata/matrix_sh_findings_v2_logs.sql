SELECT "time_dt", "finding_info"."uid" AS "finding_info.uid", "severity_id", "severity", "class_name", "activity_name", "message", "finding_info"."title" AS "finding_info.title", "status", "compliance"."status" AS "compliance.status", "metadata"."product"."name" AS "metadata.product.name", "resource"."type" AS "resource.type", "resource"."uid" AS "resource.uid", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "severity_id" >= 4
ORDER BY "time_dt" DESC
LIMIT 500
