SELECT date_trunc('hour', "time_dt") AS "time", "u"."answers[].type" AS "answers[].type", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"
CROSS JOIN UNNEST(transform("answers", e -> e."type")) AS "u"("answers[].type")
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1, 2
ORDER BY "time", "answers[].type"
