SELECT "cloud"."account"."uid" AS "cloud.account.uid", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333')
  AND "cloud"."account"."uid" IN (SELECT "accountid"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333')
  AND "api"."response"."error" IS NOT NULL
  AND "accountid" IS NOT NULL)
GROUP BY 1
ORDER BY "count" DESC, "cloud.account.uid"
LIMIT 10001
