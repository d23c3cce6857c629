SELECT "dst_endpoint"."port" AS "dst_endpoint.port", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "dst_endpoint"."port" IN (22, 3389)
  AND NOT regexp_like("src_endpoint"."ip", '^10\.')
GROUP BY 1
ORDER BY "count" DESC, "dst_endpoint.port"
LIMIT 10001
