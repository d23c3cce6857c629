SELECT CAST(from_unixtime("time" / 10800000 * 10800, 'UTC') AS timestamp) AS "time", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240201' AND '20240301' AND "time" BETWEEN 1706745600000 AND 1709251200000
GROUP BY 1
ORDER BY "time"
