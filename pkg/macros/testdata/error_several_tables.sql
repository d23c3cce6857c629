-- Two lake tables: $__partitionFilter must name one.
SELECT count(*)
FROM $__table(vpc_flow) a, $__table(vpc_flow@1) b
WHERE $__partitionFilter
