-- 01_catalogue.sql — what the catalogue promises about aidlink's SQL API.
--
-- Every function, type, operator, operator class, cast, aggregate and table of
-- extension/aidlink--0.1.sql, with the properties the planner and users rely
-- on: volatility, strictness, parallel safety, comments, default btree and
-- hash operator classes with their optional support functions, hashable and
-- mergeable equality, pass-by-value storage, binary I/O, parallel-safe
-- min/max with a combine function.  Run with pg_prove in a fresh database.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
-- The plan grows with the jobs' own lists (test/pgtap/catalogue/*.sql), so
-- the count is checked by finish() rather than fixed here.
SELECT * FROM no_plan();

---------------------------------------------------------------------------
-- The extension, its schema and its types
---------------------------------------------------------------------------
SELECT has_extension('aidlink', 'aidlink', 'extension aidlink is installed in schema aidlink');
SELECT has_schema('aidlink', 'schema aidlink exists');
SELECT has_type('aidlink', 'resident_id', 'type aidlink.resident_id exists');
SELECT has_type('aidlink', 'uscc', 'type aidlink.uscc exists');
SELECT has_type('aidlink', 'org_code', 'type aidlink.org_code exists');

---------------------------------------------------------------------------
-- Every function: name, argument types, result type, volatility.  All are
-- STRICT; all but resident_id_is_plausible (which reads current_date) are
-- IMMUTABLE.
---------------------------------------------------------------------------
CREATE TEMP TABLE api (fn name, args name[], ret text, vol text,
                       strict boolean DEFAULT true, parallel "char" DEFAULT 's') ON COMMIT DROP;
