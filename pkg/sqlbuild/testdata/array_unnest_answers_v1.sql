SELECT "query"."hostname" AS "query.hostname", "u"."answers[].type" AS "answers[].type", "u"."answers[].rdata" AS "answers[].rdata"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
CROSS JOIN UNNEST(transform("answers", e -> e."type"), transform("answers", e -> e."rdata")) AS "u"("answers[].type", "answers[].rdata")
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND "u"."answers[].type" IN ('A', 'AAAA')
ORDER BY "answers[].rdata", "time" DESC
LIMIT 10001
