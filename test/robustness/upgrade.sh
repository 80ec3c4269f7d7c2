#!/usr/bin/env bash
# test/robustness/upgrade.sh — the upgrade path: install aidlink 0.1 (the
# oldest release), fill it with a user's data (the synthetic city's tables and
# sql/user_objects.sql: every type, indexes, partitions, views, a function, a
# CHECK), then ALTER EXTENSION aidlink UPDATE TO '0.2' and check that the
# data, the user's objects and 0.1's behaviour are unchanged, that no object
# of 0.1 was dropped and recreated (same OIDs: user views depend on them), and
# that the linkage works on the upgraded database as on a fresh install.
#
# Needs PGHOST etc. and RB_CITY_DB (a linked city, made on a fresh install).
# Prints ok / not ok lines and "upgrade: N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
: "${RB_CITY_DB:?set RB_CITY_DB to a linked city database}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=rb_upgrade

"${rb_psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" 2>/dev/null
"${rb_psql[@]}" -d postgres -c "CREATE DATABASE $db"
rb_check "CREATE EXTENSION aidlink VERSION '0.1'" "${rb_psql[@]}" -d "$db" -c "CREATE EXTENSION aidlink VERSION '0.1'"
rb_true "version 0.1 is installed" "$db" "SELECT extversion = '0.1' FROM pg_extension WHERE extname = 'aidlink'"
if pg_dump -n city_gen -n city -n city_truth "$RB_CITY_DB" | "${rb_psql[@]}" -d "$db" -o /dev/null 2>"$work/load.log" &&
   "${rb_psql[@]}" -d "$db" -o /dev/null -f "$RB_SQL_DIR/user_objects.sql" 2>>"$work/load.log"; then
    rb_ok "0.1 filled: the city's tables, and a user's tables, indexes, partitions, views, function over 0.1"
else
    rb_not_ok "0.1 filled"; head -5 "$work/load.log" | sed 's/^/#   /'
fi

"${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/members.sql" >"$work/members_01"
rb_md5s "$db" "$work/tables_01"
"${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/behaviour_01.sql" >"$work/behaviour_01"
q="SELECT string_agg(c.oid::regclass::text || ':' || c.oid, ' ' ORDER BY c.oid::regclass::text) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
user_oids_01=$("${rb_psql[@]}" -d "$db" -c "$q")

rb_check "ALTER EXTENSION aidlink UPDATE TO '0.2'" "${rb_psql[@]}" -d "$db" -c "ALTER EXTENSION aidlink UPDATE TO '0.2'"
rb_true "version 0.2 is installed" "$db" "SELECT extversion = '0.2' FROM pg_extension WHERE extname = 'aidlink'"

"${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/members.sql" >"$work/members_02"
gone=$(comm -23 "$work/members_01" "$work/members_02" | cut -d'|' -f3- | head -5 | tr '\n' ';')
rb_is "every object of 0.1 is still there with its OID (nothing dropped and recreated)" "$gone" ""
rb_true "0.2 added objects" "$db" "SELECT $(wc -l <"$work/members_02") > $(wc -l <"$work/members_01")"
rb_is "the user's tables, views, indexes and partitions keep their OIDs" "$("${rb_psql[@]}" -d "$db" -c "$q")" "$user_oids_01"

rb_md5s "$db" "$work/tables_02"
while IFS='|' read -r tab n md5; do
    rb_is "after the upgrade $tab: $n rows, same md5" "$(grep "^$tab|" "$work/tables_02")" "$tab|$n|$md5"
done <"$work/tables_01"
"${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/behaviour_01.sql" >"$work/behaviour_02"
while IFS='|' read -r what value; do
    rb_is "after the upgrade 0.1's $what answer as before" "$(grep "^$what|" "$work/behaviour_02")" "$what|$value"
done <"$work/behaviour_01"
rb_true "the user's indexes are valid" "$db" "SELECT bool_and(i.indisvalid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace"
plan=$("${rb_psql[@]}" -d "$db" -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) SELECT count(*) FROM public.all_types WHERE aidlink.resident_id_birth_date(rid) < '1950-01-01'")
rb_is "the expression index over an aidlink function is still used" "$(echo "$plan" | grep -c all_types_birth)" 1
rb_true "no user object depends on something that went away (pg_depend has no dangling reference)" "$db" \
    "SELECT count(*) = 0 FROM pg_depend d WHERE d.refclassid = 'pg_proc'::regclass AND NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.oid = d.refobjid)"

# the 0.2 behaviour on the upgraded database: the same links as a fresh install
if "${rb_psql[@]}" -d "$db" -o /dev/null -f "$RB_SQL_DIR/register_city.sql" &&
   PGOPTIONS='-c client_min_messages=warning' "${rb_psql[@]}" -d "$db" -c "CALL aidlink.link_all()"; then
    rb_ok "the linkage runs on the upgraded database"
else
    rb_not_ok "the linkage runs on the upgraded database"
fi
rb_is "its links are those of a fresh 0.2 install, source by source" \
    "$("${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/links_by_source.sql" | md5sum)" \
    "$("${rb_psql[@]}" -d "$RB_CITY_DB" -f "$RB_SQL_DIR/links_by_source.sql" | md5sum)"
"${rb_psql[@]}" -d "$RB_CITY_DB" -f "$RB_SQL_DIR/members.sql" | cut -d'|' -f1,3 | sort >"$work/fresh"
"${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/members.sql" | cut -d'|' -f1,3 | sort >"$work/upgraded"
rb_is "the upgraded extension has the members of a fresh install" "$(diff "$work/fresh" "$work/upgraded" | grep '^[<>]' | head -3 | tr '\n' ';')" ""
rb_check "ALTER EXTENSION aidlink UPDATE (already newest) is a no-op" "${rb_psql[@]}" -d "$db" -c "ALTER EXTENSION aidlink UPDATE"

"${rb_psql[@]}" -d postgres -c "DROP DATABASE $db"
rb_summary upgrade
