#!/usr/bin/env bash
# The whole test suite from a fresh clone on a fresh machine: toolchain, dependencies, real services,
# migrations, topics, typecheck, lint, unit + integration tests, production builds and browser e2e.
# Services this script starts are stopped at the end unless BAZAAR_KEEP_INFRA=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "dependencies"
pnpm install --frozen-lockfile

step "infrastructure"
# `up` includes Kafka Connect: the CDC tests register their own Debezium connectors on it (CONNECT_URL).
was_up=0
bash infra/bin/infra status >/dev/null 2>&1 && was_up=1
bash infra/bin/infra install
# promtool (Debian's prometheus package) checks and unit-tests the alert rules below.
bash infra/bin/infra install promtool
# The setup scripts' own checks (fake tools on a sandboxed PATH; needs the installed redis-server).
bash scripts/prereqs.test.sh
bash infra/bin/infra up
if [ "$was_up" = 0 ] && [ "${BAZAAR_KEEP_INFRA:-0}" != 1 ]; then
  trap 'bash infra/bin/infra down || true' EXIT
fi
eval "$(bash infra/bin/infra env)"
# Tests run against their own database so a developer's demo data is never touched.
export DATABASE_URL="${DATABASE_URL%/*}/bazaar_test"
export DATABASE_OWNER_URL="${DATABASE_OWNER_URL%/*}/bazaar_test"
# NODE_ENV=test: each process takes random signing and encryption keys of its own (none are configured or
# written to disk); the browser e2e runs get throwaway ones from the Playwright preset.
export NODE_ENV=test
# A fresh signing key per run for any sandbox/API pair started from this environment (tests that start
# their own sandbox pass theirs explicitly).
PAYMENTS_SANDBOX_WEBHOOK_SECRET="whsec_test_$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')"
export PAYMENTS_SANDBOX_WEBHOOK_SECRET

step "generate + migrate + topics"
pnpm --filter @bazaar/db generate
pnpm --filter @bazaar/db reset
pnpm --filter @bazaar/events topics

step "typecheck + lint"
pnpm turbo run typecheck lint
# Runtime import cycles (type-only imports are fine): a module evaluated half-way is a bug waiting.
pnpm lint:cycles

step "alert rules"
promtool check rules infra/prometheus/alerts.yml
promtool test rules infra/prometheus/alerts.test.yml

step "unit + integration tests"
pnpm vitest run

step "build + browser e2e"
pnpm turbo run build --filter=@bazaar/web --filter=@bazaar/admin
pnpm --filter @bazaar/web e2e
pnpm --filter @bazaar/admin e2e

step "all green"