INSERT INTO api VALUES
    -- resident_id: I/O
    ('resident_id_in', '{cstring}', 'resident_id', 'immutable'),
    ('resident_id_out', '{resident_id}', 'cstring', 'immutable'),
    ('resident_id_recv', '{internal}', 'resident_id', 'immutable'),
    ('resident_id_send', '{resident_id}', 'bytea', 'immutable'),
    -- resident_id: comparison, hashing, min/max support
    ('resident_id_eq', '{resident_id,resident_id}', 'boolean', 'immutable'),
    ('resident_id_ne', '{resident_id,resident_id}', 'boolean', 'immutable'),
    ('resident_id_lt', '{resident_id,resident_id}', 'boolean', 'immutable'),
    ('resident_id_le', '{resident_id,resident_id}', 'boolean', 'immutable'),
    ('resident_id_gt', '{resident_id,resident_id}', 'boolean', 'immutable'),
    ('resident_id_ge', '{resident_id,resident_id}', 'boolean', 'immutable'),
    ('resident_id_cmp', '{resident_id,resident_id}', 'integer', 'immutable'),
    ('resident_id_sortsupport', '{internal}', 'void', 'immutable'),
    ('resident_id_equalimage', '{oid}', 'boolean', 'immutable'),
    ('resident_id_hash', '{resident_id}', 'integer', 'immutable'),
    ('resident_id_hash_extended', '{resident_id,bigint}', 'bigint', 'immutable'),
    ('resident_id_smaller', '{resident_id,resident_id}', 'resident_id', 'immutable'),
    ('resident_id_larger', '{resident_id,resident_id}', 'resident_id', 'immutable'),
    -- resident_id: casts and conversions
    ('resident_id', '{text}', 'resident_id', 'immutable'),
    ('resident_id_to_text', '{resident_id}', 'text', 'immutable'),
    ('resident_id', '{bigint}', 'resident_id', 'immutable'),
    ('resident_id_to_bigint', '{resident_id}', 'bigint', 'immutable'),
    ('to_resident_id', '{text}', 'resident_id', 'immutable'),
    ('resident_id_problem', '{text}', 'text', 'immutable'),
    -- resident_id: what a number says
    ('resident_id_birth_date', '{resident_id}', 'date', 'immutable'),
    ('resident_id_sex', '{resident_id}', 'text', 'immutable'),
    ('resident_id_region', '{resident_id}', 'text', 'immutable'),
    ('resident_id_age', '{resident_id,date}', 'integer', 'immutable'),
    ('resident_id_mask', '{resident_id}', 'text', 'immutable'),
    ('resident_id_legacy15', '{resident_id}', 'text', 'immutable'),
    ('resident_id_from_parts', '{text,date,integer}', 'resident_id', 'immutable'),
    ('resident_id_plausibility_problem', '{resident_id,date}', 'text', 'immutable'),
    ('resident_id_is_plausible', '{resident_id}', 'boolean', 'stable'),
    -- org_code
    ('org_code_in', '{cstring}', 'org_code', 'immutable'),
    ('org_code_out', '{org_code}', 'cstring', 'immutable'),
    ('org_code_recv', '{internal}', 'org_code', 'immutable'),
    ('org_code_send', '{org_code}', 'bytea', 'immutable'),
    ('org_code_eq', '{org_code,org_code}', 'boolean', 'immutable'),
    ('org_code_ne', '{org_code,org_code}', 'boolean', 'immutable'),
    ('org_code_lt', '{org_code,org_code}', 'boolean', 'immutable'),
    ('org_code_le', '{org_code,org_code}', 'boolean', 'immutable'),
    ('org_code_gt', '{org_code,org_code}', 'boolean', 'immutable'),
    ('org_code_ge', '{org_code,org_code}', 'boolean', 'immutable'),
    ('org_code_cmp', '{org_code,org_code}', 'integer', 'immutable'),
    ('org_code_sortsupport', '{internal}', 'void', 'immutable'),
    ('org_code_equalimage', '{oid}', 'boolean', 'immutable'),
    ('org_code_hash', '{org_code}', 'integer', 'immutable'),
    ('org_code_hash_extended', '{org_code,bigint}', 'bigint', 'immutable'),
    ('org_code_smaller', '{org_code,org_code}', 'org_code', 'immutable'),
    ('org_code_larger', '{org_code,org_code}', 'org_code', 'immutable'),
    ('org_code', '{text}', 'org_code', 'immutable'),
    ('org_code_to_text', '{org_code}', 'text', 'immutable'),
    ('to_org_code', '{text}', 'org_code', 'immutable'),
    ('org_code_problem', '{text}', 'text', 'immutable'),
    -- uscc
    ('uscc_in', '{cstring}', 'uscc', 'immutable'),
    ('uscc_out', '{uscc}', 'cstring', 'immutable'),
    ('uscc_recv', '{internal}', 'uscc', 'immutable'),
    ('uscc_send', '{uscc}', 'bytea', 'immutable'),
    ('uscc_eq', '{uscc,uscc}', 'boolean', 'immutable'),
    ('uscc_ne', '{uscc,uscc}', 'boolean', 'immutable'),
    ('uscc_lt', '{uscc,uscc}', 'boolean', 'immutable'),
    ('uscc_le', '{uscc,uscc}', 'boolean', 'immutable'),
    ('uscc_gt', '{uscc,uscc}', 'boolean', 'immutable'),
    ('uscc_ge', '{uscc,uscc}', 'boolean', 'immutable'),
    ('uscc_cmp', '{uscc,uscc}', 'integer', 'immutable'),
    ('uscc_sortsupport', '{internal}', 'void', 'immutable'),
    ('uscc_equalimage', '{oid}', 'boolean', 'immutable'),
    ('uscc_hash', '{uscc}', 'integer', 'immutable'),
    ('uscc_hash_extended', '{uscc,bigint}', 'bigint', 'immutable'),
    ('uscc_smaller', '{uscc,uscc}', 'uscc', 'immutable'),
    ('uscc_larger', '{uscc,uscc}', 'uscc', 'immutable'),
    ('uscc', '{text}', 'uscc', 'immutable'),
    ('uscc_to_text', '{uscc}', 'text', 'immutable'),
    ('uscc_org_code', '{uscc}', 'org_code', 'immutable'),
    ('to_uscc', '{text}', 'uscc', 'immutable'),
    ('uscc_problem', '{text}', 'text', 'immutable'),
    ('uscc_region', '{uscc}', 'text', 'immutable'),
    ('uscc_authority', '{uscc}', 'text', 'immutable'),
    ('uscc_entity_type', '{uscc}', 'text', 'immutable'),
    -- names (0.2; their own promises are in 04_names.sql)
    ('name_fold', '{text}', 'text', 'immutable'),
    ('name_pinyin', '{text}', 'text', 'immutable'),
    ('name_surname', '{text}', 'text', 'immutable'),
    ('name_given', '{text}', 'text', 'immutable'),
    ('name_jaro_winkler', '{text,text}', 'double precision', 'immutable'),
    ('name_edit_distance', '{text,text}', 'integer', 'immutable'),
    ('name_sounds_alike', '{text,text}', 'boolean', 'immutable'),
    ('name_comparison_level', '{text,text,double precision}', 'text', 'immutable');
