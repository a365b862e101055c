#!/usr/bin/env bash
# A second local PostgreSQL cluster, `bench_replica`, as a streaming hot-standby
# replica of the local primary, for `make bench REPLICA=1`.
#
#   scripts/bench_replica.sh start   (re)create it with pg_basebackup -R, start
#                                    it, wait until it has replayed the
#                                    primary's current WAL position, and print
#                                    REPLICA_HOST=... and REPLICA_PORT=... on
#                                    standard output (for `eval`)
#   scripts/bench_replica.sh wait    wait until it has replayed the primary's
#                                    current WAL position (after a bulk load)
#   scripts/bench_replica.sh stop    stop and drop it, and drop its replication
#                                    slot on the primary; idempotent
#
# Environment (all optional):
#   PGPORT           port of the primary cluster (default 5432)
#   REPLICA_PORT     port of the replica (default 5433)
#   REPLICA_TIMEOUT  seconds to wait for the replica to catch up (default 600)
#
# Needs root on Debian/Ubuntu with postgresql-common (pg_createcluster,
# pg_ctlcluster, pg_dropcluster) and the primary running as a cluster of it.
# The replica is a cluster of the primary's major version, started by hand
# only (start.conf: manual). It streams through a physical replication slot,
# so that a bulk load cannot outrun it: the slot keeps WAL on the primary until
# `stop` drops it. Everything but the two lines of `start` goes to standard
# error.
set -euo pipefail

LOG_TAG=bench-replica
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER=bench_replica
SLOT=bench_replica
PRIMARY_PORT="${PGPORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
REPLICA_TIMEOUT="${REPLICA_TIMEOUT:-600}"
# Settings a hot standby refuses to start with when lower than the primary's,
# and the ones that shape query plans and caching, copied from the primary so
# that reads on both are comparable.
COPIED_SETTINGS=(
    max_connections max_worker_processes max_wal_senders
    max_prepared_transactions max_locks_per_transaction
    shared_buffers effective_cache_size work_mem random_page_cost
    effective_io_concurrency jit
)

usage() { die "usage: $0 start|wait|stop"; }

have() { command -v "$1" >/dev/null 2>&1; }

require_debian_root() {
    [ "$(id -u)" = 0 ] || die "needs root: it creates, starts and drops a PostgreSQL cluster with Debian's pg_createcluster/pg_ctlcluster/pg_dropcluster."
    [ -f /etc/debian_version ] || die "needs Debian or Ubuntu (postgresql-common's cluster tools); set up a streaming replica by hand elsewhere and pass --db_replica_host/--db_replica_port to Odoo."
    local tool
    for tool in pg_lsclusters pg_createcluster pg_ctlcluster pg_dropcluster pg_conftool runuser; do
        have "$tool" || die "$tool not found: install postgresql-common (apt-get install postgresql)."
    done
}

is_int() { case "$1" in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac; }

# "version name port status" of every cluster, one a line.
clusters() { pg_lsclusters -h | awk '{print $1, $2, $3, $4}'; }

# Sets PRIMARY_VERSION, PRIMARY_NAME, PRIMARY_SOCKET: the online cluster
# listening on $PRIMARY_PORT.
find_primary() {
    local line
    line="$(clusters | awk -v port="$PRIMARY_PORT" '$3 == port && $4 ~ /^online/ {print; exit}')"
    [ -n "$line" ] || die "no online PostgreSQL cluster on port $PRIMARY_PORT (pg_lsclusters). Start the primary first, or set PGPORT."
    read -r PRIMARY_VERSION PRIMARY_NAME _ _ <<<"$line"
    [ "$PRIMARY_NAME" != "$CLUSTER" ] || die "the cluster on port $PRIMARY_PORT is $CLUSTER itself; PGPORT must be the primary's port."
    PRIMARY_SOCKET="$(socket_dir "$PRIMARY_VERSION" "$PRIMARY_NAME")"
}

# First Unix-socket directory of cluster $1/$2.
socket_dir() {
    local dirs
    dirs="$(pg_conftool -s "$1" "$2" show unix_socket_directories 2>/dev/null || true)"
    dirs="${dirs%%,*}"
    dirs="${dirs//\'/}"
    dirs="${dirs// /}"
    printf '%s\n' "${dirs:-/var/run/postgresql}"
}

# "version" of the existing replica cluster, empty if there is none.
replica_version() {
    clusters | awk -v name="$CLUSTER" '$2 == name {print $1; exit}'
}

# psql as the postgres OS user (peer authentication): $1 socket dir, $2 port,
# $3 SQL. Prints the rows unaligned, without headers.
sql() {
    runuser -u postgres -- psql -h "$1" -p "$2" -d postgres -qAtX -v ON_ERROR_STOP=1 -c "$3"
}
primary_sql() { sql "$PRIMARY_SOCKET" "$PRIMARY_PORT" "$1"; }
replica_sql() { sql "$REPLICA_SOCKET" "$REPLICA_PORT" "$1"; }

