SELECT "time_dt", "severity_id", "severity", "class_name", "activity_name", "query"."hostname" AS "query.hostname", "query"."type" AS "query.type", "rcode", "src_endpoint"."ip" AS "src_endpoint.ip", "src_endpoint"."instance_uid" AS "src_endpoint.instance_uid", "src_endpoint"."vpc_uid" AS "src_endpoint.vpc_uid", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
ORDER BY "time_dt" DESC
LIMIT 10001
