SELECT "time_dt", "src_endpoint"."ip" AS "src_endpoint.ip", "dst_endpoint"."ip" AS "dst_endpoint.ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND (contains('10.0.0.0/8', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('192.168.1.0/24', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)))
  AND NOT (contains('10.1.0.0/16', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)))
  AND NOT (contains('10.0.0.0/8', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('172.16.0.0/12', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('192.168.0.0/16', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('127.0.0.0/8', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('169.254.0.0/16', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('::1/128', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('fe80::/10', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)) OR contains('fc00::/7', TRY_CAST("dst_endpoint"."ip" AS IPADDRESS)))
ORDER BY "time_dt" DESC
LIMIT 10001
