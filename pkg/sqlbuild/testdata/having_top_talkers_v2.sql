SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count", count(DISTINCT "dst_endpoint"."port") AS "ports"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1
HAVING count(*) > 100
  AND count(DISTINCT "dst_endpoint"."port") >= 5
  AND sum("traffic"."bytes") > 1E+06
  AND max("dst_endpoint"."port") < 65535
ORDER BY "count" DESC, "src_endpoint.ip"
LIMIT 10001
