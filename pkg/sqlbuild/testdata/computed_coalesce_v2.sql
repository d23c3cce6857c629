SELECT upper(coalesce("actor"."user"."name", "actor"."user"."uid", 'unknown')) AS "principal_upper", count(*) AS "count", max(coalesce("actor"."session"."created_time_dt", "time_dt")) AS "last seen", array_join(slice(array_sort(array_agg(DISTINCT coalesce("actor"."user"."name", "actor"."user"."uid", 'unknown'))), 1, 100), ', ') AS "distinct_list_principal"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1
ORDER BY max(coalesce("actor"."session"."created_time_dt", "time_dt")) DESC, "principal_upper"
LIMIT 10
