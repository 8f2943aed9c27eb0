#!/usr/bin/env bash
# Proef / trial: PostgreSQL, the participant server and JupyterLab on one machine, no containers.
#
#   deploy/proef.sh [CASUS] [-- JUPYTERLAB-ARGS...]   (default casus: molenwijk)
#
# Makes a PostgreSQL cluster in .sprintkit/proef/ (initdb, once), starts it on a Unix socket and
# 127.0.0.1:$PROEF_PG_PORT, points SPRINTKIT_STORE at it, starts a journey when there is none,
# starts the participant server for it (the notebook's participants panel finds it again) and
# runs JupyterLab on the notebooks. Ctrl-C (or SIGTERM) stops all three, then the script ends;
# the data stays. Needs Debian's postgresql (`make postgres`) and sprintkit installed with the
# postgres extra (`make` does: .[dev]). Run as root, PostgreSQL runs as the postgres system user
# (it refuses root).
#
# Settings (environment): PROEF_DIR (the folder for the cluster, logs and lab settings),
# PROEF_PG_PORT (55432), PROEF_SERVE_PORT (8765), PROEF_LAB_PORT (8888), PROEF_PYTHON (the
# Python with sprintkit; default .venv/bin/python, else python3), SPRINTKIT_SERVE_URL (where
# phones reach the participant server; default this machine's first address).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASUS="${1:-molenwijk}"
[ "$#" -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
DIR="${PROEF_DIR:-$ROOT/.sprintkit/proef}"
PG_PORT="${PROEF_PG_PORT:-55432}"
SERVE_PORT="${PROEF_SERVE_PORT:-8765}"
LAB_PORT="${PROEF_LAB_PORT:-8888}"
PY="${PROEF_PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"
if ! "$PY" -c "import sprintkit, psycopg, jupyterlab" 2>/dev/null; then
  echo "sprintkit met PostgreSQL en JupyterLab ontbreekt in $PY: draai 'make' (pip install -e '.[dev]')." >&2
  exit 1
fi

PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
[ -n "$PGBIN" ] || PGBIN="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
if [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL ontbreekt: installeer het met 'make postgres' (Debian: apt-get install postgresql)." >&2
  exit 1
fi

AS_PG=()
mkdir -p "$DIR/run"
if [ "$(id -u)" = 0 ]; then
  AS_PG=(runuser -u postgres --)
  chown postgres: "$DIR" "$DIR/run"  # the cluster's folders; the rest stays root's
fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  echo "PostgreSQL-cluster aanmaken in $DIR/data"
  # initdb's defaults are a real server's: fsync and synchronous_commit on
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
fi

LAB_PID=""
stop() {
  trap - EXIT INT TERM
  if [ -n "$LAB_PID" ]; then
    kill -TERM "$LAB_PID" 2>/dev/null || true
    wait "$LAB_PID" 2>/dev/null || true
  fi
  if [ -n "${SPRINTKIT_STORE:-}" ]; then
    "$PY" -c "from sprintkit.server_process import stop_server; stop_server('$SPRINTKIT_STORE')" || true
  fi
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  echo "Proef gestopt (de gegevens blijven in $DIR/data)."
}
# bash runs a trap only between commands: JupyterLab runs in the background and the script
# waits for it, so Ctrl-C or SIGTERM stops everything at once, not after JupyterLab ends
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w start \
  -o "-p $PG_PORT -k $DIR/run -c listen_addresses=127.0.0.1" >/dev/null
export SPRINTKIT_STORE="postgresql:///postgres?host=$DIR/run&port=$PG_PORT&user=postgres&schema=proef"
echo "Sessie-opslag: $SPRINTKIT_STORE"

"$PY" -m sprintkit.cli journey status "$CASUS" >/dev/null 2>&1 \
  || "$PY" -m sprintkit.cli journey start "$CASUS"
# phones on the same network reach this machine's first address (the QR code shows it)
ADDRESS="$(hostname -I 2>/dev/null | awk '{print $1}' || true)"
export SPRINTKIT_SERVE_URL="${SPRINTKIT_SERVE_URL:-http://${ADDRESS:-127.0.0.1}:$SERVE_PORT}"
"$PY" - "$CASUS" "$SERVE_PORT" <<'PYTHON'
import os, sys
from sprintkit.server_process import start_server
info = start_server(sys.argv[1], os.environ["SPRINTKIT_STORE"], host="0.0.0.0", port=int(sys.argv[2]))
print(f"Deelnemers: {info.join}  (code {info.code}); projector: {info.url}/scherm", flush=True)
PYTHON

LAB_SETTINGS="$DIR/lab-settings"
rm -rf "$LAB_SETTINGS" && mkdir -p "$LAB_SETTINGS" && cp -R "$ROOT/jupyter/settings/." "$LAB_SETTINGS/"
ROOT_ARGS=()
[ "$(id -u)" = 0 ] && ROOT_ARGS=(--allow-root)
# in the background, so the traps above run at once (SIGINT stays with this script)
JUPYTERLAB_SETTINGS_DIR="$LAB_SETTINGS" "$PY" -m jupyterlab "$ROOT/notebooks" \
  --port="$LAB_PORT" --ServerApp.port_retries=0 "${ROOT_ARGS[@]}" "$@" &
LAB_PID=$!
wait "$LAB_PID"
