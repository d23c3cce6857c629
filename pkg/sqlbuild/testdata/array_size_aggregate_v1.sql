SELECT "query"."type" AS "query.type", max(coalesce(cardinality("answers"), 0)) AS "max_size(answers)", avg(coalesce(cardinality("answers"), 0)) AS "avg_answers"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND coalesce(cardinality("answers"), 0) = 0
GROUP BY 1
ORDER BY "max_size(answers)" DESC, "query.type"
LIMIT 10001
