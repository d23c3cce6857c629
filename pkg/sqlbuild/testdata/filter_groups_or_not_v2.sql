SELECT "actor"."user"."name" AS "actor.user.name", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "api"."operation" = 'ConsoleLogin'
  AND ("is_mfa" = FALSE OR "is_mfa" IS NULL)
  AND NOT (starts_with("api"."operation", 'Describe') OR "api"."operation" IN ('GetObject', 'ListBuckets'))
  AND (NOT (contains('10.0.0.0/8', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('172.16.0.0/12', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('192.168.0.0/16', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('127.0.0.0/8', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('169.254.0.0/16', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('::1/128', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('fe80::/10', TRY_CAST("src_endpoint"."ip" AS IPADDRESS)) OR contains('fc00::/7', TRY_CAST("src_endpoint"."ip" AS IPADDRESS))) AND "status" = 'Failure')
GROUP BY 1
ORDER BY "count" DESC, "actor.user.name"
LIMIT 10001
