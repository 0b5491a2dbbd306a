#!/bin/sh
# A throw-away PostgreSQL server for the store's tests, on a loopback port, in a temporary
# folder, as a non-root user (PostgreSQL refuses to run as root).
#
#   sh tests/pg-server.sh start DIR   prints "uri postgresql://dyad@127.0.0.1:PORT" or "skip REASON"
#   sh tests/pg-server.sh newdb DIR NAME   creates database NAME (dropping an older one)
#   sh tests/pg-server.sh stop DIR
set -u
cmd=$1; dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() {
	# from a folder the server's user can enter (the checkout may be private to root)
	if [ "$(id -u)" = 0 ]; then (cd /tmp && runuser -u nobody -- "$@"); else "$@"; fi
}
case "$cmd" in
start)
	if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then echo "skip no PostgreSQL server (Debian package postgresql)"; exit 0; fi
	if [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null 2>&1; then echo "skip running as root without runuser"; exit 0; fi
	mkdir -p "$dir" && chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown nobody "$dir"
	if ! as_pg "$bin/initdb" -D "$dir/data" -A trust -U dyad --locale=C -E UTF8 >"$dir/initdb.log" 2>&1; then
		echo "skip initdb failed: $(tail -1 "$dir/initdb.log")"; exit 0
	fi
	port=$((20000 + $$ % 20000))
	for try in 1 2 3 4 5; do
		if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
			-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >/dev/null 2>&1; then
			echo "$port" >"$dir/port"
			echo "uri postgresql://dyad@127.0.0.1:$port"
			exit 0
		fi
		port=$((port + 7))
	done
	echo "skip the server did not start: $(tail -1 "$dir/server.log" 2>/dev/null)"
	;;
newdb)
	port=$(cat "$dir/port")
	as_pg "$bin/dropdb" -h 127.0.0.1 -p "$port" -U dyad --if-exists "$3" >/dev/null 2>&1
	as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U dyad "$3"
	;;
stop)
	[ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$dir"
	;;
esac