-- record linkage (0.2): reading typed numbers and evidence
INSERT INTO api VALUES
    ('resident_id_input_form', '{text}', 'text', 'immutable', true, 's'),
    ('resident_id_repair_candidates', '{text}', 'setof record', 'immutable', true, 's'),
    ('to_birth_date', '{text}', 'date', 'immutable', true, 's'),
    ('to_sex', '{text}', 'text', 'immutable', false, 's'),
    ('link_method_of_form', '{text}', 'text', 'immutable', true, 's'),
    ('link_edit_touches_birth_date', '{text}', 'boolean', 'immutable', true, 's'),
    ('link_names_agree', '{text,text,boolean}', 'boolean', 'immutable', true, 's'),
    ('resident_id_is_number_shaped', '{text}', 'boolean', 'immutable', true, 's'),
    ('resident_id_typed_birth_date', '{text}', 'date', 'immutable', true, 's'),
    ('resident_id_typed_sex', '{text}', 'text', 'immutable', true, 's'),
    ('resident_id_typed_distance', '{text,resident_id}', 'integer', 'immutable', true, 's'),
    ('id_number_comparison_level', '{text,resident_id}', 'text', 'immutable', false, 's'),
    -- comparison levels: NULL in, NULL out (the SQL ones are not STRICT so
    -- that the planner inlines them; the one in C is)
    ('birth_date_comparison_level', '{date,date}', 'text', 'immutable', true, 's'),
    ('match_weight_defaults', '{}', 'setof record', 'immutable', false, 's'),
    ('exact_comparison_level', '{text,text}', 'text', 'immutable', false, 's'),
    ('address_comparison_level', '{text,text}', 'text', 'immutable', true, 's'),
    -- the probabilistic step's pair weights (C): the weights come from the caller
    ('match_weight_slots', '{}', 'setof record', 'immutable', true, 's'),
    ('evidence_pair_weight', '{double precision[],double precision,double precision,boolean,boolean,text,resident_id,text,text,double precision,date,date,text,text,text,text,text,text}', 'double precision', 'immutable', false, 's'),
    -- reading the linkage's tables
    ('source_columns', '{link_sources}', 'setof record', 'stable', false, 's'),
    ('match_weight_terms', '{text,resident_id,text,text,date,date,text,text,text,text,text,text}', 'setof record', 'stable', false, 's'),
    ('link_prior_weight', '{link_thresholds}', 'double precision', 'stable', false, 's'),
    ('person_known_contacts', '{resident_id,text,text}', 'record', 'stable', false, 's'),
    ('link_report', '{bigint}', 'setof record', 'stable', false, 's'),
    ('link_report', '{}', 'setof record', 'stable', false, 's'),
    ('explain_link', '{text,text,resident_id}', 'setof record', 'stable', false, 's'),
    ('person_household', '{resident_id}', 'text', 'stable', true, 's'),
    -- writing them: VOLATILE and PARALLEL UNSAFE
    ('link_progress', '{text,bigint}', 'boolean', 'volatile', true, 'r'),
    ('link_numbers_in_bulk', '{text,bigint,boolean,text,bigint}', 'bigint', 'volatile', true, 'u'),
    ('link_stage_changed_rows', '{text,text,boolean,boolean,text,bigint}', 'record', 'volatile', true, 'u'),
    ('link_stage_wanted', '{text,bigint}', 'boolean', 'volatile', false, 'u'),
    ('link_row_hash', '{"\"any\""}', 'bigint', 'immutable', false, 's'),
    ('register_source', '{text,regclass,text,text,text,text,text,text,text,text,boolean}', 'link_sources', 'volatile', false, 'u'),
    ('unregister_source', '{text}', 'void', 'volatile', true, 'u'),
    ('link_drop_work_tables', '{text[]}', 'void', 'volatile', false, 'u'),
    ('link_source', '{text,boolean}', 'bigint', 'volatile', false, 'u'),
    ('link_by_evidence', '{text,bigint,link_thresholds}', 'bigint', 'volatile', false, 'u'),
    ('count_match_levels_u', '{integer}', 'bigint', 'volatile', false, 'u'),
    ('estimate_match_weights', '{}', 'bigint', 'volatile', false, 'u'),
    ('keep_shipped_rows', '{}', 'trigger', 'volatile', false, 'u'),
    ('record_outside_rows', '{text,bigint}', 'bigint', 'volatile', false, 'u'),
    ('cluster_outside_persons', '{}', 'bigint', 'volatile', false, 'u'),
    ('connected_components', '{bigint[],bigint[]}', 'setof record', 'immutable', true, 's');

