SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count", count(DISTINCT "accountid") AS "count_distinct_accountid"
FROM (
SELECT "time", "accountid", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'cloud_trail_mgmt' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "region" IN ('us-east-1')
UNION ALL
SELECT "time", "accountid", CAST(ROW("src_endpoint"."ip") AS ROW("ip" varchar)) AS "src_endpoint", 'vpc_flow' AS "source"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "region" IN ('us-east-1')
) AS "u"
GROUP BY 1
ORDER BY "count" DESC, "src_endpoint.ip"
LIMIT 10
