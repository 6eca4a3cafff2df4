#!/bin/sh
# test-deps.sh installs the programs the test suite runs, on Debian or
# Ubuntu, and does nothing when they are already on PATH:
#   redis-server  tests start private instances on random loopback ports
#                 (internal/redistest); the system service is not used.
# Run as root or with sudo available. Safe to run repeatedly.
set -eu

missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"

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
