-- Newest partition per source, account and Region from table metadata (no data scanned).
SELECT "source", accountid AS "account", region, max(day) AS "newest_day",
  date_diff('day', max(day), CAST(TIMESTAMP '2024-01-02 12:00:00.250' AS date)) AS "days_behind"
FROM (
(SELECT 'vpc_flow' AS "source", p.* FROM (SELECT "partition"."region" AS "region", "partition"."accountid" AS "accountid", "partition"."time_dt_day" AS "day", "record_count" AS "records", "file_count" AS "files" FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0$partitions" WHERE "partition"."time_dt_day" <= DATE '2024-01-02' AND "partition"."accountid" IN ('111122223333', '444455556666') AND "partition"."region" IN ('us-east-1')) AS p)
UNION ALL
(SELECT 'route53' AS "source", p.* FROM (SELECT "region" AS "region", "accountid" AS "accountid", CAST(date_parse("eventday", '%Y%m%d') AS date) AS "day", CAST(NULL AS bigint) AS "records", CAST(NULL AS bigint) AS "files" FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0$partitions" WHERE "eventday" <= '20240102' AND "accountid" IN ('111122223333', '444455556666') AND "region" IN ('us-east-1')) AS p)
) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
-- info: Left out, not enabled in this lake: Security Hub findings (sh_findings@2).
