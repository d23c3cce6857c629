-- VPC Flow (v2): bytes per action over time, for the dashboard's accounts and Regions.
SELECT
  CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp) AS "time",
  action,
  sum(traffic.bytes) AS bytes
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE ("time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250' AND "accountid" IN ('111122223333', '444455556666') AND "region" IN ('us-east-1'))
  AND action IN ('Allowed', 'Denied')
GROUP BY 1, 2
ORDER BY 1
