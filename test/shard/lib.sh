# test/shard/lib.sh — a coordinator and K shards, each a throwaway PostgreSQL 15
# cluster of tools/cluster.sh on a Unix socket of its own, run as the postgres
# user; sourced by test/shard/run and bench/shards (after tools/cluster.sh).
#
#   al_shard_cluster_start K      coordinator + shard0 .. shard<K-1>; PGHOST etc.
#                                 point at the coordinator afterwards
#   al_shard_psql I ARGS...       psql on shard I (database postgres)
#   al_shard_down I / al_shard_up I   stop (immediate: a crash) / start shard I again
#   al_shard_make_db DB [K [TEMPLATE]]  in the coordinator: database DB (a copy of
#                                 TEMPLATE, or new with aidlink) with postgres_fdw
#                                 and the servers shard0 .. shard<K-1> (default all),
#                                 each its own database DB on shard I
#   al_shard_distribute DB [K]    spread DB's city over its K shards (distribute.sql)
#   al_shard_distribute_table DB SCHEMA.TABLE KEY [K]   move one table of DB to its
#                                 K shards: PARTITION BY HASH (KEY), foreign partitions
#   al_shard_cluster_stop         stop and remove all of them

al_shard_cluster_start() {
    local k=$1 i base
    base=$((20000 + ($$ * 7) % 19000))
    AL_SHARDS=$k
    AL_SHARD_DIRS=(); AL_SHARD_PORTS=()
    for ((i = 0; i < k; i++)); do
        AL_CLUSTER_DIR=
        AL_CLUSTER_PORT=$((base + 1 + i)) al_cluster_start "aidlink-shard$i" || return 1
        AL_SHARD_DIRS+=("$AL_CLUSTER_DIR"); AL_SHARD_PORTS+=("$PGPORT")
    done
    AL_CLUSTER_DIR=
    AL_CLUSTER_PORT=$base al_cluster_start aidlink-coordinator || return 1
    AL_COORD_DIR=$AL_CLUSTER_DIR
}

al_shard_psql() {
    local i=$1; shift
    PGHOST=${AL_SHARD_DIRS[$i]} PGPORT=${AL_SHARD_PORTS[$i]} PGDATABASE=${AL_SHARD_DB:-postgres} \
        psql -X -q -v ON_ERROR_STOP=1 "$@"
}

# the on-CPU time (clock ticks) of a cluster's postmaster and of the children
# it has reaped: a session's backend counts once the session has ended
al_cpu_ticks() {   # DATA_DIR
    local pid
    pid=$(head -1 "$1/postmaster.pid")
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat"
}

al_shard_down() {
    local t
    # The clusters run with synchronous_commit = off: an immediate stop would
    # lose the last committed rows (those the test distributed just before),
    # which a real shard's outage does not.  Flush them first; a shard lost
    # half-way loses connections, not data.
    al_shard_psql "$1" -c "CHECKPOINT" >/dev/null 2>&1
    al_as_server_user "$AL_PG_BIN/pg_ctl" -D "${AL_SHARD_DIRS[$1]}/data" -m immediate -w stop >/dev/null 2>&1
    # until it refuses connections (its socket gone), at most 10 s
    for t in $(seq 1 100); do
        "$AL_PG_BIN/pg_isready" -q -h "${AL_SHARD_DIRS[$1]}" -p "${AL_SHARD_PORTS[$1]}" || return 0
        sleep 0.1
    done
    return 1
}

al_shard_up() {
    al_as_server_user "$AL_PG_BIN/pg_ctl" -D "${AL_SHARD_DIRS[$1]}/data" -w -t 60 \
        -l "${AL_SHARD_DIRS[$1]}/server.log" start >/dev/null
}

