#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds with warnings as
# errors, checks that the container publish works, runs every test and prints
# "N passed, N failed" as the last line. Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export FORUM_CHROMIUM=/usr/bin/chromium

log() { echo "==> $*" >&2; }

# --- 1. System packages the tests use ---------------------------------------
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)

if ((${#missing[@]} > 0)); then
  SUDO=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      echo "Missing packages (${missing[*]}) and not root without sudo: install them first." >&2
      exit 1
    fi
  fi
  log "Installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. A private PostgreSQL server for the tests that run on it -------------------
# Its own cluster in a temp folder on a free loopback port (never 5432), stopped at exit, also on failure.
PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/forumapp-pg.XXXXXX")"
PUBLISH_DIR=""
cleanup() {
  if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  [[ -z "$PUBLISH_DIR" ]] || rm -rf "$PUBLISH_DIR"
}
trap cleanup EXIT
# initdb refuses root: as root the cluster belongs to the postgres user the package created.
pg_as_owner() {
  # From the cluster's own folder: the postgres user may not enter the folder the tests run in.
  if [[ "$(id -u)" -eq 0 ]]; then (cd "$PG_DIR" && runuser -u postgres -- "$@"); else "$@"; fi
}
if [[ "$(id -u)" -eq 0 ]]; then chown postgres "$PG_DIR"; fi
PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)"
log "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U forum >/dev/null
pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c track_commit_timestamp=on" -l "$PG_DIR/log" -w start >/dev/null
export FORUM_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=forum;Database=postgres"

# --- 3. Build ------------------------------------------------------------------
log "Building (Release, warnings as errors)"
dotnet build ForumApp.sln -c Release -warnaserror -v q -nologo

# --- 4. The same publish the Dockerfile runs ------------------------------------
PUBLISH_DIR="$(mktemp -d "${TMPDIR:-/tmp}/forumapp-publish.XXXXXX")"
log "Publishing ForumApp (Release) to check the container build step"
dotnet publish ForumApp/ForumApp.csproj -c Release -o "$PUBLISH_DIR" -v q -nologo
rm -rf "$PUBLISH_DIR"

# --- 5. Tests -------------------------------------------------------------------
RESULTS_DIR="$ROOT/TestResults"
rm -rf "$RESULTS_DIR"
log "Running tests"
test_rc=0
dotnet test ForumApp.sln -c Release --no-build \
  --logger "trx;LogFileName=results.trx" \
  --results-directory "$RESULTS_DIR" \
  --blame-hang-timeout 20m --blame-hang-dump-type none || test_rc=$?

# --- 6. Summary from the TRX file(s) ------------------------------------------
total=0 executed=0 passed=0 failed=0
trx_files=()
if [[ -d "$RESULTS_DIR" ]]; then
  while IFS= read -r -d '' f; do trx_files+=("$f"); done \
    < <(find "$RESULTS_DIR" -type f -name '*.trx' -print0)
fi

# Value of attribute $2 in the <Counters .../> element $1 (0 when absent).
counter() {
  local v
  v="$(printf '%s\n' "$1" | sed -n "s/.*[[:space:]]$2=\"\([0-9]*\)\".*/\1/p")"
  echo "${v:-0}"
}

for f in ${trx_files[@]+"${trx_files[@]}"}; do
  counters="$(tr '\n' ' ' < "$f" | grep -o '<Counters[^>]*>' | head -n 1 || true)"
  [[ -n "$counters" ]] || continue
  total=$((total + $(counter "$counters" total)))
  executed=$((executed + $(counter "$counters" executed)))
  passed=$((passed + $(counter "$counters" passed)))
  failed=$((failed + $(counter "$counters" failed) + $(counter "$counters" error) \
    + $(counter "$counters" timeout) + $(counter "$counters" aborted)))
done

status=0
if ((${#trx_files[@]} == 0)); then
  echo "No TRX results were produced in $RESULTS_DIR." >&2
  status=1
fi
if ((test_rc != 0)); then
  echo "dotnet test exited with code $test_rc." >&2
  status=1
fi
if ((executed == 0)); then
  echo "No tests were executed (total in results: $total)." >&2
  status=1
fi
if ((failed > 0)); then
  status=1
fi

echo "$passed passed, $failed failed"
exit "$status"
