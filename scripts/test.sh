#!/usr/bin/env bash
# The whole wifivault test suite, on a fresh machine: installs what the tests need
# (Debian's redis-server and freeradius-utils, gremlin-javascript from npm, the TinkerPop
# Gremlin Server jars from Maven Central), then runs
#   1. go vet and every Go test on the embedded graph engine;
#   2. the graph conformance suite against the reference TinkerGraph Gremlin Server
#      (and its transaction tests against a transactional TinkerGraph).
#   3. the graph conformance suite and the domain suites (every package whose tests run the
#      service through service/servicetest) against JanusGraph 1.0 (in-memory backend).
# It stops every server it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-deps.sh
scripts/gremlin-servers/tinkergraph.sh fetch
scripts/gremlin-servers/janusgraph.sh fetch

phase() { echo "== $* (at ${SECONDS}s)"; }

phase "go vet"
go vet ./...

phase "go test (embedded graph engine)"
go test -count=1 -timeout 30m ./...

phase "graph conformance suite on TinkerGraph Gremlin Server 3.7.3"
trap 'scripts/gremlin-servers/tinkergraph.sh stop >/dev/null 2>&1 || true' EXIT
scripts/gremlin-servers/tinkergraph.sh start
url="$(scripts/gremlin-servers/tinkergraph.sh url)"
WIFIVAULT_TEST_GRAPH_URL="$url" go test -count=1 ./graph/conformance/
WIFIVAULT_TEST_GRAPH_URL="$url" WIFIVAULT_TEST_GRAPH_SOURCE=gtx \
	go test -count=1 -run 'Transaction|Atomicity' ./graph/conformance/
scripts/gremlin-servers/tinkergraph.sh stop

phase "graph conformance suite and domain suites on JanusGraph 1.0"
trap 'scripts/gremlin-servers/janusgraph.sh stop >/dev/null 2>&1 || true' EXIT
scripts/gremlin-servers/janusgraph.sh start
url="$(scripts/gremlin-servers/janusgraph.sh url)"
WIFIVAULT_TEST_GRAPH_URL="$url" go test -count=1 ./graph/conformance/
go run ./cmd/wifivault graph apply-schema --url "$url"
domain=$(grep -rl 'service/servicetest' --include='*_test.go' . | xargs -n1 dirname | sort -u)
# One package at a time: they share the JanusGraph server; and one master key for all of
# them, as replicas of one deployment share it (each test's secrets stay readable to the
# next test's reconciliation).
WIFIVAULT_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" WIFIVAULT_TEST_GRAPH_URL="$url" go test -count=1 -p 1 -timeout 30m $domain
scripts/gremlin-servers/janusgraph.sh stop
trap - EXIT
phase "all suites passed"
