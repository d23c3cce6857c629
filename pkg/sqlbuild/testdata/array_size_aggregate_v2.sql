SELECT "query"."type" AS "query.type", max(coalesce(cardinality("answers"), 0)) AS "max_size(answers)", avg(coalesce(cardinality("answers"), 0)) AS "avg_answers"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND coalesce(cardinality("answers"), 0) = 0
GROUP BY 1
ORDER BY "max_size(answers)" DESC, "query.type"
LIMIT 10001
