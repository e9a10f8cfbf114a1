# S3-compatible object storage: S3Proxy (Apache-2.0, Maven Central) with its filesystem backend, so
# objects are plain files under .data/s3/<bucket>/<key>. See docs/decisions/0007-object-storage-s3proxy.md.
# shellcheck shell=bash

S3_PORT="${S3_PORT:-9000}"
S3_REGION="${S3_REGION:-us-east-1}"
S3_BUCKET="${S3_BUCKET:-bazaar-media}"
# Fixed local development credentials: the server listens on loopback only and holds test data.
S3_ACCESS_KEY_ID="${S3_ACCESS_KEY_ID:-bazaar-local}"
S3_SECRET_ACCESS_KEY="${S3_SECRET_ACCESS_KEY:-bazaar-local-secret}"
# Browsers PUT to presigned URLs from the Next apps' origins (space-separated list).
S3_CORS_ORIGINS="${S3_CORS_ORIGINS:-http://127.0.0.1:3000 http://127.0.0.1:3001 http://localhost:3000 http://localhost:3001 http://127.0.0.1:3100 http://127.0.0.1:3101}"
S3_START_TIMEOUT="${S3_START_TIMEOUT:-60}"
S3_HEAP_OPTS="${S3_HEAP_OPTS:--Xms64m -Xmx256m}"
S3_DATA="$DATA_DIR/s3"
S3_LOG="$LOG_DIR/s3.log"
S3_PIDFILE="$RUN_DIR/s3.pid"
S3_CONF="$DATA_DIR/s3.properties"

s3_endpoint() { echo "http://127.0.0.1:$S3_PORT"; }

# An anonymous request to the service root answers 403 AccessDenied from S3Proxy itself (a bare TCP
# listener or another HTTP server would not say that), so this proves the S3 handler is serving.
s3_healthy() {
  curl -s --max-time 2 "$(s3_endpoint)/" 2>/dev/null | grep -q '<Code>AccessDenied</Code>'
}

# With the filesystem backend a bucket is a directory: creating it here is idempotent and needs no
# signed request (so `up` works before `pnpm install`). The data-lake archive will get its own bucket.
s3_ensure_bucket() { mkdir -p "$S3_DATA/$S3_BUCKET"; }

s3_write_conf() {
  cat >"$S3_CONF" <<CONF
# Written by infra/lib/s3.sh on every start; edit that file, not this one.
s3proxy.endpoint=$(s3_endpoint)
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY_ID
s3proxy.credential=$S3_SECRET_ACCESS_KEY
s3proxy.cors-allow-origins=$S3_CORS_ORIGINS
s3proxy.cors-allow-methods=GET HEAD PUT
s3proxy.cors-allow-headers=content-type content-length authorization x-amz-date x-amz-content-sha256
s3proxy.cors-exposed-headers=ETag
jclouds.provider=filesystem
jclouds.filesystem.basedir=$S3_DATA
jclouds.region=$S3_REGION
CONF
}

s3_up() {
  local pid=""
  ensure_dirs
  if pid="$(read_pid s3)"; then
    check_recorded_port s3 "$pid" "$S3_PORT" "$S3_LOG"
    wait_until "$S3_START_TIMEOUT" s3_healthy || fail_service s3 "$S3_PORT" "$S3_LOG" "our S3Proxy (pid $pid) does not answer"
    s3_ensure_bucket
    log "s3: already up on $(s3_endpoint) (pid $pid)"; return 0
  fi
  [[ -f "$CACHE_DIR/s3proxy/.resolved" ]] || die "s3: S3Proxy not installed; run: bash infra/bin/infra install s3"
  if port_taken_by_other s3 "$S3_PORT" ""; then
    fail_service s3 "$S3_PORT" "$S3_LOG" "port already in use by $(describe_port_owner "$S3_PORT") (set S3_PORT)"
  fi
  mkdir -p "$S3_DATA"
  s3_ensure_bucket
  s3_write_conf
  rotate_log "$S3_LOG"
  log "s3: starting S3Proxy on $(s3_endpoint), bucket $S3_BUCKET"
  # shellcheck disable=SC2086 # S3_HEAP_OPTS is a list of JVM flags
  start_detached "$S3_PIDFILE" "$S3_LOG" "$JAVA_BIN" $S3_HEAP_OPTS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlogback.configurationFile="$INFRA_DIR/s3/logback.xml" -Dbazaar.service=s3 \
    -cp "$CACHE_DIR/s3proxy/libs/*" org.gaul.s3proxy.Main --properties "$S3_CONF"
  record_port s3 "$S3_PORT"
  wait_until "$S3_START_TIMEOUT" s3_healthy || {
    pid="$(read_pid s3 || true)"
    [[ -n "$pid" ]] && stop_pid s3 "$pid"
    rm -f "$S3_PIDFILE" "$RUN_DIR/s3.port"
    fail_service s3 "$S3_PORT" "$S3_LOG" "no S3 answer within ${S3_START_TIMEOUT}s"
  }
  log "s3: up on $(s3_endpoint) (pid $(read_pid s3 || echo '?'))"
}

s3_down() {
  local pid
  pid="$(read_pid s3)" || { rm -f "$S3_PIDFILE" "$RUN_DIR/s3.port"; return 0; }
  stop_pid s3 "$pid"
  rm -f "$S3_PIDFILE" "$RUN_DIR/s3.port"
}

s3_status() {
  local pid
  if pid="$(read_pid s3)" && s3_healthy; then
    printf '%-11s up    127.0.0.1:%-6s pid %s (bucket %s)\n' s3 "$S3_PORT" "$pid" "$S3_BUCKET"; return 0
  fi
  printf '%-11s down  127.0.0.1:%-6s %s\n' s3 "$S3_PORT" "${pid:+pid $pid (not answering)}"; return 1
}

s3_env() {
  echo "export S3_ENDPOINT=$(s3_endpoint)"
  echo "export S3_REGION=$S3_REGION"
  echo "export S3_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID"
  echo "export S3_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY"
  echo "export S3_BUCKET=$S3_BUCKET"
}
