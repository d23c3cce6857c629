SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count", count(DISTINCT "dst_endpoint"."port") AS "ports"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1
HAVING count(*) > 100
  AND count(DISTINCT "dst_endpoint"."port") >= 5
  AND sum("traffic"."bytes") > 1E+06
  AND max("dst_endpoint"."port") < 65535
ORDER BY "count" DESC, "src_endpoint.ip"
LIMIT 10001
