SELECT "time_dt", "action", "http_request"."http_method" AS "http_request.http_method", "http_request"."url"."hostname" AS "http_request.url.hostname", "http_request"."url"."path" AS "http_request.url.path", "src_endpoint"."ip" AS "src_endpoint.ip", "src_endpoint"."location"."country" AS "src_endpoint.location.country", "firewall_rule"."uid" AS "firewall_rule.uid", "http_status", "accountid", "region"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_waf_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "region" IN ('us-east-1')
ORDER BY "time_dt" DESC
LIMIT 10001
