-- demo/cycle/truth.sql — the last monthly cycle against the synthetic city's
-- truth (city_truth: who every row really is, which households were planted
-- for overlap scoring, which are on a roll).  The figures a test checks
-- (test/cycle/run); the city is made by demo/city, readied by setup.sql.
\set ON_ERROR_STOP 1
\pset footer off
SELECT month AS m, cycle_id AS c FROM aidlink.cycle_runs WHERE status = 'done' ORDER BY cycle_id DESC LIMIT 1 \gset

\echo 'Against the generator''s truth'
\echo '  linkage: departmental rows linked to the person they really are'
WITH j AS (
    SELECT l.status = 'accepted' AS accepted,
           l.status = 'accepted' AND l.resident_id::bigint = p.resident_id::bigint AS correct
    FROM aidlink.links l
    JOIN city_truth.row_truth t ON t.source = l.source_name AND t.row_key = l.row_key
    JOIN city_truth.person p ON p.person_no = t.person_no
    WHERE l.source_name <> 'household_register' AND t.linkable)
SELECT count(*) AS departmental_rows, count(*) FILTER (WHERE accepted) AS accepted,
       count(*) FILTER (WHERE accepted AND NOT correct) AS wrong,
       round(100.0 * count(*) FILTER (WHERE correct) / nullif(count(*) FILTER (WHERE accepted), 0), 3) AS "precision %",
       round(100.0 * count(*) FILTER (WHERE correct) / nullif(count(*), 0), 3) AS "recall %"
FROM j;

\echo '  scoring: households planted with moderate signals in several departments, and how many the list found'
SELECT count(*) FILTER (WHERE h.planted) AS households_planted,
       count(*) FILTER (WHERE h.planted AND s.listed) AS planted_found,
       round(100.0 * count(*) FILTER (WHERE h.planted AND s.listed) / nullif(count(*) FILTER (WHERE h.planted), 0), 1)
         AS "found %",
       (SELECT count(*) FROM aidlink.household_scores x WHERE x.month = :'m' AND x.listed) AS listed,
       count(*) FILTER (WHERE s.listed AND h.hardship > 0) AS listed_in_hardship,
       count(*) FILTER (WHERE s.listed AND NOT h.planted AND h.hardship = 0) AS listed_neither
FROM city_truth.household h
LEFT JOIN aidlink.household_scores s ON s.month = :'m' AND s.household_no = h.hh
WHERE h.in_register;

\echo '  aid: the minimum living allowance recomputed from the truth (rolls in force, members registered, the demo''s incomes)'
WITH due AS (SELECT * FROM cycle_demo.allowance_due_by_truth(:'m')),
paid AS (
    SELECT p.household_no, sum(p.amount) AS amount FROM aidlink.aid_payments p
    WHERE p.run_id = (SELECT (detail ->> 'run_id')::bigint FROM aidlink.cycle_stages WHERE cycle_id = :c AND stage = 'aid')
      AND p.benefit = 'minimum living allowance'
    GROUP BY 1)
SELECT count(*) FILTER (WHERE d.amount > 0) AS households_due, coalesce(sum(d.amount), 0) AS due_by_truth,
       (SELECT count(*) FROM paid) AS households_paid, coalesce((SELECT sum(amount) FROM paid), 0) AS paid,
       count(*) FILTER (WHERE coalesce(d.amount, 0) <> coalesce(p.amount, 0)) AS households_differing
FROM due d FULL JOIN paid p ON p.household_no = d.household_no;