-- Procedures and aggregates, listed like the functions.
CREATE TEMP TABLE api_procedures (signature text) ON COMMIT DROP;
INSERT INTO api_procedures VALUES ('link_all(boolean)');
CREATE TEMP TABLE api_aggregates (fn name, arg name, ret text) ON COMMIT DROP;
-- aggregates of several arguments, by signature (aidlink.signal_score_agg)
CREATE TEMP TABLE api_aggregates_multi (signature text) ON COMMIT DROP;
INSERT INTO api_aggregates VALUES ('min', 'resident_id', 'resident_id'), ('max', 'resident_id', 'resident_id'),
    ('min', 'uscc', 'uscc'), ('max', 'uscc', 'uscc'), ('min', 'org_code', 'org_code'), ('max', 'org_code', 'org_code');

-- Each later job lists its own functions, procedures and aggregates in a
-- file of its own, into the same three tables.
\ir catalogue/40_scoring.sql
\ir catalogue/50_aid.sql
\ir catalogue/60_certificates.sql
\ir catalogue/70_pairing.sql
\ir catalogue/80_privacy.sql
\ir catalogue/90_cycle.sql
\ir catalogue/95_shards.sql

-- every listed function x 4 tests (the table scan returns them in insertion order).
SELECT has_function('aidlink', fn, args,
                    format('function aidlink.%s(%s) exists', fn, array_to_string(args, ', ')))
  FROM api;
SELECT function_returns('aidlink', fn, args, ret,
                        format('aidlink.%s(%s) returns %s', fn, array_to_string(args, ', '), ret))
  FROM api;
SELECT volatility_is('aidlink', fn, args, vol,
                     format('aidlink.%s(%s) is %s', fn, array_to_string(args, ', '), upper(vol)))
  FROM api;
SELECT CASE WHEN strict
            THEN is_strict('aidlink', fn, args,
                           format('aidlink.%s(%s) is STRICT', fn, array_to_string(args, ', ')))
            ELSE isnt_strict('aidlink', fn, args,
                             format('aidlink.%s(%s) is not STRICT', fn, array_to_string(args, ', ')))
       END
  FROM api;

-- The list above is the whole API: no function of the schema is missing
-- from it, so the tests above cover every function.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prokind = 'f'
       AND NOT EXISTS (SELECT 1 FROM pg_temp.api a
                        WHERE a.fn = p.proname
                          AND p.proargtypes = array_to_string(a.args::regtype[]::oid[], ' ')::oidvector)
$$, 'every plain function of schema aidlink is listed in this test');

-- Aggregates: min and max for each type, and the jobs' own.
SELECT is_aggregate('aidlink', fn, ARRAY[arg], format('aidlink.%s(%s) is an aggregate', fn, arg))
  FROM api_aggregates;
SELECT function_returns('aidlink', fn, ARRAY[arg], ret, format('aidlink.%s(%s) returns %s', fn, arg, ret))
  FROM api_aggregates;
SELECT ok(EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                   WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prokind = 'a'
                     AND format('%s(%s)', p.proname, replace(oidvectortypes(p.proargtypes), ', ', ',')) = signature),
          format('aidlink.%s is an aggregate', signature))
  FROM api_aggregates_multi;

---------------------------------------------------------------------------
-- Parallel safety and volatility over the whole schema (plain queries, so a
-- function added later is held to the same rule)
---------------------------------------------------------------------------
SELECT is_empty($$
    SELECT p.oid::regprocedure::text || ' is ' || p.proparallel::text
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prokind <> 'p'
       AND p.proparallel <> coalesce((SELECT a.parallel FROM pg_temp.api a
                                      WHERE a.fn = p.proname
                                        AND p.proargtypes = array_to_string(a.args::regtype[]::oid[], ' ')::oidvector),
                                     's')
$$, 'every function of schema aidlink (aggregates included) is PARALLEL SAFE, except the linkage''s writers (unsafe) and its progress counter (restricted)');

SELECT set_eq($$
    SELECT p.oid::regprocedure::text, p.provolatile::text
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'aidlink'::regnamespace AND p.provolatile <> 'i' AND p.prokind = 'f'
$$, $$ SELECT format('%s(%s)', fn, array_to_string(args::regtype[]::text[], ',')), left(vol, 1)
         FROM pg_temp.api WHERE vol <> 'immutable' $$,
  'the functions that are not IMMUTABLE are exactly those listed so: resident_id_is_plausible (it reads current_date), those that read aidlink''s tables (STABLE) and those that write them (VOLATILE)');

SELECT set_eq($$ SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
                  WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prokind = 'p' $$,
              $$ SELECT signature FROM pg_temp.api_procedures $$,
              'the procedures (they commit as they go) are exactly those listed');

SELECT is((SELECT provolatile::text FROM pg_catalog.pg_proc
            WHERE oid = 'aidlink.resident_id_is_plausible(aidlink.resident_id)'::regprocedure),
          's', 'resident_id_is_plausible is STABLE (it reads current_date)');

