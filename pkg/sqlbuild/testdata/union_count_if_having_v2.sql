SELECT "accountid", count(*) AS "count", count_if("severity_id" = 5) AS "critical"
FROM (
SELECT "time_dt", "accountid", "severity_id", 'sh_findings' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
UNION ALL
SELECT "time_dt", "accountid", "severity_id", 'cloud_trail_mgmt' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
) AS "u"
GROUP BY 1
HAVING count(*) > 0
ORDER BY max("time_dt") DESC, "accountid"
LIMIT 10001