replica_log() {
    printf '/var/log/postgresql/postgresql-%s-%s.log\n' "$1" "$CLUSTER"
}

check_primary() {
    local wal_level senders used slots used_slots
    wal_level="$(primary_sql "SHOW wal_level")"
    case "$wal_level" in
        replica | logical) ;;
        *) die "the primary has wal_level=$wal_level; streaming replication needs replica (PostgreSQL's default). Fix: psql -c \"ALTER SYSTEM SET wal_level = replica\" and pg_ctlcluster $PRIMARY_VERSION $PRIMARY_NAME restart." ;;
    esac
    senders="$(primary_sql "SHOW max_wal_senders")"
    used="$(primary_sql "SELECT count(*) FROM pg_stat_replication")"
    # pg_basebackup -X stream uses two WAL senders, the replica one afterwards
    if [ $((senders - used)) -lt 2 ]; then
        die "the primary has max_wal_senders=$senders with $used in use; the base backup needs 2 free. Fix: psql -c \"ALTER SYSTEM SET max_wal_senders = $((used + 3))\" and pg_ctlcluster $PRIMARY_VERSION $PRIMARY_NAME restart."
    fi
    slots="$(primary_sql "SHOW max_replication_slots")"
    used_slots="$(primary_sql "SELECT count(*) FROM pg_replication_slots WHERE slot_name <> '$SLOT'")"
    if [ $((slots - used_slots)) -lt 1 ]; then
        die "the primary has max_replication_slots=$slots, all in use. Fix: psql -c \"ALTER SYSTEM SET max_replication_slots = $((used_slots + 1))\" and pg_ctlcluster $PRIMARY_VERSION $PRIMARY_NAME restart."
    fi
}

# Drop the replica's slot on the primary once its WAL sender has gone.
drop_slot() {
    local _
    for _ in $(seq 1 30); do
        [ "$(primary_sql "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = 0 ] && return 0
        if [ "$(primary_sql "SELECT active FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = f ]; then
            log "dropping replication slot $SLOT on the primary"
            primary_sql "SELECT pg_drop_replication_slot('$SLOT')" >/dev/null && return 0
        fi
        sleep 1
    done
    die "replication slot $SLOT on the primary is still in use; drop it with: psql -p $PRIMARY_PORT -c \"SELECT pg_drop_replication_slot('$SLOT')\""
}

drop_replica() {
    local version
    version="$(replica_version)"
    if [ -n "$version" ]; then
        log "stopping and dropping cluster $version/$CLUSTER"
        pg_dropcluster --stop "$version" "$CLUSTER" >&2
    fi
}

# Wait until the replica has replayed the primary's WAL up to where it is now.
wait_caught_up() {
    local target replayed="" deadline
    deadline=$((SECONDS + REPLICA_TIMEOUT))
    target="$(primary_sql "SELECT pg_current_wal_lsn()")"
    log "waiting for the replica to replay the primary's WAL up to $target"
    while [ "$SECONDS" -lt "$deadline" ]; do
        replayed="$(replica_sql "SELECT pg_last_wal_replay_lsn()" 2>/dev/null || true)"
        if [ -n "$replayed" ] &&
            [ "$(replica_sql "SELECT '$replayed'::pg_lsn >= '$target'::pg_lsn" 2>/dev/null || true)" = t ]; then
            log "replica caught up (replayed $replayed)"
            return 0
        fi
        sleep 1
    done
    die "the replica did not catch up within ${REPLICA_TIMEOUT}s: replayed ${replayed:-nothing}, primary at $target. Check $(replica_log "$REPLICA_VERSION") and pg_stat_replication on the primary; raise REPLICA_TIMEOUT for large loads."
}

wait_accepting() {
    local _
    for _ in $(seq 1 60); do
        if [ "$(replica_sql "SELECT pg_is_in_recovery()" 2>/dev/null || true)" = t ]; then
            return 0
        fi
        sleep 1
    done
    die "the replica does not accept connections as a hot standby on port $REPLICA_PORT after 60s; see $(replica_log "$REPLICA_VERSION")."
}

