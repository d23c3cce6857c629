SELECT count(*) AS "flows" FROM $__optionalTable(vpc_flow@2) AS f WHERE $__partitionFilter(f) AND f.disposition = 'Blocked'
