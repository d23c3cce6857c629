SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "disposition", "src_endpoint"."ip" AS "src_endpoint.ip", "src_endpoint"."port" AS "src_endpoint.port", "dst_endpoint"."ip" AS "dst_endpoint.ip", "dst_endpoint"."port" AS "dst_endpoint.port", "connection_info"."protocol_num" AS "connection_info.protocol_num", "connection_info"."direction" AS "connection_info.direction", "traffic"."bytes" AS "traffic.bytes", "traffic"."packets" AS "traffic.packets", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "region" IN ('us-east-1')
ORDER BY "time" DESC
LIMIT 10001
