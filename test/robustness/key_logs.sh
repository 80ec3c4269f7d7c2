#!/usr/bin/env bash
# test/robustness/key_logs.sh — pseudonym keys never reach the server log,
# even with everything logged: log_statement = all, log_min_error_statement,
# auto_explain of every nested statement with VERBOSE (plans with their
# output columns) and bind parameters, while keys are made, rotated, used in
# bulk and in parallel workers, and every error of the key functions and
# the key table's trigger is raised.
#
# Needs PGHOST etc. and AL_CLUSTER_DIR (the server log is
# $AL_CLUSTER_DIR/server.log, as tools/cluster.sh starts it).
# Prints ok / not ok lines and "key_logs: N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
log=${AL_CLUSTER_DIR:?}/server.log
db=rb_key_logs
"${rb_psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" 2>/dev/null
"${rb_psql[@]}" -d postgres -c "CREATE DATABASE $db"
"${rb_psql[@]}" -d "$db" -c "CREATE EXTENSION aidlink"
lines_before=$(wc -l <"$log")

psql -X -q -d "$db" >/dev/null 2>&1 <<'SQL'
SET log_statement = 'all';
SET log_min_error_statement = 'error';
SET log_min_messages = 'info';
SET log_parameter_max_length = -1;
SET log_parameter_max_length_on_error = -1;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_verbose = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_parameter_max_length = -1;
SET auto_explain.log_level = 'log';
SELECT aidlink.pseudonym_key_create('logged');
SELECT aidlink.pseudonym_rotate('logged', '1 day');
CREATE TABLE ids AS SELECT aidlink.resident_id_from_parts('440103', date '1950-01-01' + i, i % 1000) AS id
FROM generate_series(1, 3000) i;
SELECT count(DISTINCT aidlink.pseudonym(id, 'logged')) FROM ids;
SELECT count(DISTINCT aidlink.pseudonym(id, 'logged', 1)) FROM ids;
PREPARE p(aidlink.resident_id, text) AS SELECT aidlink.pseudonym($1, $2);
EXECUTE p('11010519491231002X', 'logged');
SET force_parallel_mode = on; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SELECT count(*) FROM ids WHERE aidlink.pseudonym(id, 'logged') LIKE 'v2-%';
RESET force_parallel_mode;
SELECT aidlink.pseudonym('11010519491231002X', 'no_such_key');
SELECT aidlink.pseudonym('11010519491231002X', 'logged', 9);
SELECT aidlink.pseudonym_key_create('logged');
SELECT aidlink.pseudonym_key_retire('logged', 1);
SELECT aidlink.pseudonym('11010519491231002X', 'logged', 1);
UPDATE aidlink.pseudonym_keys SET secret = aidlink.pseudonym_new_secret() WHERE key_name = 'logged';
UPDATE aidlink.pseudonym_keys SET key_name = 'Bad Name' WHERE key_name = 'logged';
INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret) SELECT key_name, key_version, secret FROM aidlink.pseudonym_keys;
INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret) SELECT key_name, 7, substring(secret FROM 1 FOR 20) FROM aidlink.pseudonym_keys LIMIT 1;
INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret, valid_from) SELECT key_name, 8, secret, NULL FROM aidlink.pseudonym_keys LIMIT 1;
SQL
sleep 1
new_lines=$(( $(wc -l <"$log") - lines_before ))
rb_true "everything was logged ($new_lines new lines of server log, statements and nested plans)" "$db" "SELECT $new_lines > 50"
tail -n "$new_lines" "$log" >"$log.part"
rb_is "the log shows the nested plans of the key lookup (auto_explain saw it)" \
    "$(grep -c 'aidlink.pseudonym_keys' "$log.part" | awk '{print ($1 > 0) ? "yes" : "no"}')" yes
secrets=$("${rb_psql[@]}" -d "$db" -c "SELECT encode(secret, 'hex') || ' ' || encode(secret, 'base64') FROM aidlink.pseudonym_keys")
rb_is "two key versions to look for" "$(echo "$secrets" | wc -l)" 2
found=0
for s in $secrets; do
    s=${s//$'\n'/}
    grep -qiF -- "$s" "$log.part" && found=$((found + 1))
    # a 16-character piece of each, in case something printed part of a key
    grep -qiF -- "${s:8:16}" "$log.part" && found=$((found + 1))
done
rb_is "no secret (hex or base64, whole or a 16-character piece) is in the server log" "$found" 0
rm -f "$log.part"
"${rb_psql[@]}" -d postgres -c "DROP DATABASE $db"
rb_summary key_logs
