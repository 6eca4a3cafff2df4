#!/usr/bin/env bash
# run.sh: the side-by-side graph benchmark in one run. Starts the embedded wifivault engine
# (`wifivault graph serve`, in memory), TinkerGraph Gremlin Server 3.7.3 and JanusGraph 1.0.0
# (in-memory backend) on loopback, runs the graph-benchmark program against the three, prints
# its Markdown table on stdout and stops everything it started, also on failure or Ctrl-C.
#
#   scripts/graph-benchmark/run.sh [graph-benchmark flags, e.g. -duration 5s]
#
# Environment: WIFIVAULT_BENCH_EMBEDDED_PORT (default 8182); the servers' own variables
# (WIFIVAULT_TINKERGRAPH_PORT, default 8183; WIFIVAULT_JANUSGRAPH_PORT, default 8184).
# The first run fetches the server jars from Maven Central (scripts/gremlin-servers/).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly SERVERS="${ROOT}/scripts/gremlin-servers"
readonly EMBEDDED_PORT="${WIFIVAULT_BENCH_EMBEDDED_PORT:-8182}"

work="$(mktemp -d "${TMPDIR:-/tmp}/wifivault-graph-benchmark.XXXXXX")"
embedded_pid=""
tinkergraph_started=""
janusgraph_started=""

cleanup() {
	if [[ -n "${embedded_pid}" ]] && kill -0 "${embedded_pid}" 2>/dev/null; then
		kill -TERM "${embedded_pid}"
		wait "${embedded_pid}" 2>/dev/null || true
	fi
	[[ -n "${tinkergraph_started}" ]] && "${SERVERS}/tinkergraph.sh" stop || true
	[[ -n "${janusgraph_started}" ]] && "${SERVERS}/janusgraph.sh" stop || true
	rm -rf -- "${work}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cd "${ROOT}"
echo "run.sh: building wifivault and graph-benchmark" >&2
go build -o "${work}/wifivault" ./cmd/wifivault
go build -o "${work}/graph-benchmark" ./scripts/graph-benchmark

if port_open "${EMBEDDED_PORT}"; then
	echo "run.sh: port ${EMBEDDED_PORT} is taken; set WIFIVAULT_BENCH_EMBEDDED_PORT" >&2
	exit 1
fi
"${work}/wifivault" graph serve --addr "127.0.0.1:${EMBEDDED_PORT}" >"${work}/embedded.log" 2>&1 &
embedded_pid=$!
for _ in $(seq 1 50); do
	port_open "${EMBEDDED_PORT}" && break
	sleep 0.2
done
port_open "${EMBEDDED_PORT}" || {
	cat "${work}/embedded.log" >&2
	echo "run.sh: embedded engine did not start" >&2
	exit 1
}

# Only servers this script started are stopped by it; one already running is used as is.
if ! "${SERVERS}/tinkergraph.sh" status >/dev/null; then
	"${SERVERS}/tinkergraph.sh" start
	tinkergraph_started=1
fi
if ! "${SERVERS}/janusgraph.sh" status >/dev/null; then
	"${SERVERS}/janusgraph.sh" start
	janusgraph_started=1
fi

"${work}/graph-benchmark" \
	-backend "embedded=ws://127.0.0.1:${EMBEDDED_PORT}/gremlin" \
	-backend "tinkergraph=$("${SERVERS}/tinkergraph.sh" url)" \
	-backend "janusgraph=$("${SERVERS}/janusgraph.sh" url)" \
	-reference tinkergraph "$@"
