#!/usr/bin/env bash
# A real SMTP server for development and tests: Mailpit, built from the Go module proxy.
#   bash infra/mail/mail.sh install   build infra/.cache/bin/mailpit once (no-op when the pinned version is there)
#   bash infra/mail/mail.sh up        start on 127.0.0.1:$SMTP_PORT (SMTP) and 127.0.0.1:$MAIL_UI_PORT (HTTP API)
#   bash infra/mail/mail.sh down      stop what `up` started
#   bash infra/mail/mail.sh status    one line; exit 0 only when SMTP and the API answer
#   bash infra/mail/mail.sh env       export lines (SMTP_URL, MAIL_API_URL)
# infra/bin/infra may also `source` this file and call mail_install/mail_up/mail_down/mail_status/mail_env.
#
# Why a build and not `go install mailpit@v`: the proxy serves the module but refuses its version list,
# which `go install pkg@version` reads to check for deprecation, so we download the module and build it.
# The module carries the web UI's sources but not its bundle (made by npm at release time): we build it
# with npm when npm is there; without it the browser page is blank but SMTP and the HTTP API
# (/api/v1/messages, /api/v1/message/{id}) that tests use are complete.
# shellcheck shell=bash

MAIL_DIR_SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! declare -F fail_service >/dev/null; then
  # shellcheck source=../lib/common.sh
  source "$MAIL_DIR_SELF/../lib/common.sh"
fi

MAILPIT_VERSION="${MAILPIT_VERSION:-v1.27.11}"
MAILPIT_MODULE="github.com/axllent/mailpit"
SMTP_PORT="${SMTP_PORT:-1025}"
MAIL_UI_PORT="${MAIL_UI_PORT:-8025}"
MAIL_START_TIMEOUT="${MAIL_START_TIMEOUT:-30}"
# Cold build (download, UI bundle, compile on 2 cores) measured at about 3 minutes.
MAIL_BUILD_TIMEOUT="${MAIL_BUILD_TIMEOUT:-600}"
MAILPIT_BIN="$CACHE_DIR/bin/mailpit"
MAILPIT_STAMP="$CACHE_DIR/bin/.mailpit-version"
MAIL_DATA="$DATA_DIR/mail"
MAIL_LOG="$LOG_DIR/mail.log"
MAIL_PIDFILE="$RUN_DIR/mail.pid"

mail_installed() {
  [[ -x "$MAILPIT_BIN" && -f "$MAILPIT_STAMP" && "$(cat "$MAILPIT_STAMP")" == "$MAILPIT_VERSION" ]]
}

MAIL_GO_MIN="1.24"

# Mailpit's go.mod needs a recent Go; Debian 12's golang-go is 1.19, which fails deep in the build.
mail_check_go() {
  local v
  command -v go >/dev/null ||
    die "mail: the Go toolchain (go >= $MAIL_GO_MIN) is needed to build Mailpit and is not on PATH (Debian 12's golang-go is too old; install Go >= $MAIL_GO_MIN and put its bin/ first on PATH)"
  v="$(go env GOVERSION 2>/dev/null || true)"
  v="${v#go}"
  [[ "$v" =~ ^[0-9]+\.[0-9]+ ]] || die "mail: could not read the Go version ('go env GOVERSION' said '$v')"
  if ! printf '%s\n%s\n' "$MAIL_GO_MIN" "$v" | sort -V -C; then
    die "mail: Go $v is too old to build Mailpit $MAILPIT_VERSION (needs >= $MAIL_GO_MIN); install a newer Go and put it first on PATH"
  fi
}

mail_install() {
  ensure_dirs
  mail_installed && return 0
  mail_check_go
  local build_log="$CACHE_DIR/mailpit-build.log" dir src="$CACHE_DIR/mailpit-src"
  log "mail: building Mailpit $MAILPIT_VERSION (first time only, about 3 minutes)"
  : >"$build_log"
  dir="$(cd "$CACHE_DIR" && go mod download -json "$MAILPIT_MODULE@$MAILPIT_VERSION" 2>>"$build_log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || { log_tail "$build_log"; die "mail: could not download $MAILPIT_MODULE@$MAILPIT_VERSION"; }
  # A writable copy: the module cache is read-only, and the web UI is built into server/ui/dist.
  rm -rf "$src" && cp -r "$dir" "$src" && chmod -R u+w "$src"
  if command -v npm >/dev/null &&
    (cd "$src" && npm ci --no-audit --no-fund --loglevel=error && npm run build) >>"$build_log" 2>&1; then
    :
  else
    log "mail: web UI not built (see $build_log); SMTP and the HTTP API work without it"
  fi
  mkdir -p "$CACHE_DIR/bin"
  (cd "$src" && GOFLAGS="-buildvcs=false -mod=mod" timeout "$MAIL_BUILD_TIMEOUT" \
    go build -trimpath -ldflags "-s -w -X $MAILPIT_MODULE/config.Version=$MAILPIT_VERSION" \
    -o "$MAILPIT_BIN.tmp" .) >>"$build_log" 2>&1 || { log_tail "$build_log"; die "mail: building Mailpit failed"; }
  rm -rf "$src"
  mv -f "$MAILPIT_BIN.tmp" "$MAILPIT_BIN"
  echo "$MAILPIT_VERSION" >"$MAILPIT_STAMP"
}

