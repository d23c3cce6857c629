-- Custom source (Hive layout beside v2 tables): process starts per host.
SELECT device.hostname AS host, count(*) AS starts
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_edr_process"
WHERE $__partitionFilter
  AND activity_id = 1
  AND "time" BETWEEN $__timeFromMs() AND $__timeToMs()
GROUP BY 1
