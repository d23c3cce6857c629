SELECT count(*) AS "count", count(DISTINCT "src_endpoint"."ip") AS "count_distinct_src_endpoint.ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "time" >= 1709251200000
  AND "time" <= 1709337599999
  AND "cloud"."account_uid" = '111122223333'
ORDER BY "count" DESC
LIMIT 11
