# Redis 7 from Debian's redis-server, daemonized, append-only file in .data/redis.
# shellcheck shell=bash

REDIS_DATA="$DATA_DIR/redis"
REDIS_LOG="$LOG_DIR/redis.log"
REDIS_PIDFILE="$RUN_DIR/redis.pid"

redis_healthy() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_up() {
  local pid="" deadline
  if pid="$(read_pid redis)"; then
    check_recorded_port redis "$pid" "$REDIS_PORT" "$REDIS_LOG"
    wait_until "$REDIS_START_TIMEOUT" redis_healthy ||
      fail_service redis "$REDIS_PORT" "$REDIS_LOG" "our redis (pid $pid) does not answer PING"
    log "redis: already up on 127.0.0.1:$REDIS_PORT (pid $pid)"; return 0
  fi
  command -v redis-server >/dev/null || die "redis: redis-server not installed; run: bash infra/bin/infra install"
  if port_taken_by_other redis "$REDIS_PORT" ""; then
    fail_service redis "$REDIS_PORT" "$REDIS_LOG" "port already in use by $(describe_port_owner "$REDIS_PORT")$(hint_system_service "$REDIS_PORT")"
  fi
  mkdir -p "$REDIS_DATA"
  rm -f "$REDIS_PIDFILE"
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --dir "$REDIS_DATA" --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" \
    --appendonly yes --appendfsync everysec ||
    fail_service redis "$REDIS_PORT" "$REDIS_LOG" "redis-server refused to start"
  record_port redis "$REDIS_PORT"
  deadline=$(($(now_s) + REDIS_START_TIMEOUT))
  until redis_healthy && read_pid redis >/dev/null; do
    # The daemon writes its pidfile before binding and removes it when it exits: a vanished pidfile
    # after the first second means it died (e.g. the port was taken meanwhile).
    if (($(now_s) >= deadline)); then fail_service redis "$REDIS_PORT" "$REDIS_LOG" "no PONG within ${REDIS_START_TIMEOUT}s"; fi
    if ! read_pid redis >/dev/null && (($(now_s) + REDIS_START_TIMEOUT - deadline >= 1)); then
      fail_service redis "$REDIS_PORT" "$REDIS_LOG" "redis-server exited during startup"
    fi
    sleep 0.2
  done
  log "redis: up on 127.0.0.1:$REDIS_PORT (pid $(read_pid redis))"
}

redis_down() {
  local pid
  pid="$(read_pid redis)" || { rm -f "$REDIS_PIDFILE" "$RUN_DIR/redis.port"; return 0; }
  stop_pid redis "$pid" # SIGTERM makes redis fsync the AOF and save before exiting
  rm -f "$REDIS_PIDFILE" "$RUN_DIR/redis.port"
}

redis_status() {
  local pid
  if pid="$(read_pid redis)" && redis_healthy; then
    printf '%-11s up    127.0.0.1:%-6s pid %s\n' redis "$REDIS_PORT" "$pid"; return 0
  fi
  printf '%-11s down  127.0.0.1:%-6s %s\n' redis "$REDIS_PORT" "${pid:+pid $pid (not answering)}"; return 1
}
