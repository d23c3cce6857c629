SELECT "api"."operation" AS "api.operation", json_extract_scalar("api"."request"."data", '$.ipPermissions.fromPort') AS "port", count(*) AS "count", count_if((contains('10.0.0.0/8', TRY_CAST(json_extract_scalar("api"."request"."data", '$["ipPermissions"]["cidrIp"]') AS IPADDRESS)))) AS "from_private"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND json_extract_scalar("api"."request"."data", '$.ipPermissions.fromPort') IN ('22', '3306', '6379')
GROUP BY 1, 2
ORDER BY "count" DESC, "api.operation", "port"
LIMIT 10001