mail_api_healthy() { http_get "$MAIL_UI_PORT" /readyz 2 >/dev/null; }
mail_healthy() { mail_api_healthy && port_open "$SMTP_PORT"; }

mail_up() {
  local pid="" port
  ensure_dirs
  if pid="$(read_pid mail)" && mail_healthy; then
    log "mail: already up, SMTP 127.0.0.1:$SMTP_PORT, API http://127.0.0.1:$MAIL_UI_PORT (pid $pid)"; return 0
  fi
  if [[ -n "$pid" ]]; then # ours, but not answering on the configured ports (hung, or other ports asked)
    die "mail: pid $pid from $MAIL_PIDFILE is running but SMTP 127.0.0.1:$SMTP_PORT / API 127.0.0.1:$MAIL_UI_PORT do not answer; run: bash infra/mail/mail.sh down"
  fi
  mail_installed || mail_install
  for port in "$SMTP_PORT" "$MAIL_UI_PORT"; do
    if port_taken_by_other mail "$port" ""; then
      fail_service mail "$port" "$MAIL_LOG" "port $port already in use by $(describe_port_owner "$port") (set SMTP_PORT / MAIL_UI_PORT)"
    fi
  done
  mkdir -p "$MAIL_DATA"
  rotate_log "$MAIL_LOG"
  log "mail: starting Mailpit, SMTP 127.0.0.1:$SMTP_PORT, API http://127.0.0.1:$MAIL_UI_PORT"
  # Any SMTP credentials are accepted (without TLS) so clients configured for a real relay work unchanged;
  # no reverse DNS (no network here); messages persist across restarts in .data/mail (oldest dropped past 5000).
  start_detached "$MAIL_PIDFILE" "$MAIL_LOG" "$MAILPIT_BIN" \
    --smtp "127.0.0.1:$SMTP_PORT" --listen "127.0.0.1:$MAIL_UI_PORT" \
    --database "$MAIL_DATA/mailpit.db" --max 5000 \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --smtp-disable-rdns \
    --disable-version-check --block-remote-css-and-fonts
  wait_until "$MAIL_START_TIMEOUT" mail_healthy || {
    pid="$(read_pid mail || true)"
    [[ -n "$pid" ]] && stop_pid mail "$pid"
    rm -f "$MAIL_PIDFILE"
    fail_service mail "$SMTP_PORT" "$MAIL_LOG" "not answering within ${MAIL_START_TIMEOUT}s (SMTP $SMTP_PORT, API $MAIL_UI_PORT)"
  }
  log "mail: up (pid $(read_pid mail || echo '?'))"
}

mail_down() {
  local pid
  pid="$(read_pid mail)" || { rm -f "$MAIL_PIDFILE"; return 0; }
  stop_pid mail "$pid"
  rm -f "$MAIL_PIDFILE"
}

mail_status() {
  local pid
  if pid="$(read_pid mail)" && mail_healthy; then
    printf '%-11s up    127.0.0.1:%-6s pid %s (API http://127.0.0.1:%s)\n' mail "$SMTP_PORT" "$pid" "$MAIL_UI_PORT"; return 0
  fi
  printf '%-11s down  127.0.0.1:%-6s %s\n' mail "$SMTP_PORT" "${pid:+pid $pid (not answering)}"; return 1
}

mail_env() {
  echo "export SMTP_URL=smtp://127.0.0.1:$SMTP_PORT"
  echo "export MAIL_API_URL=http://127.0.0.1:$MAIL_UI_PORT"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    install) mail_install; log "mail: installed ($MAILPIT_BIN $MAILPIT_VERSION)" ;;
    up) mail_up ;;
    down) mail_down ;;
    status) mail_status ;;
    env) mail_env ;;
    *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; [[ -z "${1:-}" || "${1:-}" == help || "${1:-}" == -h ]] || exit 2 ;;
  esac
fi
