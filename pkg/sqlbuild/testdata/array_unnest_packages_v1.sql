SELECT "u"."vulnerabilities[].packages[].name" AS "vulnerabilities[].packages[].name", count(DISTINCT "u"."vulnerabilities[].cve.uid") AS "count_distinct_vulnerabilities[].cve.uid"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
CROSS JOIN UNNEST(flatten(transform("vulnerabilities", e -> transform(e."packages", e2 -> e2."name"))), flatten(transform("vulnerabilities", e -> transform(e."packages", e2 -> e."cve"."uid")))) AS "u"("vulnerabilities[].packages[].name", "vulnerabilities[].cve.uid")
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
GROUP BY 1
ORDER BY "count_distinct_vulnerabilities[].cve.uid" DESC, "vulnerabilities[].packages[].name"
LIMIT 10001
