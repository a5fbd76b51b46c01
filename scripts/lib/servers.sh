# Starts a private redis-server and PostgreSQL cluster on free loopback ports, exports their URLs,
# and stops them (and removes their data) when the calling script exits, even on failure.
# Sourced by scripts/test and scripts/bench.

EVMHOOK_PG_BIN=${EVMHOOK_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

evmhook_free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# Runs a command as the postgres user when we are root (initdb refuses root), else as ourselves.
evmhook_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_servers() {
  [ -n "${EVMHOOK_SERVERS_DIR:-}" ] || return 0
  if [ -f "$EVMHOOK_SERVERS_DIR/redis.pid" ]; then
    kill "$(cat "$EVMHOOK_SERVERS_DIR/redis.pid")" 2>/dev/null || true
  fi
  if [ -d "$EVMHOOK_SERVERS_DIR/pg/data" ]; then
    evmhook_as_postgres "$EVMHOOK_PG_BIN/pg_ctl" -D "$EVMHOOK_SERVERS_DIR/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$EVMHOOK_SERVERS_DIR"
  EVMHOOK_SERVERS_DIR=
}

start_servers() {
  EVMHOOK_SERVERS_DIR=$(mktemp -d /tmp/evmhook-servers.XXXXXX)
  chmod 755 "$EVMHOOK_SERVERS_DIR"
  trap stop_servers EXIT
  trap 'exit 130' INT TERM

  local redis_port pg_port i
  redis_port=$(evmhook_free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --dir "$EVMHOOK_SERVERS_DIR" --daemonize yes --pidfile "$EVMHOOK_SERVERS_DIR/redis.pid" \
    --logfile "$EVMHOOK_SERVERS_DIR/redis.log"
  for i in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis-cli -p "$redis_port" ping >/dev/null || { echo "redis-server did not start" >&2; cat "$EVMHOOK_SERVERS_DIR/redis.log" >&2; return 1; }

  pg_port=$(evmhook_free_port)
  mkdir -p "$EVMHOOK_SERVERS_DIR/pg/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$EVMHOOK_SERVERS_DIR/pg"
  evmhook_as_postgres "$EVMHOOK_PG_BIN/initdb" -D "$EVMHOOK_SERVERS_DIR/pg/data" -U postgres -A trust -E UTF8 \
    --no-sync >/dev/null
  evmhook_as_postgres "$EVMHOOK_PG_BIN/pg_ctl" -D "$EVMHOOK_SERVERS_DIR/pg/data" -w -l "$EVMHOOK_SERVERS_DIR/pg/log" \
    -o "-p $pg_port -k $EVMHOOK_SERVERS_DIR/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600" \
    start >/dev/null
  evmhook_as_postgres "$EVMHOOK_PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres evmhook_test

  export EVMHOOK_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  export EVMHOOK_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/evmhook_test"
  export EVMHOOK_TEST_REDIS_SERVER
  EVMHOOK_TEST_REDIS_SERVER=$(command -v redis-server)
  echo "servers: redis $EVMHOOK_TEST_REDIS_URL, postgres $EVMHOOK_TEST_DATABASE_URL" >&2
}
