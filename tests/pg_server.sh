#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the review-store tests and print its URL on stdout.
#
#   export ANNOTATOR_TEST_PG_URL=$(tests/pg_server.sh /tmp/annotator-pg)
#   python -m pytest tests/test_review_store.py tests/test_review_concurrency.py
#   runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/annotator-pg stop
#
# Installs Debian's postgresql when missing, initdb's DATA_DIR (as the postgres user when run
# as root: initdb refuses root), starts on 127.0.0.1:PORT (default 5433, trust auth: a test
# server only), creates the database, and is safe to run again on the same DATA_DIR.
set -euo pipefail
DIR=${1:?usage: tests/pg_server.sh DATA_DIR [PORT]}
PORT=${2:-5433}
DB=annotator_test

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql) >&2
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; chmod 700 "$DIR"; fi
if [ ! -f "$DIR/PG_VERSION" ]; then
  as_pg "$BIN/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 >&2
fi
if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >&2
fi
if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
