-- complaint_kpi.sql: the figures of
--   complaint-kpi --by month,category -k received,reply_within,reply_pending,
--     reply_rate,resolve_within,resolve_pending,resolve_rate,ttr_mean,
--     repeat_rate,escalation_rate,reopen_rate
-- (UTC, reply limit 15 days, resolution limit 30 days, no --as-of: the
-- cut-off is the latest time in the data; repeats: the same customer within
-- 30 days before), from the definitions in telaudit(7), for make bench.
-- A day limit is met when the stop's date is at most N days after the
-- receipt's; a complaint with no stop yet is pending while its deadline
-- day is not before the day after the cut-off, else missed. The reply
-- stops at replied, else resolved, else closed; the resolution at
-- resolved, else closed.
WITH raw AS (
  SELECT * FROM read_csv('${FILE}', header = true, all_varchar = true)
), c AS (
  SELECT coalesce(customer, '') AS customer, category, escalated, reopened,
    epoch_ms(CAST(received AS TIMESTAMPTZ)) AS rec,
    epoch_ms(CAST(replied AS TIMESTAMPTZ)) AS rep,
    epoch_ms(CAST(resolved AS TIMESTAMPTZ)) AS res,
    epoch_ms(CAST(closed AS TIMESTAMPTZ)) AS clo
  FROM raw
), lim AS (
  SELECT (max(greatest(rec, coalesce(rep, 0), coalesce(res, 0), coalesce(clo, 0))) + 1) // 86400000 AS pass
  FROM c
), f AS (
  SELECT strftime(make_timestamp(rec * 1000), '%Y-%m') AS month, category,
    rec // 86400000 AS d0,
    coalesce(rep, res, clo) AS rstop, coalesce(res, clo) AS sstop, rec,
    customer <> '' AS has_cust,
    customer <> '' AND count(*) OVER (PARTITION BY customer ORDER BY rec
      RANGE BETWEEN 2592000000 PRECEDING AND 1 PRECEDING) > 0 AS rpt,
    escalated IS NOT NULL AND lower(escalated) NOT IN ('0', 'no', 'n', 'false', 'none') AS esc,
    reopened IS NOT NULL AS reo_known, CAST(reopened AS BIGINT) > 0 AS reo
  FROM c
), g AS (
  SELECT month, category, count(*) AS received,
    count(*) FILTER (rstop IS NOT NULL AND rstop // 86400000 <= d0 + 15) AS reply_within,
    count(*) FILTER (rstop IS NULL AND d0 + 15 >= (SELECT pass FROM lim)) AS reply_pending,
    count(*) FILTER (sstop IS NOT NULL AND sstop // 86400000 <= d0 + 30) AS resolve_within,
    count(*) FILTER (sstop IS NULL AND d0 + 30 >= (SELECT pass FROM lim)) AS resolve_pending,
    avg(sstop - rec) / 86400000.0 AS ttr,
    count(*) FILTER (rpt) AS rpt, count(*) FILTER (has_cust) AS nc,
    count(*) FILTER (esc) AS esc,
    count(*) FILTER (reo) AS reo, count(*) FILTER (reo_known) AS nreo
  FROM f GROUP BY month, category
)
SELECT month, category, received, reply_within, reply_pending,
  printf('%.4f', reply_within / received) AS reply_rate,
  resolve_within, resolve_pending,
  printf('%.4f', resolve_within / received) AS resolve_rate,
  printf('%.2f', ttr) AS ttr_mean,
  CASE WHEN nc > 0 THEN printf('%.4f', rpt / nc) ELSE '' END AS repeat_rate,
  printf('%.4f', esc / received) AS escalation_rate,
  CASE WHEN nreo > 0 THEN printf('%.4f', reo / nreo) ELSE '' END AS reopen_rate
FROM g ORDER BY month, category
