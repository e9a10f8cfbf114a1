#!/usr/bin/env bash
# Fresh-machine checks of the setup scripts, with fake tools on a sandboxed PATH: no network, a few
# seconds. Run by scripts/test.sh; run alone with `bash scripts/prereqs.test.sh`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
LISTENERS=()
cleanup() {
  local p
  for p in "${LISTENERS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n%s\n' "$1" "${2:-}" | sed '2,$s/^/     /'; failures=$((failures + 1)); }

# A PATH holding only the basic tools the scripts need, plus whatever fakes a case adds.
sandbox_bin() {
  local dir="$WORK/$1/bin" t
  mkdir -p "$dir"
  for t in bash sh mkdir mktemp rm tar gzip dirname cat sed tail head cut env timeout sort tr grep awk ss printf find; do
    [[ -e "$dir/$t" ]] || ln -s "$(command -v "$t")" "$dir/$t" 2>/dev/null || true
  done
  echo "$dir"
}

# ---- toolchain.sh: npm missing -> a clear message, not a cryptic tar error
bin="$(sandbox_bin no-npm)"
out="$(env -i PATH="$bin" HOME="$WORK" BAZAAR_ROOT="$WORK/no-npm" bash -c "source '$ROOT/scripts/toolchain.sh'" 2>&1)" && rc=0 || rc=$?
# ...and stops there: nothing after the check (tar, the pnpm step) runs.
if ((rc != 0)) && grep -q "npm is not on PATH" <<<"$out" && ! grep -qiE "tar:|pnpm" <<<"$out"; then
  pass "toolchain: names the missing npm and stops"
else
  fail "toolchain: names the missing npm and stops" "$out"
fi

# ---- toolchain.sh: a tarball whose sha512 differs from the pin is refused
bin="$(sandbox_bin bad-tarball)"
ln -sf "$(command -v node)" "$bin/node"
cat >"$bin/npm" <<'FAKE'
#!/usr/bin/env bash
# fake `npm pack SPEC`: a tarball with the right name and the wrong content
name="$(printf '%s' "$2" | tr '@' '-' | sed 's/^-//').tgz"
echo "not node" >"$name"
echo "$name"
FAKE
chmod +x "$bin/npm"
out="$(env -i PATH="$bin" HOME="$WORK" BAZAAR_ROOT="$WORK/bad-tarball" bash -c "source '$ROOT/scripts/toolchain.sh'" 2>&1)" && rc=0 || rc=$?
if ((rc != 0)) && grep -q "refusing to install" <<<"$out" && ! grep -q "pnpm" <<<"$out" && [[ ! -e "$WORK/bad-tarball/.tools/node/bin" ]]; then
  pass "toolchain: refuses a tarball that does not match the pinned sha512"
else
  fail "toolchain: refuses a tarball that does not match the pinned sha512" "$out"
fi

# ---- toolchain.sh: npm's own error is shown, not swallowed
cat >"$bin/npm" <<'FAKE'
#!/usr/bin/env bash
echo "npm error code E404 registry unreachable" >&2
exit 1
FAKE
out="$(env -i PATH="$bin" HOME="$WORK" BAZAAR_ROOT="$WORK/npm-error" bash -c "source '$ROOT/scripts/toolchain.sh'" 2>&1)" && rc=0 || rc=$?
if ((rc != 0)) && grep -q "registry unreachable" <<<"$out"; then pass "toolchain: shows npm's error"; else fail "toolchain: shows npm's error" "$out"; fi

# ---- mail: an old Go is refused with the version it needs
fake_go() { # fake_go DIR VERSION
  printf '#!/usr/bin/env bash\n[[ "$1 $2" == "env GOVERSION" ]] && echo go%s\n' "$2" >"$1/go"
  chmod +x "$1/go"
}
bin="$(sandbox_bin old-go)"
fake_go "$bin" 1.19.8
out="$(env -i PATH="$bin" HOME="$WORK" BAZAAR_CACHE_DIR="$WORK/old-go/cache" BAZAAR_DATA_DIR="$WORK/old-go/data" BAZAAR_RUN_DIR="$WORK/old-go/run" \
  bash -c "source '$ROOT/infra/mail/mail.sh'; mail_check_go" 2>&1)" && rc=0 || rc=$?
if ((rc != 0)) && grep -q "Go 1.19.8 is too old" <<<"$out"; then pass "mail: refuses Go 1.19"; else fail "mail: refuses Go 1.19" "$out"; fi
bin="$(sandbox_bin new-go)"
fake_go "$bin" 1.26.1
out="$(env -i PATH="$bin" HOME="$WORK" BAZAAR_CACHE_DIR="$WORK/new-go/cache" BAZAAR_DATA_DIR="$WORK/new-go/data" BAZAAR_RUN_DIR="$WORK/new-go/run" \
  bash -c "source '$ROOT/infra/mail/mail.sh'; mail_check_go" 2>&1)" && rc=0 || rc=$?
if ((rc == 0)); then pass "mail: accepts Go 1.26"; else fail "mail: accepts Go 1.26" "$out"; fi

# ---- health checks answer without curl on PATH
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port="$(free_port)"
node -e '
  require("http").createServer((q, r) => { r.writeHead(q.url === "/readyz" ? 200 : 503); r.end(q.url === "/readyz" ? "ready" : "no"); })
    .listen(Number(process.argv[1]), "127.0.0.1");' "$port" &
LISTENERS+=($!)
bin="$(sandbox_bin no-curl)"
for _ in $(seq 50); do timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null && break; sleep 0.1; done
ok="$(env -i PATH="$bin" BAZAAR_DATA_DIR="$WORK/no-curl/data" bash -c "source '$ROOT/infra/lib/common.sh'; http_get $port /readyz" 2>&1)" && rc=0 || rc=$?
bad_rc=0
env -i PATH="$bin" BAZAAR_DATA_DIR="$WORK/no-curl/data" bash -c "source '$ROOT/infra/lib/common.sh'; http_get $port /other" >/dev/null 2>&1 || bad_rc=$?
if ((rc == 0)) && [[ "$ok" == ready ]] && ((bad_rc != 0)); then pass "http_get: 2xx body without curl, non-2xx fails"; else fail "http_get without curl" "rc=$rc body='$ok' bad_rc=$bad_rc"; fi

# ---- a Debian redis-server holding the port gets a message that says how to stop it
port="$(free_port)"
bash -c 'exec -a /usr/bin/redis-server node -e "require(\"net\").createServer().listen(Number(process.argv[1]), \"127.0.0.1\")" "$0"' "$port" &
LISTENERS+=($!)
for _ in $(seq 50); do timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null && break; sleep 0.1; done
out="$(REDIS_PORT="$port" BAZAAR_DATA_DIR="$WORK/redis/data" BAZAAR_RUN_DIR="$WORK/redis/run" BAZAAR_CACHE_DIR="$WORK/redis/cache" \
  bash "$ROOT/infra/bin/infra" up --only redis 2>&1)" && rc=0 || rc=$?
if ((rc != 0)) && grep -q "service redis-server stop" <<<"$out"; then pass "infra up: explains a system redis-server on the port"; else fail "infra up: explains a system redis-server on the port" "$out"; fi

((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
echo "all prerequisite checks passed"
