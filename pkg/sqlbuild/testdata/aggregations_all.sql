SELECT "src_endpoint"."ip" AS "src_endpoint.ip", "dst_endpoint"."port" AS "dst_endpoint.port", count(*) AS "count", count("dst_endpoint"."ip") AS "count_dst_endpoint.ip", count(DISTINCT "dst_endpoint"."ip") AS "distinct destinations", approx_distinct("src_endpoint"."port") AS "approx_distinct_src_endpoint.port", sum("traffic"."bytes") AS "bytes", avg("traffic"."packets") AS "avg_traffic.packets", min("start_time_dt") AS "min_start_time_dt", max("src_endpoint"."ip") AS "max_src_endpoint.ip"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1, 2
ORDER BY "count" DESC, "src_endpoint.ip", "dst_endpoint.port"
LIMIT 10001
