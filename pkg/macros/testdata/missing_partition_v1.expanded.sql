-- Filters on the exact time only: the v1 table is scanned in full (warning).
SELECT count(*)
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "time" BETWEEN 1704067200000 AND 1704196800250
  AND query.hostname LIKE '%.example.com.'
-- warning: Query reads amazon_security_lake_table_us_east_1_route53_1_0 without a partition predicate: Athena will scan every partition (cost). Add WHERE $__partitionFilter, or a predicate on eventday. The query constrains none of its partition keys.
