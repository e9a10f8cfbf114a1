# Redis 7 from Debian's redis-server, daemonized, append-only file in .data/redis.
# shellcheck shell=bash

REDIS_DATA="$DATA_DIR/redis"
REDIS_LOG="$LOG_DIR/redis.log"
REDIS_PIDFILE="$RUN_DIR/redis.pid"

redis_healthy() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_up() {
  local pid=""
  if pid="$(read_pid redis)" && redis_healthy; then
    log "redis: already up on 127.0.0.1:$REDIS_PORT (pid $pid)"; return 0
  fi
  command -v redis-server >/dev/null || die "redis: redis-server not installed; run: bash infra/bin/infra install"
  if port_taken_by_other redis "$REDIS_PORT" "$pid"; then
    fail_service redis "$REDIS_PORT" "$REDIS_LOG" "port already in use by $(describe_port_owner "$REDIS_PORT")"
  fi
  mkdir -p "$REDIS_DATA"
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --dir "$REDIS_DATA" --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" \
    --appendonly yes --appendfsync everysec ||
    fail_service redis "$REDIS_PORT" "$REDIS_LOG" "redis-server refused to start"
  wait_until "$REDIS_START_TIMEOUT" redis_healthy ||
    fail_service redis "$REDIS_PORT" "$REDIS_LOG" "no PONG within ${REDIS_START_TIMEOUT}s"
  wait_until 5 read_pid redis >/dev/null || true
  log "redis: up on 127.0.0.1:$REDIS_PORT (pid $(read_pid redis || echo '?'))"
}

redis_down() {
  local pid
  pid="$(read_pid redis)" || { rm -f "$REDIS_PIDFILE"; return 0; }
  stop_pid redis "$pid" # SIGTERM makes redis rewrite/fsync the AOF before exiting
  rm -f "$REDIS_PIDFILE"
}

redis_status() {
  local pid
  if pid="$(read_pid redis)" && redis_healthy; then
    printf '%-11s up    127.0.0.1:%-6s pid %s\n' redis "$REDIS_PORT" "$pid"; return 0
  fi
  printf '%-11s down  127.0.0.1:%-6s %s\n' redis "$REDIS_PORT" "${pid:+pid $pid (not answering)}"; return 1
}
