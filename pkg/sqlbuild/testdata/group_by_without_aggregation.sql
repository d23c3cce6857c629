SELECT "action", "src_endpoint"."location"."country" AS "src_endpoint.location.country", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_waf_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1, 2
ORDER BY "count" DESC, "action", "src_endpoint.location.country"
LIMIT 10001
