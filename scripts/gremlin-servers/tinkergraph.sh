#!/usr/bin/env bash
# tinkergraph.sh: the reference Apache TinkerPop Gremlin Server 3.7.3 with TinkerGraph,
# used to prove graph/conformance against the real implementation.
#
#   tinkergraph.sh fetch   resolve the server jars from Maven Central into the cache (once per machine)
#   tinkergraph.sh start   write the config, start the server on 127.0.0.1:$PORT, wait until it answers
#   tinkergraph.sh stop    stop the server started by `start` (pid file), waiting for it to exit
#   tinkergraph.sh status  exit 0 and say so when the server is running
#   tinkergraph.sh url     print the WebSocket URL (for WIFIVAULT_TEST_GRAPH_URL)
#
# Environment:
#   WIFIVAULT_GREMLIN_SERVER_HOME  cache dir (default $HOME/.cache/wifivault/gremlin-server-3.7.3);
#                                  jars in lib/, per-port runtime files in run-<port>/
#   WIFIVAULT_TINKERGRAPH_PORT     loopback port (default 8183)
#   WIFIVAULT_TINKERGRAPH_JAVA_OPTS JVM options (default "-Xms256m -Xmx1g")
#   WIFIVAULT_TINKERGRAPH_START_TIMEOUT seconds to wait for the port (default 90)
#
# Served: GraphBinary v1 over WebSocket at ws://127.0.0.1:$PORT/gremlin; traversal sources
# g (graph "graph") and gmodern (graph "modern"), empty TinkerGraphs, and gtx (graph "txgraph"),
# an empty TinkerTransactionGraph (transactions, sessionless requests commit or roll back).
# All use ANY id managers, so string ids are accepted. Fixtures are loaded by the client
# (graph/conformance), not here.
set -euo pipefail

readonly TINKERPOP_VERSION=3.7.3
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HOME_DIR="${WIFIVAULT_GREMLIN_SERVER_HOME:-${HOME}/.cache/wifivault/gremlin-server-${TINKERPOP_VERSION}}"
readonly LIB_DIR="${HOME_DIR}/lib"
readonly PORT="${WIFIVAULT_TINKERGRAPH_PORT:-8183}"
readonly RUN_DIR="${HOME_DIR}/run-${PORT}"
readonly PID_FILE="${RUN_DIR}/gremlin-server.pid"
readonly LOG_FILE="${RUN_DIR}/gremlin-server.log"
readonly JAVA_OPTS="${WIFIVAULT_TINKERGRAPH_JAVA_OPTS:--Xms256m -Xmx1g}"
readonly START_TIMEOUT="${WIFIVAULT_TINKERGRAPH_START_TIMEOUT:-90}"

die() {
	echo "tinkergraph.sh: $*" >&2
	exit 1
}

# fetch resolves the jars once; a lib dir holding the server jar counts as fetched.
fetch() {
	if [[ -f "${LIB_DIR}/gremlin-server-${TINKERPOP_VERSION}.jar" && -f "${LIB_DIR}/tinkergraph-gremlin-${TINKERPOP_VERSION}.jar" ]]; then
		return 0
	fi
	command -v mvn >/dev/null || die "mvn not found; install Maven to fetch the server jars"
	mkdir -p "${LIB_DIR}"
	echo "tinkergraph.sh: fetching Gremlin Server ${TINKERPOP_VERSION} jars into ${LIB_DIR}" >&2
	mvn -B -q -f "${SCRIPT_DIR}/pom.xml" dependency:copy-dependencies -DoutputDirectory="${LIB_DIR}" >&2
}

# running succeeds when the pid file names a live process.
running() {
	[[ -f "${PID_FILE}" ]] && kill -0 "$(cat "${PID_FILE}")" 2>/dev/null
}

# port_open succeeds when something accepts TCP connections on 127.0.0.1:$PORT.
port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null
}

