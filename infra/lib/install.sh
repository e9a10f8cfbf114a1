# `infra install`: apt packages and Maven-resolved JVM services, each skipped when already present.
# shellcheck shell=bash

APT_UPDATED=0

apt_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_ensure() { # apt_ensure PKG...: install the ones that are missing
  local missing=() p
  for p in "$@"; do apt_installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  log "apt: installing ${missing[*]}"
  if ((APT_UPDATED == 0)); then
    apt-get update -qq >"$CACHE_DIR/apt.log" 2>&1 || { log_tail "$CACHE_DIR/apt.log"; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  # Debian's postinst starts redis-server and the PostgreSQL cluster 15/main on the default ports, where
  # ours then cannot start. A policy-rc.d that answers 101 ("not allowed") is Debian's documented way to
  # keep package installs from starting daemons; only ours is removed afterwards.
  local policy=/usr/sbin/policy-rc.d ours=0
  if [[ ! -e "$policy" && -w /usr/sbin ]]; then
    printf '#!/bin/sh\n# written by bazaar infra/lib/install.sh for the length of one apt-get install\nexit 101\n' >"$policy"
    chmod +x "$policy"; ours=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >>"$CACHE_DIR/apt.log" 2>&1 || { ((ours)) && rm -f "$policy"; log_tail "$CACHE_DIR/apt.log"; die "apt-get install ${missing[*]} failed"; }
  ((ours)) && rm -f "$policy"
  return 0
}

# maven_resolve NAME: copy the runtime classpath of infra/maven/NAME/pom.xml into infra/.cache/NAME/libs.
# A stamp holding the pom's hash makes a second run free; editing the pom re-resolves.
maven_resolve() {
  local name="$1" pom="$INFRA_DIR/maven/$1/pom.xml" out="$CACHE_DIR/$1" hash
  hash="$(sha256sum "$pom" | cut -d' ' -f1)"
  if [[ -f "$out/.resolved" && "$(cat "$out/.resolved")" == "$hash" ]]; then return 0; fi
  command -v mvn >/dev/null || apt_ensure maven
  log "maven: resolving $name (infra/maven/$name/pom.xml)"
  rm -rf "$out/libs.new"; mkdir -p "$out"
  (cd "$INFRA_DIR/maven/$name" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$out/libs.new") >"$out/mvn.log" 2>&1 || { log_tail "$out/mvn.log"; die "maven: resolving $name failed"; }
  # Swap in one step: a JVM already running from libs/ keeps its open jars either way.
  rm -rf "$out/libs.old"; [[ -d "$out/libs" ]] && mv "$out/libs" "$out/libs.old"
  mv "$out/libs.new" "$out/libs"; rm -rf "$out/libs.old"
  echo "$hash" >"$out/.resolved"
}

install_main() {
  local what=("$@") w t0
  ((${#what[@]})) || what=(postgres redis kafka connect opensearch mail s3 chromium)
  ensure_dirs
  for w in "${what[@]}"; do
    t0=$(now_s)
    case "$w" in
      postgres | pg) apt_ensure postgresql-15 postgresql-client-15 ;;
      redis) apt_ensure redis-server ;;
      kafka) command -v java >/dev/null || apt_ensure openjdk-17-jre-headless; maven_resolve kafka ;;
      connect) connect_install ;;
      opensearch) command -v javac >/dev/null || apt_ensure openjdk-17-jdk-headless; maven_resolve opensearch; os_compile_launcher ;;
      s3) command -v java >/dev/null || apt_ensure openjdk-17-jre-headless; maven_resolve s3proxy ;;
      chromium) apt_ensure chromium ;;
      mail | smtp) mail_install ;;
      # Not in the default set: only the test suite needs it (alert rules, infra/prometheus).
      promtool) command -v promtool >/dev/null || apt_ensure prometheus ;;
      *) die "install: unknown component '$w' (postgres redis kafka connect opensearch mail s3 chromium promtool)" ;;
    esac
    log "install: $w ok ($(($(now_s) - t0))s)"
  done
}

# The OpenSearch launcher (infra/opensearch/BazaarOpenSearch.java) compiled against the resolved jars.
os_compile_launcher() {
  local src="$INFRA_DIR/opensearch/BazaarOpenSearch.java" out="$CACHE_DIR/opensearch/classes" hash
  hash="$(cat "$src" "$CACHE_DIR/opensearch/.resolved" | sha256sum | cut -d' ' -f1)"
  [[ -f "$out/.compiled" && "$(cat "$out/.compiled")" == "$hash" ]] && return 0
  log "opensearch: compiling launcher"
  rm -rf "$out"; mkdir -p "$out"
  javac -nowarn -d "$out" -cp "$CACHE_DIR/opensearch/libs/*" "$src" >"$CACHE_DIR/opensearch/javac.log" 2>&1 ||
    { log_tail "$CACHE_DIR/opensearch/javac.log"; die "opensearch: compiling the launcher failed"; }
  echo "$hash" >"$out/.compiled"
}
