SELECT regexp_extract(lower("query"."hostname"), '([^.]+\.[^.]+)\.?$', 1) AS "domain", count(*) AS "count", count(DISTINCT lower("query"."hostname")) AS "hosts"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND regexp_extract(lower("query"."hostname"), '([^.]+\.[^.]+)\.?$', 1) NOT IN ('amazonaws.com')
  AND strpos(lower("query"."hostname"), 'api') > 0
GROUP BY 1
HAVING count(DISTINCT lower("query"."hostname")) >= 1
ORDER BY "count" DESC, "domain"
LIMIT 20