---------------------------------------------------------------------------
-- Comments: every member of the extension, found through pg_depend, has one
---------------------------------------------------------------------------
CREATE TEMP TABLE members ON COMMIT DROP AS
SELECT d.classid, d.objid, d.objsubid,
       d.classid::regclass::text AS catalog,
       pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS what
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_extension e
    ON d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = e.oid
 WHERE e.extname = 'aidlink' AND d.deptype = 'e';

SELECT set_eq($$ SELECT DISTINCT catalog FROM pg_temp.members $$,
              ARRAY['pg_proc', 'pg_type', 'pg_operator', 'pg_opclass', 'pg_opfamily', 'pg_cast', 'pg_class'],
              'the extension has members of every kind: functions, types, operators, operator classes and families, casts, tables');

SELECT is((SELECT count(*) FROM pg_temp.members WHERE catalog = 'pg_proc'),
          (SELECT count(*) FROM pg_temp.api) + (SELECT count(*) FROM pg_temp.api_procedures)
            + (SELECT count(*) FROM pg_temp.api_aggregates) + (SELECT count(*) FROM pg_temp.api_aggregates_multi),
          'the extension owns exactly the functions, procedures and aggregates listed');

SELECT is_empty($$
    SELECT m.what FROM pg_temp.members m
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_description c
                        WHERE c.classoid = m.classid AND c.objoid = m.objid
                          AND c.objsubid = m.objsubid
                          AND btrim(c.description) <> '')
$$, 'every member of the extension has a comment');

SELECT is_empty($$
    SELECT a.attrelid::regclass::text || '.' || a.attname
      FROM pg_temp.members m
      JOIN pg_catalog.pg_attribute a ON m.catalog = 'pg_class' AND a.attrelid = m.objid
     WHERE a.attnum > 0 AND NOT a.attisdropped
       AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = a.attrelid) <> 'S'
       AND col_description(a.attrelid, a.attnum) IS NULL
$$, 'every column of the extension''s tables and views has a comment');

-- And nothing in schema aidlink escapes the extension (so the comment check
-- above sees the whole schema).
SELECT is_empty($$
    SELECT 'function ' || p.oid::regprocedure::text FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'aidlink'::regnamespace
       AND p.oid NOT IN (SELECT objid FROM pg_temp.members WHERE catalog = 'pg_proc')
    UNION ALL
    SELECT 'type ' || t.oid::regtype::text FROM pg_catalog.pg_type t
     WHERE t.typnamespace = 'aidlink'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
       AND t.oid NOT IN (SELECT objid FROM pg_temp.members WHERE catalog = 'pg_type')
    UNION ALL
    SELECT 'operator ' || o.oid::regoperator::text FROM pg_catalog.pg_operator o
     WHERE o.oprnamespace = 'aidlink'::regnamespace
       AND o.oid NOT IN (SELECT objid FROM pg_temp.members WHERE catalog = 'pg_operator')
    UNION ALL
    SELECT 'table ' || c.oid::regclass::text FROM pg_catalog.pg_class c
     WHERE c.relnamespace = 'aidlink'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       AND c.oid NOT IN (SELECT objid FROM pg_temp.members WHERE catalog = 'pg_class')
$$, 'every function, type, operator and table in schema aidlink belongs to the extension');

---------------------------------------------------------------------------
-- Operators
---------------------------------------------------------------------------
SELECT has_operator(t, 'aidlink', op, t, 'boolean',
                    format('operator aidlink.%s (%s, %s) returns boolean', op, t, t))
  FROM unnest(ARRAY['resident_id', 'uscc', 'org_code', 'bracket_schedule', 'signal_set']) WITH ORDINALITY AS ty(t, i),
       unnest(ARRAY['=', '<>', '<', '<=', '>', '>=']) WITH ORDINALITY AS o(op, j)
 ORDER BY i, j;

SELECT hasnt_leftop(op, t, format('no prefix operator %s %s (ids are not numbers)', op, t))
  FROM unnest(ARRAY['resident_id', 'uscc', 'org_code']) WITH ORDINALITY AS ty(t, i),
       unnest(ARRAY['-', '~']) WITH ORDINALITY AS o(op, j)
 ORDER BY i, j;

SELECT is_empty($$
    SELECT oid::regoperator::text FROM pg_catalog.pg_operator
     WHERE oprnamespace = 'aidlink'::regnamespace AND oprkind <> 'b'
$$, 'every operator of schema aidlink is binary');