write_config() {
	mkdir -p "${RUN_DIR}"
	local name class
	for name in graph modern txgraph; do
		class=TinkerGraph
		[[ "${name}" == txgraph ]] && class=TinkerTransactionGraph
		cat >"${RUN_DIR}/tinkergraph-${name}.properties" <<-EOF
			gremlin.graph=org.apache.tinkerpop.gremlin.tinkergraph.structure.${class}
			gremlin.tinkergraph.vertexIdManager=ANY
			gremlin.tinkergraph.edgeIdManager=ANY
			gremlin.tinkergraph.vertexPropertyIdManager=LONG
		EOF
	done
	# The init script only binds traversal sources to the configured graphs; it loads no data.
	cat >"${RUN_DIR}/bind-traversal-sources.groovy" <<-'EOF'
		def globals = [:]
		globals << [g : traversal().withEmbedded(graph)]
		globals << [gmodern : traversal().withEmbedded(modern)]
		globals << [gtx : traversal().withEmbedded(txgraph)]
	EOF
	cat >"${RUN_DIR}/logback.xml" <<-'EOF'
		<configuration>
		  <appender name="stdout" class="ch.qos.logback.core.ConsoleAppender">
		    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
		  </appender>
		  <root level="INFO"><appender-ref ref="stdout"/></root>
		</configuration>
	EOF
	cat >"${RUN_DIR}/gremlin-server.yaml" <<-EOF
		host: 127.0.0.1
		port: ${PORT}
		evaluationTimeout: 60000
		channelizer: org.apache.tinkerpop.gremlin.server.channel.WebSocketChannelizer
		graphs: {
		  graph: ${RUN_DIR}/tinkergraph-graph.properties,
		  modern: ${RUN_DIR}/tinkergraph-modern.properties,
		  txgraph: ${RUN_DIR}/tinkergraph-txgraph.properties}
		scriptEngines: {
		  gremlin-groovy: {
		    plugins: { org.apache.tinkerpop.gremlin.server.jsr223.GremlinServerGremlinPlugin: {},
		               org.apache.tinkerpop.gremlin.tinkergraph.jsr223.TinkerGraphGremlinPlugin: {},
		               org.apache.tinkerpop.gremlin.jsr223.ScriptFileGremlinPlugin: {files: [${RUN_DIR}/bind-traversal-sources.groovy]}}}}
		serializers:
		  - { className: org.apache.tinkerpop.gremlin.util.ser.GraphBinaryMessageSerializerV1 }
		processors:
		  - { className: org.apache.tinkerpop.gremlin.server.op.session.SessionOpProcessor, config: { sessionTimeout: 28800000 }}
		  - { className: org.apache.tinkerpop.gremlin.server.op.traversal.TraversalOpProcessor }
		resultIterationBatchSize: 64
		maxContentLength: 10485760
		metrics: {
		  slf4jReporter: {enabled: false}}
	EOF
}

start() {
	if running; then
		echo "tinkergraph.sh: already running (pid $(cat "${PID_FILE}")) at $(url)" >&2
		return 0
	fi
	if port_open; then
		die "port ${PORT} on 127.0.0.1 is taken by another process; set WIFIVAULT_TINKERGRAPH_PORT"
	fi
	command -v java >/dev/null || die "java not found (Java 11+ required)"
	fetch
	write_config
	# shellcheck disable=SC2086 # JAVA_OPTS is a word list on purpose
	nohup java ${JAVA_OPTS} -Dlogback.configurationFile="${RUN_DIR}/logback.xml" -cp "${LIB_DIR}/*" \
		org.apache.tinkerpop.gremlin.server.GremlinServer "${RUN_DIR}/gremlin-server.yaml" \
		>"${LOG_FILE}" 2>&1 </dev/null &
	echo $! >"${PID_FILE}"
	local waited=0
	until port_open; do
		if ! running; then
			tail -n 40 "${LOG_FILE}" >&2 || true
			rm -f "${PID_FILE}"
			die "server exited during start-up; log: ${LOG_FILE}"
		fi
		if ((waited >= START_TIMEOUT)); then
			stop
			die "server did not open port ${PORT} within ${START_TIMEOUT}s; log: ${LOG_FILE}"
		fi
		sleep 1
		waited=$((waited + 1))
	done
	echo "tinkergraph.sh: started pid $(cat "${PID_FILE}") at $(url) (log ${LOG_FILE})" >&2
}

stop() {
	if ! running; then
		rm -f "${PID_FILE}"
		echo "tinkergraph.sh: not running" >&2
		return 0
	fi
	local pid waited=0
	pid="$(cat "${PID_FILE}")"
	kill -TERM "${pid}"
	while kill -0 "${pid}" 2>/dev/null; do
		if ((waited >= 30)); then
			echo "tinkergraph.sh: pid ${pid} ignored SIGTERM for 30s, sending SIGKILL" >&2
			kill -KILL "${pid}" 2>/dev/null || true
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	rm -f "${PID_FILE}"
	echo "tinkergraph.sh: stopped pid ${pid}" >&2
}

url() {
	echo "ws://127.0.0.1:${PORT}/gremlin"
}

case "${1:-}" in
fetch) fetch ;;
start) start ;;
stop) stop ;;
status)
	if running; then
		echo "running pid $(cat "${PID_FILE}") at $(url)"
	else
		echo "not running"
		exit 1
	fi
	;;
url) url ;;
*)
	echo "usage: $0 fetch|start|stop|status|url" >&2
	exit 2
	;;
esac
