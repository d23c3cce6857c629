-- Without the optional form, an absent source is still an error.
SELECT count(*) FROM $__table(sh_findings@2) WHERE $__partitionFilter
