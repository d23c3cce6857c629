SELECT "time_dt", "action", "src_endpoint"."ip" AS "src_endpoint.ip", "src_endpoint"."port" AS "src_endpoint.port", "dst_endpoint"."ip" AS "dst_endpoint.ip", "dst_endpoint"."port" AS "dst_endpoint.port", "connection_info"."protocol_num" AS "connection_info.protocol_num", "connection_info"."direction" AS "connection_info.direction", "traffic"."bytes" AS "traffic.bytes", "traffic"."packets" AS "traffic.packets", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "region" IN ('us-east-1')
ORDER BY "time_dt" DESC
LIMIT 10001
