-- Filters on the exact time only: the v1 table is scanned in full (warning).
SELECT count(*)
FROM $__table(route53@1)
WHERE $__timeFilter(time)
  AND query.hostname LIKE '%.example.com.'