-- = hashes and merges, and is its own commutator with <> as negator.
SELECT set_eq($$
    SELECT format_type(o.oprleft, NULL) AS typ, o.oprcanhash, o.oprcanmerge,
           o.oprcom = o.oid AS self_commutator,
           (SELECT n.oprname FROM pg_catalog.pg_operator n WHERE n.oid = o.oprnegate) AS negator,
           o.oprrest::text AS rest, o.oprjoin::text AS join_sel
      FROM pg_catalog.pg_operator o
     WHERE o.oprnamespace = 'aidlink'::regnamespace AND o.oprname = '='
$$, $$ VALUES ('resident_id', true, true, true, '<>'::name, 'eqsel', 'eqjoinsel'),
              ('uscc',        true, true, true, '<>'::name, 'eqsel', 'eqjoinsel'),
              ('org_code',    true, true, true, '<>'::name, 'eqsel', 'eqjoinsel'),
              ('bracket_schedule', true, true, true, '<>'::name, 'eqsel', 'eqjoinsel'),
              ('signal_set', true, true, true, '<>'::name, 'eqsel', 'eqjoinsel') $$,
'= of each type is HASHES and MERGES, commutes with itself, negates to <>, estimates with eqsel/eqjoinsel');

-- Every comparison operator has the right commutator and negator.
SELECT set_eq($$
    SELECT format_type(o.oprleft, NULL) AS typ, o.oprname AS op,
           (SELECT c.oprname FROM pg_catalog.pg_operator c
             WHERE c.oid = o.oprcom AND c.oprleft = o.oprleft AND c.oprright = o.oprright) AS com,
           (SELECT n.oprname FROM pg_catalog.pg_operator n
             WHERE n.oid = o.oprnegate AND n.oprleft = o.oprleft AND n.oprright = o.oprright) AS neg
      FROM pg_catalog.pg_operator o
     WHERE o.oprnamespace = 'aidlink'::regnamespace
$$, $$ SELECT t, op::name, com::name, neg::name
         FROM unnest(ARRAY['resident_id', 'uscc', 'org_code', 'bracket_schedule', 'signal_set']) t,
              (VALUES ('=', '=', '<>'), ('<>', '<>', '='), ('<', '>', '>='),
                      ('<=', '>=', '>'), ('>', '<', '<='), ('>=', '<=', '<')) v(op, com, neg) $$,
'every operator has its commutator and negator on the same type');

SELECT is_empty($$
    SELECT oid::regoperator::text FROM pg_catalog.pg_operator
     WHERE oprnamespace = 'aidlink'::regnamespace
       AND (oprrest = 0 OR oprjoin = 0)
$$, 'every operator has restriction and join selectivity estimators');

SELECT is_empty($$
    SELECT o.oid::regoperator::text FROM pg_catalog.pg_operator o
      JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode
     WHERE o.oprnamespace = 'aidlink'::regnamespace AND NOT p.proleakproof
$$, 'every operator''s function is LEAKPROOF (usable under row-level security)');

---------------------------------------------------------------------------
-- Operator classes and families
---------------------------------------------------------------------------
SELECT has_opclass('aidlink', c, format('operator class aidlink.%s exists', c))
  FROM unnest(ARRAY['resident_id_ops', 'uscc_ops', 'org_code_ops', 'bracket_schedule_ops', 'signal_set_ops']) c;

SELECT set_eq($$
    SELECT format_type(c.opcintype, NULL), a.amname::text
      FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
     WHERE c.opcdefault
       AND c.opcintype IN ('aidlink.resident_id'::regtype, 'aidlink.uscc'::regtype, 'aidlink.org_code'::regtype,
                           'aidlink.bracket_schedule'::regtype, 'aidlink.signal_set'::regtype)
$$, $$ VALUES ('resident_id', 'btree'), ('resident_id', 'hash'),
              ('uscc', 'btree'), ('uscc', 'hash'),
              ('org_code', 'btree'), ('org_code', 'hash'),
              ('bracket_schedule', 'btree'), ('bracket_schedule', 'hash'),
              ('signal_set', 'btree'), ('signal_set', 'hash') $$,
'each type has a default btree and a default hash operator class');

SELECT set_eq($$
    SELECT format_type(p.amproclefttype, NULL), a.amname::text, p.amprocnum::int
      FROM pg_catalog.pg_opfamily f
      JOIN pg_catalog.pg_am a ON a.oid = f.opfmethod
      JOIN pg_catalog.pg_amproc p ON p.amprocfamily = f.oid
     WHERE f.opfnamespace = 'aidlink'::regnamespace
       AND p.amproclefttype = p.amprocrighttype
$$, $$ SELECT t, am, n
         FROM unnest(ARRAY['resident_id', 'uscc', 'org_code', 'bracket_schedule', 'signal_set']) t,
              (VALUES ('btree', 1), ('btree', 2), ('btree', 4), ('hash', 1), ('hash', 2)) v(am, n) $$,
'btree families have support 1 (cmp), 2 (sortsupport), 4 (equalimage); hash families 1 (hash) and 2 (extended hash)');

