#!/usr/bin/env bash
# Makes MySQL/MariaDB and Redis reachable for Patuh without a Docker engine:
#   1. if they already answer on the configured ports, use them;
#   2. else start the locally installed mariadbd / redis-server;
#   3. else (Debian, as root) apt-get install mariadb-server and redis-server, then start them;
#   4. else print exactly what to do and exit 1.
# Reads DATABASE_URL and REDIS_URL (defaults: mysql://root@127.0.0.1:3306/patuh, redis://127.0.0.1:6379).
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-mysql://root@127.0.0.1:3306/patuh}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

hostport() { # URL default_port -> "host port"
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"
  local host="${rest%%:*}" port="${rest##*:}"
  [ "$port" = "$rest" ] && port="$2"
  echo "${host:-127.0.0.1} ${port}"
}
read -r DB_HOST DB_PORT <<<"$(hostport "$DATABASE_URL" 3306)"
read -r REDIS_HOST REDIS_PORT <<<"$(hostport "$REDIS_URL" 6379)"

say() { echo "[services] $*"; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done; return 1; }
is_local() { [ "$1" = 127.0.0.1 ] || [ "$1" = localhost ] || [ "$1" = "::1" ]; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  as_root && command -v apt-get >/dev/null || return 1
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null
}

db_login_ok() { # can root log in over TCP without a password (what DATABASE_URL says)?
  command -v mariadb >/dev/null || command -v mysql >/dev/null || return 0
  local cli; cli=$(command -v mariadb || command -v mysql)
  "$cli" -h "$DB_HOST" -P "$DB_PORT" -u root -e 'SELECT 1' >/dev/null 2>&1
}

start_mariadb() {
  local bin; bin=$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -1 || true)
  [ -n "$bin" ] || return 1
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  say "starting $bin"
  if command -v start-stop-daemon >/dev/null; then
    start-stop-daemon --start --oknodo --background --exec "$bin"
  else
    (nohup "$bin" >/tmp/patuh-mariadb.log 2>&1 &)
  fi
  wait_port "$DB_HOST" "$DB_PORT"
}

ensure_db() {
  if port_open "$DB_HOST" "$DB_PORT"; then say "MySQL answers on $DB_HOST:$DB_PORT"
  elif ! is_local "$DB_HOST"; then say "MySQL at $DB_HOST:$DB_PORT does not answer and is not local: start it there"; return 1
  elif start_mariadb; then say "MariaDB started"
  elif apt_install mariadb-server && start_mariadb; then say "MariaDB installed and started"
  else
    say "cannot make MySQL reachable. Do one of:"
    say "  docker compose -f docker/compose.yml up -d mysql redis"
    say "  sudo apt-get install -y mariadb-server && sudo start-stop-daemon --start --background --exec /usr/sbin/mariadbd"
    return 1
  fi
  if ! db_login_ok && is_local "$DB_HOST" && as_root; then
    # A fresh Debian MariaDB lets root in only through the socket: allow the passwordless TCP login the default URL uses.
    say "allowing root over TCP without a password (local development database)"
    mariadb -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" 2>/dev/null || true
  fi
}

start_redis() {
  command -v redis-server >/dev/null || return 1
  say "starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --maxmemory-policy noeviction >/dev/null
  wait_port "$REDIS_HOST" "$REDIS_PORT"
}

ensure_redis() {
  if port_open "$REDIS_HOST" "$REDIS_PORT"; then say "Redis answers on $REDIS_HOST:$REDIS_PORT"
  elif ! is_local "$REDIS_HOST"; then say "Redis at $REDIS_HOST:$REDIS_PORT does not answer and is not local: start it there"; return 1
  elif start_redis; then say "Redis started"
  elif apt_install redis-server && start_redis; then say "Redis installed and started"
  else
    say "cannot make Redis reachable. Do one of:"
    say "  docker compose -f docker/compose.yml up -d redis"
    say "  sudo apt-get install -y redis-server && redis-server --daemonize yes --maxmemory-policy noeviction"
    return 1
  fi
  # BullMQ needs noeviction: an evicted job key is a lost job.
  if command -v redis-cli >/dev/null && is_local "$REDIS_HOST"; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config set maxmemory-policy noeviction >/dev/null 2>&1 || true
  fi
}

ensure_db
ensure_redis
say "ready"
