-- No source of the union is in the lake: the query is not run.
SELECT * FROM ($__union(sh_findings@2, eks_audit, waf, (SELECT $__source AS "source", count(*) AS "n" FROM $__table WHERE $__partitionFilter)))
