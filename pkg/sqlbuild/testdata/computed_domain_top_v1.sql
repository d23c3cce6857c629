SELECT regexp_extract(lower("query"."hostname"), '([^.]+\.[^.]+)\.?$', 1) AS "domain", count(*) AS "count", count(DISTINCT lower("query"."hostname")) AS "hosts"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND regexp_extract(lower("query"."hostname"), '([^.]+\.[^.]+)\.?$', 1) NOT IN ('amazonaws.com')
  AND strpos(lower("query"."hostname"), 'api') > 0
GROUP BY 1
HAVING count(DISTINCT lower("query"."hostname")) >= 1
ORDER BY "count" DESC, "domain"
LIMIT 20
