SELECT "time_dt", "finding_info"."title" AS "finding_info.title", CAST("finding_info"."types" AS JSON) AS "finding_info.types"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND any_match("resources", e -> e."owner"."account"."uid" = '111122223333')
  AND any_match("finding_info"."related_events", e -> e."uid" = 'evt-1')
  AND any_match("finding_info"."types", e -> e IN ('TTPs/Discovery', 'Effects/Data Exfiltration'))
  AND any_match("vulnerabilities", e -> e."is_fix_available" = TRUE)
ORDER BY "time_dt" DESC
LIMIT 10001
