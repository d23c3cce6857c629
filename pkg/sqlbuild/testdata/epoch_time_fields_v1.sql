SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", CAST(from_unixtime("finding"."created_time" / 1E3, 'UTC') AS timestamp) AS "finding.created_time", CAST(from_unixtime("finding"."last_seen_time" / 1E3, 'UTC') AS timestamp) AS "finding.last_seen_time", "severity"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
ORDER BY "finding.created_time" DESC, "time" DESC
LIMIT 10001
