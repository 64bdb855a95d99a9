-- Independent oracle for kpi-calc (SPEC 3.1) over a call CSV imported as
-- table raw: --by day,queue --sl-threshold 20 --short-abandon 5
-- --fcr-window 24h --percentiles 90. Rates and seconds with 10 decimals.
-- SPEC 3.1 counts queued records only: queued 1, or queued empty with a
-- queue; a record with queued 0 is in no figure of its group but still
-- makes an earlier call of its caller a repeat (FCR: any record).
CREATE TABLE c AS
SELECT substr(start, 1, 10) AS day, queue, caller, outcome,
       (queued = '1' OR (queued = '' AND queue <> '')) AS q,
       unixepoch(start) AS t,
       CAST(wait_s AS REAL) AS w,
       CAST(talk_s AS REAL) AS talk,
       CAST(hold_s AS REAL) AS hold,
       CAST(wrap_s AS REAL) AS wrap,
       CAST(transfers AS INTEGER) AS tr
FROM raw;
CREATE INDEX c_ct ON c(caller, t);

CREATE TABLE g AS
SELECT day, queue,
       sum(q) AS offered,
       sum(q AND outcome = 'answered') AS answered,
       sum(q AND outcome = 'abandoned') AS abandoned,
       sum(q AND outcome = 'abandoned' AND w < 5) AS short,
       sum(q AND outcome = 'timeout') AS timeout,
       sum(q AND outcome = 'answered' AND w <= 20) AS within,
       sum(CASE WHEN q AND outcome = 'answered' THEN w END) AS sw,
       max(CASE WHEN q THEN w END) AS maxw,
       sum(CASE WHEN q AND outcome = 'answered' THEN talk + hold + wrap END)
         AS sh,
       sum(CASE WHEN q AND outcome = 'answered' THEN talk END) AS st,
       sum(q AND outcome = 'answered' AND tr > 0) AS transferred
FROM c GROUP BY day, queue;

-- nearest rank: the value at rank ceil(0.9 * n) of the ascending waits
CREATE TABLE p AS
SELECT day, queue, w AS p90 FROM (
  SELECT day, queue, w,
         row_number() OVER (PARTITION BY day, queue ORDER BY w) AS rn,
         count(*) OVER (PARTITION BY day, queue) AS n
  FROM c WHERE q AND outcome = 'answered')
WHERE rn = (n * 90 + 99) / 100;

-- FCR: answered with a caller; repeated if the same caller starts again
-- in (t, t + 86400]
CREATE TABLE f AS
SELECT day, queue, count(*) AS considered,
       sum(EXISTS (SELECT 1 FROM c c2 WHERE c2.caller = c1.caller
                   AND c2.t > c1.t AND c2.t <= c1.t + 86400)) AS repeated
FROM c c1 WHERE q AND outcome = 'answered' AND caller <> ''
GROUP BY day, queue;

.headers on
.mode csv
SELECT g.day, g.queue, offered, answered, abandoned, short AS short_abandoned,
       timeout,
       CASE WHEN offered > 0 THEN printf('%.10f', 1.0 * answered / offered)
            ELSE '' END AS answer_rate,
       CASE WHEN offered - short > 0
            THEN printf('%.10f', 1.0 * (abandoned - short) / (offered - short))
            ELSE '' END AS abandon_rate,
       CASE WHEN offered - short > 0
            THEN printf('%.10f', 1.0 * within / (offered - short))
            ELSE '' END AS sl,
       CASE WHEN answered > 0 THEN printf('%.10f', sw / answered) ELSE '' END
         AS asa,
       CASE WHEN p90 IS NULL THEN '' ELSE printf('%.10f', p90) END AS wait_p90,
       CASE WHEN maxw IS NULL THEN '' ELSE printf('%.10f', maxw) END
         AS max_wait,
       CASE WHEN answered > 0 THEN printf('%.10f', sh / answered) ELSE '' END
         AS aht,
       CASE WHEN answered > 0 THEN printf('%.10f', st / answered) ELSE '' END
         AS att,
       CASE WHEN answered > 0
            THEN printf('%.10f', 1.0 * transferred / answered) ELSE '' END
         AS transfer_rate,
       CASE WHEN considered > 0
            THEN printf('%.10f', 1.0 - 1.0 * repeated / considered) ELSE '' END
         AS fcr
FROM g LEFT JOIN p USING (day, queue) LEFT JOIN f USING (day, queue)
ORDER BY g.day, g.queue;
