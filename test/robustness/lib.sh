# test/robustness/lib.sh — what the robustness scripts share (sourced).
# Each check prints "ok - what" or "not ok - what"; a script ends with
# "<name>: N passed, N failed" (test/robustness/run adds them up).

rb_passed=0
rb_failed=0
RB_SQL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sql
RB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rb_psql=(psql -X -q -v ON_ERROR_STOP=1 -At)

rb_ok() { rb_passed=$((rb_passed + 1)); echo "ok - $*"; }
rb_not_ok() { rb_failed=$((rb_failed + 1)); echo "not ok - $*"; }

# rb_check WHAT COMMAND...: the command succeeds
rb_check() {
    local what=$1; shift
    if "$@"; then rb_ok "$what"; else rb_not_ok "$what"; fi
}

# rb_is WHAT HAVE WANT
rb_is() {
    if [ "$2" = "$3" ]; then rb_ok "$1"; else rb_not_ok "$1"; echo "#   have: $2"; echo "#   want: $3"; fi
}

# rb_true WHAT DB SQL: the query returns t
rb_true() {
    local out
    out=$("${rb_psql[@]}" -d "$2" -c "$3" 2>&1)
    rb_is "$1" "$out" t
}

rb_summary() { echo "$1: $rb_passed passed, $rb_failed failed"; [ "$rb_failed" -eq 0 ]; }

# rb_md5s DB FILE: md5 and row count of every table of aidlink, city,
# city_truth and public (each ordered by all its columns), one line each;
# the linkage's run numbers and times are left out when RB_WITHOUT_RUNS=1.
rb_md5s() {
    "${rb_psql[@]}" -d "$1" -v without_runs="${RB_WITHOUT_RUNS:-0}" -f "$RB_SQL_DIR/table_md5s.sql" >"$2"
}

# rb_city DB PEOPLE: a database with the extension, the synthetic city,
# every source registered and linked once.
rb_city() {
    "${rb_psql[@]}" -d postgres -c "CREATE DATABASE $1" &&
    "${rb_psql[@]}" -d "$1" -c "CREATE EXTENSION aidlink" &&
    PGDATABASE=$1 "$RB_ROOT/demo/city/make-city" --seed 1 --people "$2" --jobs 1 >/dev/null &&
    "${rb_psql[@]}" -d "$1" -f "$RB_SQL_DIR/register_city.sql" >/dev/null &&
    PGOPTIONS='-c client_min_messages=warning' "${rb_psql[@]}" -d "$1" -c "CALL aidlink.link_all()"
}