SELECT set_eq($$
    SELECT format_type(o.amoplefttype, NULL), a.amname::text, o.amopstrategy::int, op.oprname::text
      FROM pg_catalog.pg_opfamily f
      JOIN pg_catalog.pg_am a ON a.oid = f.opfmethod
      JOIN pg_catalog.pg_amop o ON o.amopfamily = f.oid
      JOIN pg_catalog.pg_operator op ON op.oid = o.amopopr
     WHERE f.opfnamespace = 'aidlink'::regnamespace
$$, $$ SELECT t, am, n, op
         FROM unnest(ARRAY['resident_id', 'uscc', 'org_code', 'bracket_schedule', 'signal_set']) t,
              (VALUES ('btree', 1, '<'), ('btree', 2, '<='), ('btree', 3, '='),
                      ('btree', 4, '>='), ('btree', 5, '>'), ('hash', 1, '=')) v(am, n, op) $$,
'btree strategies 1-5 are < <= = >= >, hash strategy 1 is =');

SELECT is((SELECT count(*) FROM pg_catalog.pg_opclass WHERE opcnamespace = 'aidlink'::regnamespace),
          10::bigint, 'ten operator classes (btree and hash for each of the five types)');

SELECT is_empty($$
    SELECT c.opcname || ' USING ' || a.amname
      FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
     WHERE c.opcnamespace = 'aidlink'::regnamespace AND NOT amvalidate(c.oid)
$$, 'amvalidate() accepts every operator class of the extension');

---------------------------------------------------------------------------
-- Casts
---------------------------------------------------------------------------
CREATE TEMP TABLE casts (src name, dst name, fn name, ctx text) ON COMMIT DROP;
INSERT INTO casts VALUES
    ('text', 'resident_id', 'resident_id', 'explicit'),
    ('resident_id', 'text', 'resident_id_to_text', 'assignment'),
    ('bigint', 'resident_id', 'resident_id', 'explicit'),
    ('resident_id', 'bigint', 'resident_id_to_bigint', 'explicit'),
    ('text', 'uscc', 'uscc', 'explicit'),
    ('uscc', 'text', 'uscc_to_text', 'assignment'),
    ('uscc', 'org_code', 'uscc_org_code', 'explicit'),
    ('text', 'org_code', 'org_code', 'explicit'),
    ('org_code', 'text', 'org_code_to_text', 'assignment');

SELECT has_cast(src, dst, 'aidlink', fn, format('cast (%s AS %s) WITH FUNCTION aidlink.%s', src, dst, fn))
  FROM casts;
SELECT cast_context_is(src, dst, ctx, format('cast (%s AS %s) is %s', src, dst, ctx))
  FROM casts;

SELECT is((SELECT count(*) FROM pg_catalog.pg_cast c
            WHERE c.castsource IN ('aidlink.resident_id'::regtype, 'aidlink.uscc'::regtype, 'aidlink.org_code'::regtype)
               OR c.casttarget IN ('aidlink.resident_id'::regtype, 'aidlink.uscc'::regtype, 'aidlink.org_code'::regtype)),
          9::bigint, 'exactly the nine casts above involve the types (no implicit extras)');

---------------------------------------------------------------------------
-- Storage and binary I/O of the types
---------------------------------------------------------------------------
SELECT set_eq($$
    SELECT typname::text, typlen::int, typbyval, typalign::text, typstorage::text
      FROM pg_catalog.pg_type
     WHERE oid IN ('aidlink.resident_id'::regtype, 'aidlink.uscc'::regtype, 'aidlink.org_code'::regtype)
$$, $$ SELECT * FROM (VALUES
        -- int8's typbyval is true exactly on 64-bit builds
        ('resident_id', 8, (SELECT typbyval FROM pg_catalog.pg_type WHERE oid = 'int8'::regtype), 'd', 'p'),
        ('org_code',    8, (SELECT typbyval FROM pg_catalog.pg_type WHERE oid = 'int8'::regtype), 'd', 'p'),
        ('uscc',       16, false, 'c', 'p')) v $$,
'resident_id and org_code are 8 bytes like int8, uscc 16 bytes by reference');

