SELECT "actor"."user"."name" AS "actor.user.name", count(*) AS "count", count_if("status" = 'Failure') AS "failures", array_join(slice(array_sort(array_agg(DISTINCT "src_endpoint"."ip")), 1, 100), ', ') AS "ips", array_join(slice(array_sort(array_agg(DISTINCT CAST("severity_id" AS varchar))), 1, 100), ', ') AS "distinct_list_severity_id"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1
HAVING count(*) > 1
ORDER BY "count" DESC, "actor.user.name"
LIMIT 10001
