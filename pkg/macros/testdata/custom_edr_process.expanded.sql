-- Custom source (Hive layout beside v2 tables): process starts per host.
SELECT device.hostname AS host, count(*) AS starts
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_edr_process"
WHERE ("eventday" BETWEEN '20240101' AND '20240102' AND "time" BETWEEN 1704067200000 AND 1704196800250 AND "accountid" IN ('111122223333', '444455556666') AND "region" IN ('us-east-1'))
  AND activity_id = 1
  AND "time" BETWEEN 1704067200000 AND 1704196800250
GROUP BY 1