SELECT ok((SELECT bool_and(typbyval) FROM pg_catalog.pg_type
            WHERE oid IN ('aidlink.resident_id'::regtype, 'aidlink.org_code'::regtype))
          OR (SELECT NOT typbyval FROM pg_catalog.pg_type WHERE oid = 'int8'::regtype),
          'on a 64-bit build resident_id and org_code are passed by value');

SELECT set_eq($$
    SELECT typname::text, typinput::text, typoutput::text, typreceive::text, typsend::text, typarray <> 0
      FROM pg_catalog.pg_type
     WHERE oid IN ('aidlink.resident_id'::regtype, 'aidlink.uscc'::regtype, 'aidlink.org_code'::regtype)
$$, $$ VALUES
    ('resident_id', 'resident_id_in', 'resident_id_out', 'resident_id_recv', 'resident_id_send', true),
    ('uscc', 'uscc_in', 'uscc_out', 'uscc_recv', 'uscc_send', true),
    ('org_code', 'org_code_in', 'org_code_out', 'org_code_recv', 'org_code_send', true) $$,
'each type has its input, output, receive and send functions, and an array type');

---------------------------------------------------------------------------
-- min/max aggregates: combine function, sort operator, parallel safe
---------------------------------------------------------------------------
SELECT set_eq($$
    SELECT p.proname::text AS f, format_type(p.proargtypes[0], NULL) AS t,
           a.aggtransfn::text AS sfunc, a.aggcombinefn::text AS combinefunc,
           o.oprname::text AS op, p.proparallel::text AS parallel
      FROM pg_catalog.pg_aggregate a
      JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
      LEFT JOIN pg_catalog.pg_operator o ON o.oid = a.aggsortop
     WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proname IN ('min', 'max')
$$, $$ SELECT f, t, t || sfx AS sfunc, t || sfx AS combinefunc, op, 's' AS parallel
         FROM unnest(ARRAY['resident_id', 'uscc', 'org_code']) t,
              (VALUES ('min', '_smaller', '<'), ('max', '_larger', '>')) v(f, sfx, op) $$,
'min and max of each type: combine function, sort operator, PARALLEL SAFE');

---------------------------------------------------------------------------
-- Reference tables
---------------------------------------------------------------------------
SELECT has_table('aidlink', 'uscc_authorities', 'table aidlink.uscc_authorities exists');
SELECT has_table('aidlink', 'uscc_entity_types', 'table aidlink.uscc_entity_types exists');
SELECT col_is_pk('aidlink', 'uscc_authorities', 'authority', 'uscc_authorities is keyed by authority');
SELECT col_is_pk('aidlink', 'uscc_entity_types', 'entity_type', 'uscc_entity_types is keyed by entity_type');
SELECT ok(has_table_privilege('public', 'aidlink.uscc_authorities', 'SELECT')
          AND has_table_privilege('public', 'aidlink.uscc_entity_types', 'SELECT')
          AND has_schema_privilege('public', 'aidlink', 'USAGE'),
          'PUBLIC may use schema aidlink and read its reference tables');

-- pg_dump keeps the rows of every table of the extension, except the
-- catalogues the install script writes itself (a DBA does not edit them)
SELECT is_empty($$
    SELECT c.relname::text
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                                 AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
      JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'aidlink'
     WHERE c.relkind IN ('r', 'p', 'S')
       AND NOT c.oid = ANY (coalesce(e.extconfig, '{}'))
       AND c.relname NOT IN ('uscc_authorities', 'uscc_entity_types', 'aid_rule_kinds')
$$, 'every table and sequence of the extension is dumped by pg_dump (pg_extension_config_dump), except its own catalogues');

-- No SQL or PL/pgSQL body resolves a name through the caller's search_path:
-- each is bound when created (RETURN / BEGIN ATOMIC) or runs with SET
-- search_path; link_all and the monthly cycle's procedures (a procedure
-- that commits cannot take SET) and resident_id_is_plausible call only
-- schema-qualified names.
SELECT set_eq($$
    SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proconfig IS NULL AND p.prosqlbody IS NULL
       AND p.prolang IN (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname IN ('sql', 'plpgsql'))
$$, ARRAY['link_all(boolean)', 'resident_id_is_plausible(resident_id)',
         -- the monthly cycle's procedures commit between stages (issue 7)
         'cycle_link(date,bigint)', 'cycle_score(date,bigint)', 'cycle_aid(date,bigint)',
         'cycle_certificates(date,bigint)', 'run_monthly_cycle(date,text[])'],
'every SQL and PL/pgSQL function of schema aidlink is bound at creation or has a fixed search_path, but for the procedures that commit and one function, which call only qualified names');

SELECT * FROM finish();
ROLLBACK;
