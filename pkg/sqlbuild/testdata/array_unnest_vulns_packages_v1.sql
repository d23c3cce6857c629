SELECT "u"."vulnerabilities[].cve.uid" AS "vulnerabilities[].cve.uid", count(*) AS "count", max("u"."vulnerabilities[].cve.cvss.base_score") AS "max_vulnerabilities[].cve.cvss.base_score"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_1_0"
CROSS JOIN UNNEST(transform("vulnerabilities", e -> e."packages"), transform("vulnerabilities", e -> e."cve"."uid"), transform("vulnerabilities", e -> e."cve"."cvss"."base_score")) AS "u"("vulnerabilities[].packages", "vulnerabilities[].cve.uid", "vulnerabilities[].cve.cvss.base_score")
WHERE "eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000
  AND any_match("u"."vulnerabilities[].packages", e2 -> strpos(e2."name", 'openssl') > 0)
GROUP BY 1
ORDER BY "count" DESC, "vulnerabilities[].cve.uid"
LIMIT 10001
