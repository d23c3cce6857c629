SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "severity_id", "severity", "class_name", "message", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_edr_process"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "class_uid" = 1007
  AND starts_with("device"."hostname", 'WS-')
  AND "severity_id" >= 3
ORDER BY "time" DESC
LIMIT 10001
