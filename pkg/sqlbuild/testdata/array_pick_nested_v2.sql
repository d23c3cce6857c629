SELECT "finding_info"."uid" AS "finding_info.uid", element_at(flatten(transform("vulnerabilities", e -> transform(filter(e."cve"."cvss", e2 -> starts_with(e2."version", '3')), e2 -> e2."base_score"))), 1) AS "first_v3_score", element_at(transform("vulnerabilities", e -> e."cve"."uid"), 1) AS "first_cve"
FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_sh_findings_2_0"
WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'
  AND element_at(flatten(transform("vulnerabilities", e -> transform(filter(e."cve"."cvss", e2 -> starts_with(e2."version", '3')), e2 -> e2."base_score"))), 1) >= 9E+00
ORDER BY "first_v3_score" DESC, "time_dt" DESC
LIMIT 10001
