-- A typo is no absent source: the optional form reports it.
SELECT count(*) FROM $__optionalTable(sh_findngs) WHERE $__partitionFilter
