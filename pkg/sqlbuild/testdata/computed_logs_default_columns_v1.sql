SELECT CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp) AS "time", "severity_id", "severity", "class_name", "activity_name", "query"."hostname" AS "query.hostname", "query"."type" AS "query.type", "rcode", "src_endpoint"."ip" AS "src_endpoint.ip", "src_endpoint"."instance_uid" AS "src_endpoint.instance_uid", "src_endpoint"."vpc_uid" AS "src_endpoint.vpc_uid", "accountid", "region", regexp_extract(lower("query"."hostname"), '([^.]+\.[^.]+)\.?$', 1) AS "domain", regexp_extract("query"."hostname", '^[^.]+') AS "label"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND regexp_extract(lower("query"."hostname"), '([^.]+\.[^.]+)\.?$', 1) = 'github.com'
ORDER BY "label", "time" DESC
LIMIT 100
