SELECT "time_dt", "traffic"."bytes" AS "traffic.bytes", "dst_endpoint"."port" AS "dst_endpoint.port", "start_time_dt"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "traffic"."bytes" > 1000000
  AND "traffic"."packets" >= 10
  AND "dst_endpoint"."port" < 1024
  AND "src_endpoint"."port" <= 65535
  AND "start_time_dt" >= TIMESTAMP '2024-03-01 12:00:00.000'
  AND "end_time_dt" < TIMESTAMP '2024-03-01 16:30:00.000'
  AND "src_endpoint"."ip" > '10.0.0.0'
ORDER BY "time_dt" DESC
LIMIT 10001
