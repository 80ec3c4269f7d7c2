#!/usr/bin/env bash
# test/robustness/dump_restore.sh — pg_dump -Fc and pg_restore of a database
# using every aidlink type and table give back identical data; binary COPY of
# every table (every type, arrays included) round-trips.
#
# Needs PGHOST etc. of a running cluster and RB_CITY_DB, a database made by
# rb_city (test/robustness/run makes it).  Prints ok / not ok lines and
# "dump_restore: N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
: "${RB_CITY_DB:?set RB_CITY_DB to a linked city database}"
work=$(mktemp -d)
chmod 777 "$work"        # the server (user postgres) writes the COPY files here
trap 'rm -rf "$work"' EXIT
src=rb_dump_src
dst=rb_dump_restored

"${rb_psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst"
"${rb_psql[@]}" -d postgres -c "CREATE DATABASE $src TEMPLATE $RB_CITY_DB"
rb_check "every aidlink type in a user table, a partitioned table, a view, a DBA's thresholds, a pseudonym key" \
    "${rb_psql[@]}" -d "$src" -o /dev/null -f "$RB_SQL_DIR/all_types.sql"

# the roles' grants and row-level security policies (made after CREATE
# EXTENSION), a caseworker's community, a key grant
"${rb_psql[@]}" -d "$src" -o /dev/null -c "SELECT aidlink.create_roles()" \
    -c "INSERT INTO aidlink.household_communities SELECT DISTINCT household_no, 'c' || (hashtext(household_no) & 3) FROM aidlink.persons WHERE household_no IS NOT NULL" \
    -c "INSERT INTO aidlink.caseworker_communities VALUES ('aidlink_caseworker', 'c1')" \
    -c "SELECT aidlink.pseudonym_key_grant('dump_test', 'aidlink_admin')"
acl_q="SELECT md5(string_agg(format('%s %s %s', c.relname, c.relacl, c.relrowsecurity), ',' ORDER BY c.relname))
         || ' ' || (SELECT md5(string_agg(format('%s %s %s %s %s', p.polrelid::regclass, p.polname, p.polroles::regrole[],
                                                 pg_get_expr(p.polqual, p.polrelid), p.polcmd), ',' ORDER BY 1))
                    FROM pg_policy p)
       FROM pg_class c WHERE c.relnamespace = 'aidlink'::regnamespace"
seen_q="SET ROLE aidlink_caseworker; SELECT count(*) || ' ' || (SELECT count(*) FROM aidlink.links) FROM aidlink.persons"

# the dump leaves the shipped thresholds row to CREATE EXTENSION: that is
# only safe while nobody can edit it in place
if "${rb_psql[@]}" -d "$src" -c "UPDATE aidlink.link_thresholds SET accept_probability = 0.995 WHERE effective_from = '2000-01-01'" >/dev/null 2>&1; then
    rb_not_ok "the shipped thresholds row (left out of dumps) cannot be edited in place"
else
    rb_ok "the shipped thresholds row (left out of dumps) cannot be edited in place"
fi

# ---- pg_dump -Fc, pg_restore into a new database --------------------------
rb_check "pg_dump -Fc of the database" pg_dump -Fc -f "$work/db.dump" "$src"
"${rb_psql[@]}" -d postgres -c "CREATE DATABASE $dst"
# (not --exit-on-error: a failing table must not hide what the others do)
if pg_restore -d "$dst" "$work/db.dump" 2>"$work/restore.log"; then
    rb_ok "pg_restore into a new database, without an error"
else
    rb_not_ok "pg_restore into a new database, without an error"
    grep -E 'error|ERROR|DETAIL' "$work/restore.log" | head -10 | sed 's/^/#   /'
fi

rb_md5s "$src" "$work/before"
rb_md5s "$dst" "$work/after"
rb_is "the restored database has the same tables" \
    "$(cut -d'|' -f1 "$work/after" | tr '\n' ' ')" "$(cut -d'|' -f1 "$work/before" | tr '\n' ' ')"
tables=0
while IFS='|' read -r tab n md5; do
    tables=$((tables + 1))
    rb_is "restored $tab: $n rows, same md5" "$(grep "^$tab|" "$work/after")" "$tab|$n|$md5"
done <"$work/before"
rb_true "the linkage's tables are filled (links, persons, runs)" "$dst" \
    "SELECT (SELECT count(*) FROM aidlink.links) > 1000 AND (SELECT count(*) FROM aidlink.persons) > 1000
            AND (SELECT count(*) FROM aidlink.link_runs) >= 12"

# roles: pg_dump 15 dumps the grants on an extension's tables but not their
# policies; pg_restore's CREATE EXTENSION finds the roles and makes both
# (extension/0.2/99_roles_at_install.sql), with nothing for the DBA to run
rb_is "right after the restore the privileges, row-level security and policies are those of the source" \
    "$("${rb_psql[@]}" -d "$dst" -c "$acl_q")" "$("${rb_psql[@]}" -d "$src" -c "$acl_q")"
rb_is "and a caseworker sees the same persons and links as before the dump" \
    "$("${rb_psql[@]}" -d "$dst" -c "$seen_q" | tail -1)" "$("${rb_psql[@]}" -d "$src" -c "$seen_q" | tail -1)"
rb_true "the masked explanations run as aidlink_admin and only a report writer may call them" "$dst" \
    "SELECT bool_and(p.proowner = 'aidlink_admin'::regrole AND has_function_privilege('aidlink_reporter', p.oid, 'EXECUTE')
                     AND NOT has_function_privilege('public', p.oid, 'EXECUTE'))
            AND count(*) = 2
     FROM pg_proc p WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proname IN ('explain_link_masked', 'explain_score_masked')"
