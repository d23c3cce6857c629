SELECT "src_endpoint"."ip" AS "src_endpoint.ip", "dst_endpoint"."port" AS "dst_endpoint.port", count(*) AS "flows"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1, 2
ORDER BY sum("traffic"."bytes") DESC, CAST(from_unixtime(max("time") / 1E3, 'UTC') AS timestamp) DESC, "src_endpoint.ip", "dst_endpoint.port"
LIMIT 10