cmd_start() {
    is_int "$REPLICA_PORT" || die "REPLICA_PORT must be a port number: $REPLICA_PORT"
    [ "$REPLICA_PORT" != "$PRIMARY_PORT" ] || die "REPLICA_PORT and PGPORT are both $PRIMARY_PORT"
    find_primary
    local basebackup="/usr/lib/postgresql/$PRIMARY_VERSION/bin/pg_basebackup"
    [ -x "$basebackup" ] || die "pg_basebackup for PostgreSQL $PRIMARY_VERSION not found ($basebackup): install postgresql-client-$PRIMARY_VERSION."
    local other
    other="$(clusters | awk -v port="$REPLICA_PORT" -v name="$CLUSTER" '$3 == port && $2 != name {print $1 "/" $2; exit}')"
    [ -z "$other" ] || die "port $REPLICA_PORT is the port of cluster $other; set REPLICA_PORT to a free port."
    check_primary

    drop_replica
    drop_slot

    local option value options=()
    for option in "${COPIED_SETTINGS[@]}"; do
        value="$(primary_sql "SELECT setting || coalesce(unit, '') FROM pg_settings WHERE name = '$option'")"
        # 8kB units (shared_buffers, effective_cache_size) as a size
        case "$value" in
            *8kB) value="$((${value%8kB} * 8))kB" ;;
        esac
        [ -z "$value" ] || options+=(-o "$option=$value")
    done
    log "creating cluster $PRIMARY_VERSION/$CLUSTER on port $REPLICA_PORT"
    # hot_standby_feedback: the primary's vacuum does not remove rows a read
    # on the replica still needs, so replay never cancels a benchmark query
    pg_createcluster "$PRIMARY_VERSION" "$CLUSTER" -p "$REPLICA_PORT" --start-conf=manual \
        -o hot_standby=on -o hot_standby_feedback=on "${options[@]}" >&2
    REPLICA_VERSION="$PRIMARY_VERSION"
    REPLICA_SOCKET="$(socket_dir "$REPLICA_VERSION" "$CLUSTER")"
    # the same access rules as the primary: Odoo logs in to both with one user
    local file source target
    for file in hba_file ident_file; do
        source="$(primary_sql "SHOW $file")"
        target="$(pg_conftool -s "$REPLICA_VERSION" "$CLUSTER" show "$file" | tr -d "'")"
        [ ! -f "$source" ] || [ -z "$target" ] || install -o postgres -g postgres -m 640 "$source" "$target"
    done

    local data_dir
    data_dir="$(pg_conftool -s "$REPLICA_VERSION" "$CLUSTER" show data_directory | tr -d "'")"
    case "$data_dir" in
        /var/lib/postgresql/*/"$CLUSTER") ;;
        *) die "unexpected data directory for $CLUSTER: $data_dir" ;;
    esac
    rm -rf "$data_dir"
    local progress=()
    [ ! -t 2 ] || progress=(--progress)
    log "copying the primary (cluster $PRIMARY_VERSION/$PRIMARY_NAME, port $PRIMARY_PORT) with pg_basebackup"
    runuser -u postgres -- "$basebackup" -h "$PRIMARY_SOCKET" -p "$PRIMARY_PORT" -U postgres \
        -D "$data_dir" -R -X stream --checkpoint=fast -C -S "$SLOT" --label="$CLUSTER" \
        "${progress[@]}" >&2

    log "starting cluster $REPLICA_VERSION/$CLUSTER"
    pg_ctlcluster "$REPLICA_VERSION" "$CLUSTER" start >&2 ||
        die "cluster $REPLICA_VERSION/$CLUSTER did not start; see $(replica_log "$REPLICA_VERSION")."
    wait_accepting
    wait_caught_up
    log "replica $REPLICA_VERSION/$CLUSTER streams from port $PRIMARY_PORT (hot standby, read-only)"
    printf 'REPLICA_HOST=%s\n' "$REPLICA_SOCKET"
    printf 'REPLICA_PORT=%s\n' "$REPLICA_PORT"
}

cmd_wait() {
    find_primary
    REPLICA_VERSION="$(replica_version)"
    [ -n "$REPLICA_VERSION" ] || die "no cluster $CLUSTER: run $0 start first."
    REPLICA_SOCKET="$(socket_dir "$REPLICA_VERSION" "$CLUSTER")"
    REPLICA_PORT="$(pg_conftool -s "$REPLICA_VERSION" "$CLUSTER" show port)"
    [ "$(replica_sql "SELECT pg_is_in_recovery()" 2>/dev/null || true)" = t ] ||
        die "cluster $REPLICA_VERSION/$CLUSTER is not running as a hot standby on port $REPLICA_PORT; see $(replica_log "$REPLICA_VERSION") or run $0 start."
    wait_caught_up
}

cmd_stop() {
    drop_replica
    # without the primary there is no slot to drop
    if clusters | awk -v port="$PRIMARY_PORT" '$3 == port && $4 ~ /^online/ {found = 1} END {exit !found}'; then
        find_primary
        drop_slot
    fi
}

[ $# -eq 1 ] || usage
is_int "$PRIMARY_PORT" || die "PGPORT must be a port number: $PRIMARY_PORT"
is_int "$REPLICA_TIMEOUT" || die "REPLICA_TIMEOUT must be a number of seconds: $REPLICA_TIMEOUT"
case "$1" in
    start)
        require_debian_root
        cmd_start
        ;;
    wait)
        require_debian_root
        cmd_wait
        ;;
    stop)
        require_debian_root
        cmd_stop
        ;;
    *) usage ;;
esac
