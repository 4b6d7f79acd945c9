#!/usr/bin/env bash
# Private PostgreSQL for AEVLP local mode (started by the AppHost; see README "Local mode").
# Initialises the data folder on first start, then runs the server bound to 127.0.0.1 only.
# The server refuses to run as root, so as root it runs as the `postgres` user (setpriv keeps
# the PID, so the orchestrator's stop signal reaches the server).
set -euo pipefail
: "${AEVLP_PG_BIN:?}" "${AEVLP_PG_DATA:?}" "${AEVLP_PG_PORT:?}" "${AEVLP_PG_USER:?}" "${AEVLP_PG_PASSWORD:?}"

as_server_user=()
if [ "$(id -u)" = 0 ]; then
  as_server_user=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

if [ ! -s "$AEVLP_PG_DATA/PG_VERSION" ]; then
  mkdir -p "$AEVLP_PG_DATA"
  chmod 700 "$AEVLP_PG_DATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$AEVLP_PG_DATA"
  pwfile="$(mktemp)"
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$AEVLP_PG_PASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  echo "initialising PostgreSQL data folder $AEVLP_PG_DATA"
  "${as_server_user[@]}" "$AEVLP_PG_BIN/initdb" -D "$AEVLP_PG_DATA" -U "$AEVLP_PG_USER" \
    --pwfile="$pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  trap - EXIT
fi

# A killed run leaves postmaster.pid behind; PostgreSQL refuses to start if that PID now belongs
# to another process, so drop the file when no postgres runs under it.
pidfile="$AEVLP_PG_DATA/postmaster.pid"
if [ -f "$pidfile" ]; then
  old="$(head -n 1 "$pidfile")"
  if ! { [ -n "$old" ] && grep -q postgres "/proc/$old/comm" 2>/dev/null; }; then
    echo "removing stale $pidfile (PID $old is not running)"
    rm -f "$pidfile"
  fi
fi

exec "${as_server_user[@]}" "$AEVLP_PG_BIN/postgres" -D "$AEVLP_PG_DATA" \
  -c listen_addresses=127.0.0.1 -p "$AEVLP_PG_PORT" -c unix_socket_directories="$AEVLP_PG_DATA"
