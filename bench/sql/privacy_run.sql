-- bench/sql/privacy_run.sql — the timed queries of bench/privacy: a keyed
-- pseudonym of every number of bench.people, by aidlink and by what a DBA
-- would write with pgcrypto.  Each answer is the number of distinct tokens.
SET client_min_messages = notice;
SELECT count(*) AS nrows FROM bench.people \gset
CALL bench.measure('privacy',
  ARRAY['aidlink.pseudonym (key read by the function, never an argument)',
        'pgcrypto hmac(), key joined from a table, hex',
        'pgcrypto hmac(), key written in the statement, hex',
        'plain sha256 of the number, hex (no key: reversible)'],
  ARRAY[
$q$SELECT count(DISTINCT aidlink.pseudonym(rid, 'bench')) FROM bench.people$q$,
$q$SELECT count(DISTINCT encode(public.hmac(p.rid::text::bytea, k.secret, 'sha256'), 'hex'))
   FROM bench.people p CROSS JOIN bench.keys k$q$,
$q$SELECT count(DISTINCT encode(public.hmac(rid::text::bytea, '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'::bytea, 'sha256'), 'hex'))
   FROM bench.people$q$,
$q$SELECT count(DISTINCT encode(sha256(rid::text::bytea), 'hex')) FROM bench.people$q$],
  :nrows);
