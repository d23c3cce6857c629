SELECT "time_dt", "class_name", "finding_info"."title" AS "finding_info.title", "severity", "status", "compliance"."status" AS "compliance.status", "metadata"."product"."name" AS "metadata.product.name", "resource"."type" AS "resource.type", "resource"."uid" AS "resource.uid", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "region" IN ('us-east-1')
ORDER BY "time_dt" DESC
LIMIT 10001
