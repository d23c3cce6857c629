SELECT upper(coalesce("actor"."user"."name", "actor"."user"."uid", 'unknown')) AS "principal_upper", count(*) AS "count", CAST(from_unixtime(max(coalesce("time", 1709251200000)) / 1E3, 'UTC') AS timestamp) AS "last seen", array_join(slice(array_sort(array_agg(DISTINCT coalesce("actor"."user"."name", "actor"."user"."uid", 'unknown'))), 1, 100), ', ') AS "distinct_list_principal"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1
ORDER BY CAST(from_unixtime(max(coalesce("time", 1709251200000)) / 1E3, 'UTC') AS timestamp) DESC, "principal_upper"
LIMIT 10
