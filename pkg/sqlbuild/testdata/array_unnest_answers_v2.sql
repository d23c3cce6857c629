SELECT "query"."hostname" AS "query.hostname", "u"."answers[].type" AS "answers[].type", "u"."answers[].rdata" AS "answers[].rdata"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"
CROSS JOIN UNNEST(transform("answers", e -> e."type"), transform("answers", e -> e."rdata")) AS "u"("answers[].type", "answers[].rdata")
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "u"."answers[].type" IN ('A', 'AAAA')
ORDER BY "answers[].rdata", "time_dt" DESC
LIMIT 10001
