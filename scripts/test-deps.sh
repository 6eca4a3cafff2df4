#!/bin/sh
# test-deps.sh installs the programs the test suite runs, on Debian or
# Ubuntu, and does nothing when they are already on PATH:
#   redis-server  tests start private instances on random loopback ports
#                 (internal/redistest); the system service is not used.
#   radclient     (freeradius-utils) drives radiusd in its tests.
#   freeradius    the reference server scripts/freeradius/ measures against,
#                 run from its own config directory; the service is not used.
#   gremlin       (npm, gremlin-javascript 3.7) the second, independent
#                 client of the graph engine's tests (graph/testdata/nodeclient).
# Run as root or with sudo available. Safe to run repeatedly.
set -eu

# Node packages of the tests, installed exactly as locked (no network when present).
nodeclient="$(dirname "$0")/../graph/testdata/nodeclient"
if [ ! -d "$nodeclient/node_modules/gremlin" ]; then
	echo "test-deps: npm ci in graph/testdata/nodeclient" >&2
	(cd "$nodeclient" && npm ci --no-audit --no-fund --silent)
fi

missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v radclient >/dev/null 2>&1 || missing="$missing freeradius-utils"
command -v freeradius >/dev/null 2>&1 || missing="$missing freeradius"

if [ -z "$missing" ]; then
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi

echo "test-deps: installing$missing" >&2
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing

# The package enables and starts a system redis on port 6379 where systemd
# runs; the tests do not use it, so leave nothing running behind.
case "$missing" in
*redis-server*)
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		$sudo systemctl disable --now redis-server >/dev/null 2>&1 || true
	fi
	;;
esac
case "$missing" in
*" freeradius"*)
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		$sudo systemctl disable --now freeradius >/dev/null 2>&1 || true
	fi
	;;
esac
