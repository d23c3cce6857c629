SELECT date_trunc('hour', CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp)) AS "time", "source", max("time") AS "max_time"
FROM (
SELECT "time", 'vpc_flow' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
UNION ALL
SELECT "time", 'route53' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
) AS "u"
GROUP BY 1, 2
ORDER BY "time", "source"
