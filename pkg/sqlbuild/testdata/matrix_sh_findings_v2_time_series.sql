SELECT CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp) AS "time", "severity", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333', '444455556666')
  AND "severity_id" >= 4
GROUP BY 1, 2
ORDER BY "time", "severity"
