# tools/cluster.sh — start and stop a throwaway PostgreSQL cluster.
# Source it, then:  al_cluster_start [name];  ...;  al_cluster_stop
# It sets PGHOST (a Unix socket directory), PGPORT, PGUSER and PGDATABASE for
# the commands that follow, listens on no TCP address, and is removed on stop.
# As root it runs the server as the 'postgres' user (PostgreSQL refuses root).

AL_PG_BIN=${AL_PG_BIN:-$(${PG_CONFIG:-pg_config} --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}

al_as_server_user() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

al_cluster_start() {
    local name=${1:-aidlink}
    AL_CLUSTER_DIR=$(mktemp -d "/tmp/${name}.XXXXXX")
    chmod 755 "$AL_CLUSTER_DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$AL_CLUSTER_DIR"
    al_as_server_user "$AL_PG_BIN/initdb" -D "$AL_CLUSTER_DIR/data" -U postgres \
        --encoding=UTF8 --locale=C.UTF-8 --auth=trust >"$AL_CLUSTER_DIR/initdb.log" 2>&1 || {
        cat "$AL_CLUSTER_DIR/initdb.log" >&2; return 1; }
    # A free port: the socket lives in our own directory, so any number works
    # unless another server uses the same directory; pick one from our pid.
    AL_CLUSTER_PORT=${AL_CLUSTER_PORT:-$((20000 + $$ % 20000))}
    cat >>"$AL_CLUSTER_DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$AL_CLUSTER_DIR'
port = $AL_CLUSTER_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = ${AL_SHARED_BUFFERS:-256MB}
work_mem = ${AL_WORK_MEM:-64MB}
maintenance_work_mem = ${AL_MAINTENANCE_WORK_MEM:-512MB}
max_wal_size = 4GB
log_min_messages = warning
lc_messages = 'C'
CONF
    al_as_server_user "$AL_PG_BIN/pg_ctl" -D "$AL_CLUSTER_DIR/data" -w -t 60 \
        -l "$AL_CLUSTER_DIR/server.log" start >/dev/null || {
        cat "$AL_CLUSTER_DIR/server.log" >&2; return 1; }
    export PGHOST=$AL_CLUSTER_DIR PGPORT=$AL_CLUSTER_PORT PGUSER=postgres PGDATABASE=postgres
}

al_cluster_stop() {
    [ -n "${AL_CLUSTER_DIR:-}" ] && [ -d "$AL_CLUSTER_DIR/data" ] || return 0
    al_as_server_user "$AL_PG_BIN/pg_ctl" -D "$AL_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$AL_CLUSTER_DIR"
    AL_CLUSTER_DIR=
}
