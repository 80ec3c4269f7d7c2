-- Every aidlink type in a user's tables (sql/user_objects.sql), and what 0.2
-- adds: a DBA's thresholds row and a pseudonym key.  What a dump must give back besides the
-- linkage's tables.
\ir user_objects.sql
INSERT INTO aidlink.link_thresholds (effective_from, accept_probability, review_probability, note)
SELECT '2030-01-01', accept_probability, review_probability, 'set by the DBA for the dump test'
FROM aidlink.link_thresholds ORDER BY effective_from DESC LIMIT 1;
SELECT aidlink.pseudonym_key_create('dump_test', '2020-01-01');
UPDATE public.all_types SET token = aidlink.pseudonym(rid, 'dump_test') WHERE n % 10 = 0 AND rid IS NOT NULL;
-- the shipped thresholds row cannot be edited in place (the extension owns
-- it, so a dump would not keep the change): a DBA adds a later row, as above
