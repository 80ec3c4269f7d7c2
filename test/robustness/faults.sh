#!/usr/bin/env bash
# test/robustness/faults.sh — a linkage run (CALL aidlink.link_all()) stopped
# half-way by pg_cancel_backend, and one by pg_terminate_backend, leave the
# previous month's results intact (each source is either as it was or as an
# uninterrupted run leaves it, never in between), and a re-run gives exactly
# what an uninterrupted run gives.
#
# Needs PGHOST etc. and RB_CITY_DB (a linked city: the previous month).
# Prints ok / not ok lines and "faults: N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
: "${RB_CITY_DB:?set RB_CITY_DB to a linked city database}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quiet=(env PGOPTIONS='-c client_min_messages=warning')

drop_all() {
    for d in rb_faults_m2 rb_faults_ref rb_faults_cancel rb_faults_kill; do
        "${rb_psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $d" 2>/dev/null
    done
}
drop_all
# the previous month, then the next month's data, copied for each scenario
"${rb_psql[@]}" -d postgres -c "CREATE DATABASE rb_faults_m2 TEMPLATE $RB_CITY_DB"
"${rb_psql[@]}" -d rb_faults_m2 -f "$RB_SQL_DIR/month2.sql"
for d in rb_faults_ref rb_faults_cancel rb_faults_kill; do
    "${rb_psql[@]}" -d postgres -c "CREATE DATABASE $d TEMPLATE rb_faults_m2"
done
"${rb_psql[@]}" -d rb_faults_m2 -f "$RB_SQL_DIR/links_by_source.sql" >"$work/previous"
RB_WITHOUT_RUNS=1 rb_md5s rb_faults_m2 "$work/previous_all"

# what an uninterrupted run gives
if "${quiet[@]}" "${rb_psql[@]}" -d rb_faults_ref -c "CALL aidlink.link_all()"; then
    rb_ok "an uninterrupted run of the next month"
else
    rb_not_ok "an uninterrupted run of the next month"
fi
"${rb_psql[@]}" -d rb_faults_ref -f "$RB_SQL_DIR/links_by_source.sql" >"$work/expected"
RB_WITHOUT_RUNS=1 rb_md5s rb_faults_ref "$work/expected_all"
changed=$(join -t'|' "$work/previous" "$work/expected" | awk -F'|' '$3 != $5' | wc -l)
rb_true "the next month changes the links of some sources (so the test can tell them apart)" rb_faults_ref "SELECT $changed > 0"

# interrupt MODE DB: start link_all and stop it with pg_MODE_backend while it
# waits for the last source's table, which another session holds locked, so
# every source before it is done and that one is not, however fast the
# machine (sets last_run: the last run before it)
interrupt() {
    local mode=$1 db=$2 pid lpid rc t0 rel
    last_run=$("${rb_psql[@]}" -d "$db" -c "SELECT max(run_id) FROM aidlink.link_runs")
    rel=$("${rb_psql[@]}" -d "$db" -c "SELECT relation::regclass FROM aidlink.link_sources ORDER BY is_reference, source_name DESC LIMIT 1")
    PGAPPNAME=rb_locker "${rb_psql[@]}" -d "$db" -c "BEGIN" -c "LOCK TABLE $rel IN ACCESS EXCLUSIVE MODE" \
        -c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
    lpid=$!
    t0=$(date +%s)
    until [ "$("${rb_psql[@]}" -d "$db" -c "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'rb_locker' AND query LIKE '%pg_sleep%'")" = t ]; do
        sleep 0.1
        if [ $(( $(date +%s) - t0 )) -gt 60 ]; then break; fi
    done
    "${quiet[@]}" PGAPPNAME=rb_victim "${rb_psql[@]}" -d "$db" -c "CALL aidlink.link_all()" >"$work/$mode.out" 2>&1 &
    pid=$!
    t0=$(date +%s)
    until [ "$("${rb_psql[@]}" -d "$db" -c "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'rb_victim' AND wait_event_type = 'Lock'")" = t ]; do
        sleep 0.2
        if ! kill -0 $pid 2>/dev/null || [ $(( $(date +%s) - t0 )) -gt 300 ]; then break; fi
    done
    "${rb_psql[@]}" -d postgres -c "SELECT pg_${mode}_backend(pid) FROM pg_stat_activity WHERE application_name = 'rb_victim'" >/dev/null
    wait $pid
    rc=$?
    "${rb_psql[@]}" -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rb_locker'" >/dev/null
    wait $lpid
    rb_is "$mode: link_all was stopped by pg_${mode}_backend" "$([ $rc -ne 0 ] && echo stopped || echo "finished (exit $rc)")" stopped
    grep -E 'ERROR|FATAL' "$work/$mode.out" | head -1 | sed 's/^/#   /'
}

for mode in cancel terminate; do
    db=rb_faults_${mode/terminate/kill}
    interrupt "$mode" "$db"
    done_sources=$("${rb_psql[@]}" -d "$db" -c "SELECT count(DISTINCT source_name) FROM aidlink.link_runs WHERE run_id > $last_run AND finished_at IS NOT NULL")
    rb_true "$mode: it was stopped half-way ($done_sources of 12 sources done)" "$db" "SELECT $done_sources BETWEEN 1 AND 11"
    rb_true "$mode: no unfinished run is left in aidlink.link_runs" "$db" \
        "SELECT count(*) = 0 FROM aidlink.link_runs WHERE finished_at IS NULL"
    "${rb_psql[@]}" -d "$db" -c "SELECT source_name FROM aidlink.link_runs WHERE run_id > $last_run AND finished_at IS NOT NULL" >"$work/done"
    "${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/links_by_source.sql" >"$work/after_$mode"
    bad=""
    while IFS='|' read -r s n md5; do
        if grep -qx "$s" "$work/done"; then want=$(grep "^$s|" "$work/expected"); else want=$(grep "^$s|" "$work/previous"); fi
        [ "$s|$n|$md5" = "$want" ] || bad="$bad $s"
    done <"$work/after_$mode"
    rb_is "$mode: every source's links are as the previous month left them, or (sources done) as an uninterrupted run leaves them" "${bad:-none}" none
    rb_is "$mode: no source lost or gained its links" "$(cut -d'|' -f1 "$work/after_$mode" | tr '\n' ' ')" "$(cut -d'|' -f1 "$work/previous" | tr '\n' ' ')"
    # the re-run
    if "${quiet[@]}" "${rb_psql[@]}" -d "$db" -c "CALL aidlink.link_all()"; then
        rb_ok "$mode: the re-run completes"
    else
        rb_not_ok "$mode: the re-run completes"
    fi
    "${rb_psql[@]}" -d "$db" -f "$RB_SQL_DIR/links_by_source.sql" >"$work/rerun_$mode"
    rb_is "$mode: after the re-run every source's links are those of an uninterrupted run" \
        "$(diff "$work/expected" "$work/rerun_$mode" | grep '^>' | cut -d'|' -f1 | tr '\n' ' ')" ""
    RB_WITHOUT_RUNS=1 rb_md5s "$db" "$work/rerun_all_$mode"
    rb_is "$mode: and every other table of aidlink (persons, contacts, weights, clusters) too" \
        "$(diff "$work/expected_all" "$work/rerun_all_$mode" | grep '^>' | cut -d'|' -f1 | tr '\n' ' ')" ""
    rb_true "$mode: every source has a finished run after the re-run" "$db" \
        "SELECT count(DISTINCT source_name) = 12 FROM aidlink.link_runs WHERE run_id > $last_run AND finished_at IS NOT NULL"
done

drop_all
rb_summary faults
