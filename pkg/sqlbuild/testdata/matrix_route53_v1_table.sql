SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "query"."hostname" AS "query.hostname", "query"."type" AS "query.type", "rcode", "src_endpoint"."ip" AS "src_endpoint.ip", "src_endpoint"."instance_uid" AS "src_endpoint.instance_uid", "src_endpoint"."vpc_uid" AS "src_endpoint.vpc_uid", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000 AND "region" IN ('us-east-1')
ORDER BY "time" DESC
LIMIT 10001
