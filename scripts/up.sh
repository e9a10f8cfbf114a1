#!/usr/bin/env bash
# The whole platform from a fresh clone: toolchain, dependencies, real services, migrations, topics,
# demo data, then the API server, workers (with the outbox relay), storefront and admin in the
# foreground. Ctrl-C stops the app processes this script started (services keep running; stop them
# with `bash infra/bin/infra down`).
#
# The Next apps run as a user would meet them: production builds (`next build`, cached by turbo so an
# unchanged tree starts at once) served by `next start`. `--dev` runs `next dev` with hot reload instead.
# Every other argument goes to `infra up` (e.g. `--brokers 3`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

mode=production
infra_args=()
for arg in "$@"; do
  case "$arg" in
    --dev) mode=development ;;
    *) infra_args+=("$arg") ;;
  esac
done

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "dependencies"
pnpm install --frozen-lockfile

step "infrastructure"
bash infra/bin/infra install
bash infra/bin/infra up "${infra_args[@]}"
eval "$(bash infra/bin/infra env)"
[ -f .env ] && { set -a; source .env; set +a; }

step "development secrets"
# Signing and encryption keys of this installation (git-ignored .data/dev-secrets.env), made once before
# the apps start so every process reads the same ones. Production sets them in the environment instead.
node --import tsx scripts/dev-secrets.ts
# The Next apps run as production builds (NODE_ENV=production), which refuse to start without their
# secrets in the environment: hand every process this installation's generated ones (random per
# machine, git-ignored, never a committed value), and each Next app the origin it is served on.
set -a
# shellcheck disable=SC1090
source "${BAZAAR_DEV_SECRETS_FILE:-.data/dev-secrets.env}"
set +a

step "database, topics, CDC connector, demo data"
pnpm --filter @bazaar/db generate
pnpm --filter @bazaar/db migrate
pnpm --filter @bazaar/events topics
# Debezium streams stock_levels of this database to inventory.cdc (idempotent: updates the config in place).
pnpm --filter @bazaar/events cdc:register
pnpm --filter @bazaar/db seed

if [ "$mode" = production ]; then
  step "production builds (web, admin)"
  pnpm turbo run build --filter=@bazaar/web --filter=@bazaar/admin
fi

step "applications ($mode)"
mkdir -p .data/logs
pids=()
start() { # name, command... — each app in its own session/process group, so stopping reaches every child
  local name=$1; shift
  setsid bash -c 'name=$1; shift; "$@" 2>&1 | sed -u "s/^/[$name] /"' _ "$name" "$@" &
  pids+=($!)
}
stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping applications..."
  local pid deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # Graceful first (the API and workers drain in-flight work), then force whatever is left.
  for pid in "${pids[@]}"; do
    while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap stop_all INT TERM EXIT

# The payment provider sandbox (its own process, like a real provider): hosted page and signed webhooks to the API.
start payments-sandbox pnpm --filter @bazaar/payments start
start api pnpm --filter @bazaar/api start
start workers env WORKERS="${WORKERS:-all}" pnpm --filter @bazaar/workers start
next_cmd=start
[ "$mode" = development ] && next_cmd=dev
start web env NEXTAUTH_SECRET="$NEXTAUTH_SECRET_WEB" NEXTAUTH_URL="${WEB_ORIGIN:-http://127.0.0.1:3000}" pnpm --filter @bazaar/web "$next_cmd"
start admin env NEXTAUTH_SECRET="$NEXTAUTH_SECRET_ADMIN" NEXTAUTH_URL="${ADMIN_ORIGIN:-http://127.0.0.1:3001}" pnpm --filter @bazaar/admin "$next_cmd"

cat <<MSG

Bazaar is starting:
  storefront   http://127.0.0.1:3000
  admin + ops  http://127.0.0.1:3001
  tRPC API     http://127.0.0.1:4000/trpc   (health: /health, /ready, /metrics)
  workers      http://127.0.0.1:4100/health (/ready, /metrics)
  payments     http://127.0.0.1:4200          (sandbox provider: hosted page, webhooks to /webhooks/sandbox)
  object store http://127.0.0.1:9000          (S3, bucket bazaar-media; images)
Demo logins are printed above by the seed step. Ctrl-C to stop the applications.
MSG
wait -n "${pids[@]}"
