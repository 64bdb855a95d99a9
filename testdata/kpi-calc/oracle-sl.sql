-- Oracle for the --sl-formula variants (SPEC 3.1), T = 20 s, S = 5 s,
-- per day and queue over table raw; one column per variant in the order
-- exclude-short, offered, answered, abandon-within, abandon-after.
CREATE TABLE s AS
SELECT substr(start, 1, 10) AS day, queue,
       count(*) AS offered,
       sum(outcome = 'answered') AS answered,
       sum(outcome = 'abandoned' AND CAST(wait_s AS REAL) < 5) AS short,
       sum(outcome = 'answered' AND CAST(wait_s AS REAL) <= 20) AS aw,
       sum(outcome = 'abandoned' AND CAST(wait_s AS REAL) <= 20) AS bw,
       sum(outcome = 'abandoned' AND CAST(wait_s AS REAL) > 20) AS ba
FROM raw GROUP BY 1, 2;
.headers off
.mode csv
SELECT day, queue,
  CASE WHEN offered - short > 0 THEN printf('%.10f', 1.0 * aw / (offered - short)) ELSE '' END,
  printf('%.10f', 1.0 * aw / offered),
  CASE WHEN answered > 0 THEN printf('%.10f', 1.0 * aw / answered) ELSE '' END,
  printf('%.10f', 1.0 * (aw + bw) / offered),
  CASE WHEN answered + ba > 0 THEN printf('%.10f', 1.0 * aw / (answered + ba)) ELSE '' END
FROM s ORDER BY day, queue;