# a report writer (who may read the city's tables) gets the same masked
# explanations of twenty links in both databases
q="GRANT USAGE ON SCHEMA city TO aidlink_reporter, aidlink_admin;
   GRANT SELECT ON ALL TABLES IN SCHEMA city TO aidlink_reporter, aidlink_admin;
   CREATE TEMP TABLE k AS SELECT source_name, row_key FROM aidlink.links ORDER BY source_name, row_key LIMIT 20;
   GRANT SELECT ON k TO aidlink_reporter;
   SET ROLE aidlink_reporter;
   SELECT count(*) || ' ' || md5(string_agg(e::text, ',' ORDER BY k.source_name, k.row_key, e.step))
   FROM k, aidlink.explain_link(k.source_name, k.row_key) e"
expl_src=$("${rb_psql[@]}" -d "$src" -c "$q" 2>&1 | tail -1)
rb_is "a report writer gets the same masked explanations after the restore ($expl_src)" \
    "$("${rb_psql[@]}" -d "$dst" -c "$q" 2>&1 | tail -1)" "$expl_src"
case $expl_src in
    [1-9]*\ *) rb_ok "... which are not empty" ;;
    *) rb_not_ok "... which are not empty" ;;
esac

# pseudonyms: the keys came back with the dump (so did their privileges)
q="SELECT md5(string_agg(aidlink.pseudonym(rid, 'dump_test') || aidlink.pseudonym(rid, 'dump_test', 1), ',' ORDER BY n)) FROM public.all_types"
rb_is "pseudonyms after the restore are the tokens made before it" \
    "$("${rb_psql[@]}" -d "$dst" -c "$q")" "$("${rb_psql[@]}" -d "$src" -c "$q")"
rb_true "the restored key table is still closed to PUBLIC" "$dst" \
    "SELECT NOT has_table_privilege('public', 'aidlink.pseudonym_keys', 'SELECT')
            AND NOT has_function_privilege('public', 'aidlink.pseudonym(aidlink.resident_id, text)', 'EXECUTE')"

# sequences and behaviour: the next run number, a new run, hash partitions
q="SELECT last_value FROM aidlink.link_runs_run_id_seq"
rb_is "the run number sequence continues where it was" \
    "$("${rb_psql[@]}" -d "$dst" -c "$q")" "$("${rb_psql[@]}" -d "$src" -c "$q")"
q="SELECT aidlink.link_source('zj_weifang') || ' ' || (SELECT md5(string_agg(l::text, ',' ORDER BY row_key)) FROM aidlink.links l WHERE source_name = 'zj_weifang')"
rb_is "a new linkage run after the restore gives the same run number and links as in the original" \
    "$(PGOPTIONS='-c client_min_messages=warning' "${rb_psql[@]}" -d "$dst" -c "$q")" \
    "$(PGOPTIONS='-c client_min_messages=warning' "${rb_psql[@]}" -d "$src" -c "$q")"
rb_true "hash partitions route rows as before the dump" "$dst" \
    "SELECT count(*) = 0 FROM (SELECT tableoid::regclass::text AS p, rid FROM public.by_person) x
     WHERE x.p <> 'by_person_' || (SELECT r FROM generate_series(0, 3) r
            WHERE satisfies_hash_partition('public.by_person'::regclass, 4, r, x.rid))"
rb_true "the user view over aidlink functions is back and answers" "$dst" \
    "SELECT (SELECT masked FROM public.masked WHERE n = 1) = aidlink.resident_id_mask(aidlink.resident_id_from_parts('440103', date '1930-01-08', 1))"
rb_true "indexes on aidlink types are valid and used" "$dst" \
    "SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'public.all_types'::regclass"

# ---- binary COPY of every table -----------------------------------------
"${rb_psql[@]}" -d "$dst" -v dir="$work" >"$work/copy" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.binary_round_trip(dir text) RETURNS TABLE (tab text, n bigint, same boolean)
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    f text := dir || '/copy.bin';
    a text; b text;
BEGIN
    FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
             WHERE s.nspname IN ('aidlink', 'city', 'public') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
             ORDER BY 1::text LOOP
        EXECUTE format('COPY (SELECT * FROM %s) TO %L WITH (FORMAT binary)', r.rel, f);
        EXECUTE format('CREATE TEMP TABLE rt (LIKE %s)', r.rel);
        EXECUTE format('COPY rt FROM %L WITH (FORMAT binary)', f);
        EXECUTE format('SELECT md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM %s x', r.rel) INTO a;
        SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) INTO b FROM rt x;
        tab := r.rel::text;
        SELECT count(*) INTO n FROM rt;
        same := a = b;
        DROP TABLE rt;
        RETURN NEXT;
    END LOOP;
END $$;
SELECT tab || '|' || n || '|' || same FROM pg_temp.binary_round_trip(:'dir');
SQL
if grep -q '|' "$work/copy"; then
    while IFS='|' read -r tab n same; do
        rb_is "binary COPY round trip of $tab ($n rows)" "$same" true
    done <"$work/copy"
else
    rb_not_ok "binary COPY round trip of every table"; sed 's/^/#   /' "$work/copy"
fi
rb_true "the binary round trips covered every aidlink type and its array" "$dst" \
    "SELECT count(DISTINCT a.atttypid) = 6 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace IN ('aidlink'::regnamespace, 'public'::regnamespace, 'city'::regnamespace)
       AND c.relkind IN ('r', 'p') AND a.attnum > 0
       AND a.atttypid IN ('aidlink.resident_id'::regtype, 'aidlink.uscc'::regtype, 'aidlink.org_code'::regtype,
                          'aidlink.resident_id[]'::regtype, 'aidlink.uscc[]'::regtype, 'aidlink.org_code[]'::regtype)"

"${rb_psql[@]}" -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
rb_summary dump_restore
