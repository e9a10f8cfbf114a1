# PostgreSQL 15: our own cluster in .data/postgres, run as the `postgres` OS user.
# shellcheck shell=bash

PG_DATA="$DATA_DIR/postgres"
PG_LOG="$LOG_DIR/postgres.log"
PG_OS_USER="${PG_OS_USER:-postgres}"

pg_as() { runuser -u "$PG_OS_USER" -- "$@"; }

pg_pid() { # postmaster pid, from the cluster's own lock file (it survives our .run/ being wiped)
  local pid
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 1
  pid="$(head -n1 "$PG_DATA/postmaster.pid" | tr -dc '0-9')"
  pid_alive "$pid" || return 1
  printf '%s\n' "$pid"
}

pg_healthy() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }

pg_system_cluster_note() {
  # The Debian package ships a cluster 15/main; if it runs on our port, ours cannot start.
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port && $4 ~ /online/ {print $1 "/" $2 " (" $6 ")"}'
}

pg_init() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  log "postgres: initdb in $PG_DATA"
  mkdir -p "$PG_DATA"
  chown "$PG_OS_USER:$PG_OS_USER" "$PG_DATA"
  chmod 700 "$PG_DATA"
  pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$LOG_DIR/postgres-initdb.log" 2>&1 ||
    { log_tail "$LOG_DIR/postgres-initdb.log"; die "postgres: initdb failed"; }
  cat >>"$PG_DATA/postgresql.conf" <<'CONF'

# ---- bazaar (infra/lib/postgres.sh) ----
# port, listen_addresses and unix_socket_directories are passed by `infra up` on every start.
wal_level = logical
max_connections = 200
max_wal_senders = 10
max_replication_slots = 10
password_encryption = scram-sha-256
shared_buffers = 256MB
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
CONF
  cat >"$PG_DATA/pg_hba.conf" <<'HBA'
# TYPE  DATABASE     USER      ADDRESS         METHOD
local   all          postgres                  peer
host    all          all       127.0.0.1/32    scram-sha-256
host    replication  all       127.0.0.1/32    scram-sha-256
HBA
  chown "$PG_OS_USER:$PG_OS_USER" "$PG_DATA/pg_hba.conf" "$PG_DATA/postgresql.conf"
}

pg_provision() { # idempotent: roles, attributes, passwords, database (infra/postgres/bootstrap.sql)
  pg_as "$PG_BIN/psql" -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres -qAtX -v ON_ERROR_STOP=1 \
    <"$INFRA_DIR/postgres/bootstrap.sql" >/dev/null || die "postgres: provisioning roles failed"
}

pg_up() {
  local pid note
  if pid="$(pg_pid)" && pg_healthy; then
    echo "$pid" >"$RUN_DIR/postgres.pid"
    pg_provision
    log "postgres: already up on 127.0.0.1:$PG_PORT (pid $pid)"
    return 0
  fi
  if [[ -n "${pid:-}" ]]; then
    check_recorded_port postgres "$pid" "$PG_PORT" "$PG_LOG"
    fail_service postgres "$PG_PORT" "$PG_LOG" \
      "our cluster in $PG_DATA is running (pid $pid) but not answering on this port (started with another PG_PORT?); run: bash infra/bin/infra down pg"
  fi
  if port_taken_by_other postgres "$PG_PORT" ""; then
    note="$(pg_system_cluster_note)"
    if [[ -n "$note" ]]; then
      fail_service postgres "$PG_PORT" "/var/log/postgresql/postgresql-15-main.log" \
        "the Debian system cluster $note is running on this port. It is not ours: stop it with 'pg_ctlcluster --skip-systemctl-redirect 15 main stop' or set PG_PORT"
    fi
    fail_service postgres "$PG_PORT" "$PG_LOG" "port already in use by $(describe_port_owner "$PG_PORT")$(hint_system_service "$PG_PORT")"
  fi
  pg_init
  touch "$PG_LOG"; chown "$PG_OS_USER:$PG_OS_USER" "$PG_LOG"
  log "postgres: starting on 127.0.0.1:$PG_PORT"
  if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$PG_DATA'" start >/dev/null; then
    fail_service postgres "$PG_PORT" "$PG_LOG" "did not start within ${PG_START_TIMEOUT}s"
  fi
  wait_until "$PG_START_TIMEOUT" pg_healthy || fail_service postgres "$PG_PORT" "$PG_LOG" "not accepting connections"
  pg_pid >"$RUN_DIR/postgres.pid"
  record_port postgres "$PG_PORT"
  pg_provision
  log "postgres: up on 127.0.0.1:$PG_PORT (pid $(cat "$RUN_DIR/postgres.pid"))"
}

pg_down() {
  local pid
  pid="$(pg_pid)" || { rm -f "$RUN_DIR/postgres.pid" "$RUN_DIR/postgres.port"; return 0; }
  log "stopping postgres (pid $pid)"
  # fast = SIGINT: roll back open sessions, checkpoint, exit; fall back to our generic stop.
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null 2>&1 || stop_pid postgres "$pid"
  rm -f "$RUN_DIR/postgres.pid" "$RUN_DIR/postgres.port"
}

pg_status() {
  local pid
  if pid="$(pg_pid)" && pg_healthy; then
    printf '%-11s up    127.0.0.1:%-6s pid %s\n' postgres "$PG_PORT" "$pid"; return 0
  fi
  printf '%-11s down  127.0.0.1:%-6s %s\n' postgres "$PG_PORT" "${pid:+pid $pid (not answering)}"; return 1
}
