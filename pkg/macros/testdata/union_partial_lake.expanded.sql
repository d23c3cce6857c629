-- Events per source over the sources the lake has: sh_findings and eks_audit
-- are not in the fixture lake and are left out with a notice.
SELECT "source", sum("events") AS "events" FROM (
(
  SELECT 'cloud_trail_mgmt' AS "source", t.accountid AS "account", count(*) AS "events"
  FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0" AS t
  WHERE ("t"."time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250' AND "t"."accountid" IN ('111122223333', '444455556666') AND "t"."region" IN ('us-east-1')) AND "t"."time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250'
  GROUP BY 1, 2)
UNION ALL
(
  SELECT 'vpc_flow' AS "source", t.accountid AS "account", count(*) AS "events"
  FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0" AS t
  WHERE ("t"."time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250' AND "t"."accountid" IN ('111122223333', '444455556666') AND "t"."region" IN ('us-east-1')) AND "t"."time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250'
  GROUP BY 1, 2)
) GROUP BY 1 ORDER BY 2 DESC
-- info: Left out, not enabled in this lake: Security Hub findings (sh_findings@2), EKS audit logs (eks_audit@2).