al_shard_make_db() {
    local db=$1 k=${2:-$AL_SHARDS} tpl=${3:-} i
    if [ -n "$tpl" ]; then
        psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE $tpl" || return 1
    else
        psql -X -q -d postgres -c "CREATE DATABASE $db" || return 1
        psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
            -c "CREATE EXTENSION aidlink" || return 1
    fi
    [ "$k" -gt 0 ] || return 0
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS postgres_fdw" || return 1
    for ((i = 0; i < k; i++)); do
        al_shard_psql "$i" -d postgres -c "CREATE DATABASE $db" || return 1
        # extensions: aidlink's operators and functions may be evaluated on the
        # shards; async_capable: the shards of one table are scanned at once
        psql -X -q -d "$db" -v ON_ERROR_STOP=1 \
            -c "CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '${AL_SHARD_DIRS[$i]}', port '${AL_SHARD_PORTS[$i]}', dbname '$db', extensions 'aidlink', fetch_size '10000', batch_size '1000', async_capable 'true')" \
            -c "CREATE USER MAPPING FOR CURRENT_USER SERVER shard$i OPTIONS (user 'postgres')" || return 1
    done
}

al_shard_distribute() {
    local db=$1 k=${2:-$AL_SHARDS} i ddl
    # the tables on each shard: the columns of the city's tables, keyed by row
    ddl=$(psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -c "SET search_path = public" -c "
        SELECT format('CREATE TABLE city.%I (%s, PRIMARY KEY (%I));', c.relname,
                      string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum),
                      s.row_key_column)
        FROM city_truth.sources s JOIN pg_class c ON c.oid = s.relation::regclass
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        GROUP BY c.relname, s.row_key_column") || return 1
    for ((i = 0; i < k; i++)); do
        AL_SHARD_DB=$db al_shard_psql "$i" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS aidlink" \
            -c "DROP SCHEMA IF EXISTS city CASCADE" -c "CREATE SCHEMA city" -c "$ddl" || return 1
    done
    psql -X -q -d "$db" -v shards="$k" -f "$(dirname "${BASH_SOURCE[0]}")/distribute.sql"
}

al_shard_distribute_table() {
    local db=$1 tbl=$2 key=$3 k=${4:-$AL_SHARDS} i ddl sch=${2%%.*} name=${2#*.}
    ddl=$(psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -c "
        SELECT format('CREATE TABLE %I.%I (%s, PRIMARY KEY (%I))', '$sch', '$name',
                      string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum), '$key')
        FROM pg_attribute WHERE attrelid = '$tbl'::regclass AND attnum > 0 AND NOT attisdropped") || return 1
    for ((i = 0; i < k; i++)); do
        AL_SHARD_DB=$db al_shard_psql "$i" -c "SET client_min_messages = warning" -c "CREATE SCHEMA IF NOT EXISTS $sch" \
            -c "DROP TABLE IF EXISTS $tbl" -c "$ddl" || return 1
    done
    psql -X -q -d "$db" -v ON_ERROR_STOP=1 -1 -c "ALTER TABLE $tbl RENAME TO ${name}_local" \
        -c "CREATE TABLE $tbl (LIKE $sch.${name}_local INCLUDING DEFAULTS) PARTITION BY HASH ($key)" \
        -c "DO \$\$ BEGIN FOR i IN 0 .. $k - 1 LOOP
                EXECUTE format('CREATE FOREIGN TABLE %I.%I PARTITION OF %s FOR VALUES WITH (MODULUS %s, REMAINDER %s) SERVER %I OPTIONS (schema_name %L, table_name %L)',
                               '$sch', '${name}_s' || i, '$tbl', $k, i, 'shard' || i, '$sch', '$name');
            END LOOP; END \$\$" \
        -c "INSERT INTO $tbl SELECT * FROM $sch.${name}_local" -c "DROP TABLE $sch.${name}_local" -c "ANALYZE $tbl"
}

al_shard_cluster_stop() {
    local d
    for d in "${AL_SHARD_DIRS[@]}"; do AL_CLUSTER_DIR=$d al_cluster_stop; done
    AL_SHARD_DIRS=()
    [ -n "${AL_COORD_DIR:-}" ] && AL_CLUSTER_DIR=$AL_COORD_DIR al_cluster_stop
    AL_COORD_DIR=
}
