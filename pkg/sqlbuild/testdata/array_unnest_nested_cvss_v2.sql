SELECT "u"."vulnerabilities[].cve.uid" AS "vulnerabilities[].cve.uid", max("u"."vulnerabilities[].cve.cvss[].base_score") AS "max_score", count(DISTINCT "finding_info"."uid") AS "count_distinct_finding_info.uid"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
CROSS JOIN UNNEST(flatten(transform("vulnerabilities", e -> transform(e."cve"."cvss", e2 -> e2."base_score"))), flatten(transform("vulnerabilities", e -> transform(e."cve"."cvss", e2 -> coalesce(cardinality(e."cve"."references"), 0)))), flatten(transform("vulnerabilities", e -> transform(e."cve"."cvss", e2 -> e."cve"."uid")))) AS "u"("vulnerabilities[].cve.cvss[].base_score", "size(vulnerabilities[].cve.references)", "vulnerabilities[].cve.uid")
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND "u"."vulnerabilities[].cve.cvss[].base_score" >= 7E+00
  AND "u"."size(vulnerabilities[].cve.references)" > 0
GROUP BY 1
HAVING count(*) > 1
ORDER BY "max_score" DESC, "vulnerabilities[].cve.uid"
LIMIT 20
