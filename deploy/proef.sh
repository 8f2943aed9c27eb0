#!/usr/bin/env bash
# Proef / trial: PostgreSQL, the participant server and JupyterLab on one machine, no containers.
#
#   deploy/proef.sh [CASUS]        (default casus: molenwijk; stop with Ctrl-C)
#
# Makes a PostgreSQL cluster in .sprintkit/proef/ (initdb, once), starts it on a Unix socket and
# 127.0.0.1:$PROEF_PG_PORT, points SPRINTKIT_STORE at it, starts a journey when there is none,
# starts the participant server for it (the notebook's participants panel finds it again) and
# runs JupyterLab on the notebooks. Ctrl-C stops all three. Needs Debian's postgresql
# (`make postgres`) and sprintkit installed with the postgres extra (`make` does: .[dev]).
# Run as root, PostgreSQL runs as the postgres system user (it refuses root).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CASUS="${1:-molenwijk}"
DIR="${PROEF_DIR:-$ROOT/.sprintkit/proef}"
PG_PORT="${PROEF_PG_PORT:-55432}"
SERVE_PORT="${PROEF_SERVE_PORT:-8765}"
BIN="$ROOT/.venv/bin"
[ -x "$BIN/python" ] || BIN="$(dirname "$(command -v python3)")"
PY="$BIN/python"

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
  chown -R postgres: "$DIR"
fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  echo "PostgreSQL-cluster aanmaken in $DIR/data"
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
fi
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w start \
  -o "-p $PG_PORT -k $DIR/run -c listen_addresses=127.0.0.1" >/dev/null
export SPRINTKIT_STORE="postgresql:///postgres?host=$DIR/run&port=$PG_PORT&user=postgres&schema=proef"
echo "Sessie-opslag: $SPRINTKIT_STORE"

stop() {
  "$PY" -c "from sprintkit.server_process import stop_server; stop_server('$SPRINTKIT_STORE')" || true
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  echo "Proef gestopt (de gegevens blijven in $DIR/data)."
}
trap stop EXIT

"$BIN/sprintkit" journey status "$CASUS" >/dev/null 2>&1 || "$BIN/sprintkit" journey start "$CASUS"
# phones on the same network reach this machine's first address (the QR code shows it)
ADDRESS="$(hostname -I 2>/dev/null | awk '{print $1}')"
export SPRINTKIT_SERVE_URL="${SPRINTKIT_SERVE_URL:-http://${ADDRESS:-127.0.0.1}:$SERVE_PORT}"
"$PY" - "$CASUS" "$SERVE_PORT" <<'PYTHON'
import os, sys
from sprintkit.server_process import start_server
info = start_server(sys.argv[1], os.environ["SPRINTKIT_STORE"], host="0.0.0.0", port=int(sys.argv[2]))
print(f"Deelnemers: {info.join}  (code {info.code}); projector: {info.url}/scherm")
PYTHON

LAB_SETTINGS="$ROOT/.sprintkit/lab-settings"
rm -rf "$LAB_SETTINGS" && mkdir -p "$LAB_SETTINGS" && cp -R "$ROOT/jupyter/settings/." "$LAB_SETTINGS/"
JUPYTERLAB_SETTINGS_DIR="$LAB_SETTINGS" "$BIN/jupyter" lab "$ROOT/notebooks" \
  $( [ "$(id -u)" = 0 ] && echo --allow-root )
