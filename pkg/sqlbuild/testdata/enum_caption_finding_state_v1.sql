SELECT date_trunc('day', CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp)) AS "time", "severity", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "state_id" NOT IN (4, 3)
  AND "severity_id" >= 4
GROUP BY 1, 2
ORDER BY "time", "severity"
