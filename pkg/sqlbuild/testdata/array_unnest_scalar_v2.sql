SELECT "u"."finding_info.types[]" AS "finding_info.types[]", count(*) AS "count"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
CROSS JOIN UNNEST(transform("finding_info"."types", e -> e)) AS "u"("finding_info.types[]")
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
GROUP BY 1
ORDER BY "count" DESC, "finding_info.types[]"
LIMIT 10001
