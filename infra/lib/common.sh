# Shared helpers for infra/bin/infra. Sourced, never executed.
# shellcheck shell=bash

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/.." && pwd)"
DATA_DIR="${BAZAAR_DATA_DIR:-$REPO_ROOT/.data}"
RUN_DIR="${BAZAAR_RUN_DIR:-$INFRA_DIR/.run}"
CACHE_DIR="${BAZAAR_CACHE_DIR:-$INFRA_DIR/.cache}"
LOG_DIR="$DATA_DIR/logs"

PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19092}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
CONNECT_PORT="${CONNECT_PORT:-8083}"
# Bounded waits (seconds) before a service is declared failed.
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-20}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-180}"
CONNECT_START_TIMEOUT="${CONNECT_START_TIMEOUT:-120}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
JAVA_BIN="${JAVA_BIN:-java}"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$DATA_DIR" "$RUN_DIR" "$CACHE_DIR" "$LOG_DIR"; }

now_s() { date +%s; }

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# What our process of each kind has in its command line: a recorded pid whose process does not match
# (pid reused after a reboot) is treated as not running, so we never signal someone else's process.
pid_signature() {
  case "$1" in
    redis) echo redis-server ;;
    kafka-*) echo kafka.Kafka ;;
    connect) echo ConnectDistributed ;;
    opensearch) echo BazaarOpenSearch ;;
    s3) echo org.gaul.s3proxy.Main ;;
    postgres) echo postgres ;;
    *) echo "" ;;
  esac
}

read_pid() { # read_pid NAME -> prints pid from infra/.run/NAME.pid if that process is alive and is ours
  local f="$RUN_DIR/$1.pid" pid sig
  [[ -f "$f" ]] || return 1
  pid="$(head -n1 "$f" 2>/dev/null | tr -dc '0-9')"
  pid_alive "$pid" || return 1
  sig="$(pid_signature "$1")"
  if [[ -n "$sig" ]]; then tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$sig" || return 1; fi
  printf '%s' "$pid"
}

# Each running service records the port it was started on, so a later call with another port
# reports the mismatch instead of starting a second copy over the same data directory.
record_port() { echo "$2" >"$RUN_DIR/$1.port"; }
check_recorded_port() { # check_recorded_port NAME PID PORT LOGFILE
  local f="$RUN_DIR/$1.port" was
  [[ -f "$f" ]] || return 0
  was="$(cat "$f")"
  [[ "$was" == "$3" ]] && return 0
  fail_service "$1" "$3" "$4" "ours is already running on port $was (pid $2); run 'bash infra/bin/infra down' for it first, or use port $was"
}

port_open() { # port_open PORT -> 0 if something accepts TCP on 127.0.0.1:PORT
  timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# http_get PORT PATH [SECONDS]: the body of GET http://127.0.0.1:PORT/PATH when it answers 2xx, else
# exit 1. Plain bash over /dev/tcp (HTTP/1.0, so the server closes the connection): health checks must
# not depend on curl, which a fresh Debian machine may lack.
http_get() {
  local port="$1" path="$2" secs="${3:-3}"
  timeout "$secs" bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
    IFS= read -r status <&3 || exit 1
    [[ "$status" =~ ^HTTP/1\.[01]\ 2[0-9][0-9] ]] || exit 1
    while IFS= read -r line <&3; do [[ "$line" == $'"'"'\r'"'"' || -z "$line" ]] && break; done
    cat <&3' _ "$port" "$path" 2>/dev/null
}

# hint_system_service PORT: advice when a Debian package's own daemon (started by apt's postinst) holds PORT.
hint_system_service() {
  local p cmd
  for p in $(port_pids "$1"); do
    cmd="$(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)"
    case "$cmd" in
      *redis-server*) echo "; it looks like Debian's own redis-server (apt starts it on install): stop it with 'service redis-server stop' (or 'redis-cli -p $1 shutdown nosave'), or set REDIS_PORT"; return ;;
      *postgres*) echo "; it looks like Debian's own PostgreSQL: stop it with 'pg_ctlcluster --skip-systemctl-redirect 15 main stop', or set PG_PORT"; return ;;
    esac
  done
}

port_pids() { # pids listening on PORT (any address)
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

describe_port_owner() {
  local port="$1" pids p out=""
  pids="$(port_pids "$port")"
  for p in $pids; do out+="pid $p ($(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-120)) "; done
  printf '%s' "${out:-unknown process}"
}

# is_descendant PID ANCESTOR: true when PID is ANCESTOR or one of its children/grandchildren.
is_descendant() {
  local p="$1" anc="$2" _
  for _ in 1 2 3 4 5 6; do
    [[ "$p" == "$anc" ]] && return 0
    p="$(awk '/^PPid:/{print $2}' /proc/"$p"/status 2>/dev/null)" || return 1
    [[ -z "$p" || "$p" == 0 || "$p" == 1 ]] && return 1
  done
  return 1
}

# port_taken_by_other SERVICE PORT OURPID: exit 0 when PORT is in use by a process that is not ours (SERVICE only documents the call).
port_taken_by_other() {
  local port="$2" ours="${3:-}" p
  port_open "$port" || [[ -n "$(port_pids "$port")" ]] || return 1
  if [[ -n "$ours" ]]; then
    for p in $(port_pids "$port"); do is_descendant "$p" "$ours" || return 0; done
    return 1
  fi
  return 0
}

log_tail() { # log_tail FILE
  local f="$1"
  if [[ -f "$f" ]]; then
    printf '[infra] ---- last lines of %s ----\n' "$f" >&2
    tail -n 25 "$f" >&2 || true
    printf '[infra] ----\n' >&2
  else
    printf '[infra] (no log file at %s)\n' "$f" >&2
  fi
}

fail_service() { # fail_service SERVICE PORT LOGFILE MESSAGE
  printf '[infra] FAILED: %s on 127.0.0.1:%s: %s\n' "$1" "$2" "$4" >&2
  log_tail "$3"
  exit 1
}

rotate_log() { # keep one previous log so a restart does not hide why the last run died
  local f="$1"
  [[ -f "$f" ]] && mv -f "$f" "$f.1"
  : >"$f"
}

# stop_pid NAME PID: SIGTERM, bounded wait, then SIGKILL. Only ever called with a PID we recorded.
stop_pid() {
  local name="$1" pid="$2" waited=0
  pid_alive "$pid" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while pid_alive "$pid" && ((waited < STOP_TIMEOUT * 10)); do sleep 0.1; waited=$((waited + 1)); done
  if pid_alive "$pid"; then
    log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
}

# wait_until SECONDS CMD...: poll CMD every 0.2s until it succeeds or time runs out.
wait_until() {
  local limit="$1"; shift
  local deadline=$(($(now_s) + limit))
  until "$@"; do
    (($(now_s) >= deadline)) && return 1
    sleep 0.2
  done
}

# start_detached PIDFILE LOGFILE CMD...: run CMD in its own session, output to LOGFILE, record its pid.
start_detached() {
  local pidfile="$1" logfile="$2"; shift 2
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
}
