-- An alert rule's query on Security Hub findings, which this lake lacks.
SELECT count(*) AS "findings" FROM $__optionalTable(sh_findings@2) WHERE $__partitionFilter AND severity_id >= 5
