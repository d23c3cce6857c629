SELECT date_trunc('hour', CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp)) AS "time", "region", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "accountid" IN ('111122223333') AND "region" IN ('us-east-1', 'us-west-2', 'eu-west-1')
GROUP BY 1, 2
ORDER BY "time", "region"
