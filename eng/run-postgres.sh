#!/usr/bin/env bash
# Runs one PostgreSQL 15 server in the foreground as a plain process on its own port and data
# folder. PostgreSQL refuses to run as root, so as root the server runs as the unprivileged
# 'postgres' user. `exec` leaves no wrapper behind: a stop signal reaches the postmaster.
# Used by the AppHost (executable resource) and by the test fixtures: one way to start it.
# usage: POSTGRES_PASSWORD=.. run-postgres.sh DATA_DIR PORT   (the superuser password, on first start)
set -euo pipefail
data_dir=$(realpath -m "$1"); port=$2; password=${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as=()
if [ "$(id -u)" = 0 ]; then
  run_as=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env --)
  # Each folder on the way must be passable by the server's user.
  d="$data_dir"; while [ "$d" != / ]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done
fi
mkdir -p "$data_dir"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$data_dir"
chmod 700 "$data_dir"
if [ ! -f "$data_dir/PG_VERSION" ]; then
  pwfile=$(mktemp); printf '%s\n' "$password" > "$pwfile"; chown postgres "$pwfile" 2>/dev/null || true
  "${run_as[@]}" "$bin/initdb" -D "$data_dir" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi
exec "${run_as[@]}" "$bin/postgres" -D "$data_dir" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data_dir" \
  -c max_connections=300 -c shared_buffers=256MB -c fsync=on -c log_min_messages=warning
