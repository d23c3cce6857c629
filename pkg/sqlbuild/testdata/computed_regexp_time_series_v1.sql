SELECT date_trunc('hour', CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp)) AS "time", upper(regexp_extract("query"."hostname", '^([a-z0-9-]+)\.', 1)) AS "service_upper", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND NOT regexp_like(regexp_extract("query"."hostname", '^([a-z0-9-]+)\.', 1), '^(wpad|isatap)$')
GROUP BY 1, 2
HAVING count(*) > 1
ORDER BY "time", "service_upper"
