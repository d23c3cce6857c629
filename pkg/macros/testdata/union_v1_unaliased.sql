-- Version 1 (Hive) tables without an alias: the predicate is qualified by the table name.
$__union(vpc_flow@1, route53@1, (SELECT $__source AS "source", max("time") AS "last" FROM $__table WHERE $__partitionFilter))
ORDER BY 1
