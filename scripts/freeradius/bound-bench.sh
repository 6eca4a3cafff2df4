#!/bin/sh
# bound-bench.sh measures Debian's FreeRADIUS 3.2 on the same bound-mode
# (MAC authentication) load radiusd's BenchmarkRADIUS/bound uses, and
# prints both figures and their ratio.
#
# FreeRADIUS runs from its own configuration directory (a temporary one,
# never /etc/freeradius) on 127.0.0.1, with rlm_files holding 90,000 MACs
# whose replies carry what radiusd sends: Tunnel-Password, the VLAN
# triple, Session-Timeout and WISPr/Mikrotik bandwidth. Load comes from
# radiusd/cmd/radload in a separate process.
#
# Usage: scripts/freeradius/bound-bench.sh [requests] [workers]
# Needs: freeradius, go, redis-server (scripts/test-deps.sh installs them).
set -eu

requests=${1:-100000}
workers=${2:-32}
macs=90000
port=${FREERADIUS_BENCH_PORT:-18120}
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

command -v freeradius >/dev/null 2>&1 || { echo "freeradius missing: run scripts/test-deps.sh" >&2; exit 1; }
mkdir -p "$dir/run" "$dir/log" "$dir/var"
(cd "$root" && go build -o "$dir/radload" ./radiusd/cmd/radload)

# users file: one entry per MAC, the same policy shape radiusd answers.
awk -v n="$macs" 'BEGIN {
	for (i = 0; i < n; i++) {
		printf "%s Auth-Type := Accept\n", sprintf("02%010x", i)
		printf "\tTunnel-Password = \"bound passphrase %04d\",\n", i % 1000
		printf "\tTunnel-Type = VLAN, Tunnel-Medium-Type = IEEE-802, Tunnel-Private-Group-Id = \"%d\",\n", 100 + i % 3000
		printf "\tWISPr-Bandwidth-Max-Up = 20000000, WISPr-Bandwidth-Max-Down = 100000000,\n"
		printf "\tMikrotik-Rate-Limit = \"20000k/100000k\"\n\n"
	}
}' >"$dir/users"

cat >"$dir/radiusd.conf" <<CONF
prefix = /usr
exec_prefix = /usr
sysconfdir = $dir
localstatedir = $dir/var
sbindir = /usr/sbin
logdir = $dir/log
raddbdir = $dir
radacctdir = $dir/var
name = freeradius
confdir = $dir
modconfdir = $dir
run_dir = $dir/run
db_dir = $dir/var
libdir = /usr/lib/freeradius
pidfile = $dir/run/freeradius.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log { destination = stderr }
security { allow_core_dumps = no }
thread pool {
	start_servers = 8
	max_servers = 32
	min_spare_servers = 4
	max_spare_servers = 16
}
client local {
	ipaddr = 127.0.0.1
	secret = testing123
	require_message_authenticator = yes
}
modules {
	files {
		filename = $dir/users
	}
}
server default {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = $port
	}
	authorize {
		files
	}
	authenticate {
	}
}
CONF
: >"$dir/dictionary"

echo "freeradius-bench: starting FreeRADIUS with $macs users" >&2
freeradius -f -d "$dir" -n radiusd >"$dir/log/out" 2>&1 &
pid=$!
i=0
until grep -q "Ready to process requests" "$dir/log/out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
		cat "$dir/log/out" >&2
		exit 1
	fi
	sleep 0.2
done

fr=$("$dir/radload" -addr 127.0.0.1:$port -secret testing123 -nas bench-ap -ssid bound-ssid \
	-macs $macs -n "$requests" -c "$workers")
echo "freeradius: $fr"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

echo "freeradius-bench: running radiusd BenchmarkRADIUS/bound" >&2
wv=$(cd "$root" && go test ./radiusd -run '^$' -bench 'RADIUS/bound$' -benchtime "${requests}x" -v 2>&1 |
	grep "requests=$requests " | tail -1 | sed 's/.*requests=/requests=/')
echo "radiusd:    $wv"

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
awk -v a="$(field "$wv" rps)" -v b="$(field "$fr" rps)" -v pa="$(field "$wv" p99_ms)" -v pb="$(field "$fr" p99_ms)" \
	'BEGIN { printf "ratio radiusd/freeradius: throughput %.2fx, p99 latency %.2fx\n", a / b, pa / pb }'
