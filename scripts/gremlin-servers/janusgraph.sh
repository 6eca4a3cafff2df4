#!/usr/bin/env bash
# janusgraph.sh: a JanusGraph 1.0.0 server on loopback, the production-like Gremlin server the
# graph suites and the side-by-side benchmark run against (issue 7).
#
#   janusgraph.sh fetch   resolve the server jars from Maven Central into the cache (once per machine)
#   janusgraph.sh start   write the config, start the server on 127.0.0.1:$PORT, wait until it answers
#   janusgraph.sh stop    stop the server started by `start` (pid file), wait for it to exit and
#                         delete the BerkeleyJE data directory it used
#   janusgraph.sh status  exit 0 and say so when the server is running
#   janusgraph.sh url     print the WebSocket URL (for WIFIVAULT_TEST_GRAPH_URL)
#
# Environment:
#   WIFIVAULT_JANUSGRAPH_HOME           cache dir (default $HOME/.cache/wifivault/janusgraph-1.0.0);
#                                       jars in lib/, per-port runtime files in run-<port>/
#   WIFIVAULT_JANUSGRAPH_PORT           loopback port (default 8184)
#   WIFIVAULT_JANUSGRAPH_JAVA_OPTS      JVM options (default "-Xms512m -Xmx2g")
#   WIFIVAULT_JANUSGRAPH_START_TIMEOUT  seconds to wait for the port (default 120)
#   WIFIVAULT_JANUSGRAPH_RELATION_DELIMITER
#                                       the character JanusGraph puts between the parts of an edge
#                                       id's string form (default '|'; JanusGraph's own default is
#                                       '-', which would forbid '-' in custom string vertex ids)
#
# Served: GraphBinary v1 over WebSocket at ws://127.0.0.1:$PORT/gremlin; traversal sources
#   g          graph "graph",    storage.backend=inmemory, empty at every start, custom string
#              vertex ids (graph.set-vertex-id, graph.allow-custom-vid-types)
#   gberkeley  graph "berkeley", storage.backend=berkeleyje in a fresh temporary directory,
#              JanusGraph-assigned (long) vertex ids: JanusGraph 1.0.0 refuses custom string ids
#              on BerkeleyJE (an ordered key-value store)
# Both with automatic schema creation (schema.default=default), so clients may create labels
# and keys.
set -euo pipefail

readonly JANUSGRAPH_VERSION=1.0.0
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HOME_DIR="${WIFIVAULT_JANUSGRAPH_HOME:-${HOME}/.cache/wifivault/janusgraph-${JANUSGRAPH_VERSION}}"
readonly LIB_DIR="${HOME_DIR}/lib"
readonly PORT="${WIFIVAULT_JANUSGRAPH_PORT:-8184}"
readonly RUN_DIR="${HOME_DIR}/run-${PORT}"
readonly PID_FILE="${RUN_DIR}/janusgraph-server.pid"
readonly LOG_FILE="${RUN_DIR}/janusgraph-server.log"
readonly DATA_DIR_FILE="${RUN_DIR}/berkeleyje.dir"
readonly JAVA_OPTS="${WIFIVAULT_JANUSGRAPH_JAVA_OPTS:--Xms512m -Xmx2g}"
readonly START_TIMEOUT="${WIFIVAULT_JANUSGRAPH_START_TIMEOUT:-120}"
readonly RELATION_DELIMITER="${WIFIVAULT_JANUSGRAPH_RELATION_DELIMITER:-|}"

die() {
	echo "janusgraph.sh: $*" >&2
	exit 1
}

# fetch resolves the jars once; a lib dir holding the server and both backend jars counts as fetched.
fetch() {
	local jar missing=0
	for jar in janusgraph-server janusgraph-inmemory janusgraph-berkeleyje; do
		[[ -f "${LIB_DIR}/${jar}-${JANUSGRAPH_VERSION}.jar" ]] || missing=1
	done
	((missing)) || return 0
	command -v mvn >/dev/null || die "mvn not found; install Maven to fetch the server jars"
	mkdir -p "${LIB_DIR}"
	echo "janusgraph.sh: fetching JanusGraph ${JANUSGRAPH_VERSION} jars into ${LIB_DIR}" >&2
	mvn -B -q -f "${SCRIPT_DIR}/janusgraph-pom.xml" dependency:copy-dependencies -DoutputDirectory="${LIB_DIR}" >&2
}

# running succeeds when the pid file names a live process.
running() {
	[[ -f "${PID_FILE}" ]] && kill -0 "$(cat "${PID_FILE}")" 2>/dev/null
}

# port_open succeeds when something accepts TCP connections on 127.0.0.1:$PORT.
port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null
}

# graph_properties prints the properties shared by both graphs: automatic schema creation
# (schema.default=default: MULTI edge labels, SINGLE property keys, created on first use).
graph_properties() {
	cat <<-'EOF'
		gremlin.graph=org.janusgraph.core.JanusGraphFactory
		schema.default=default
		ids.block-size=100000
	EOF
}

# custom_string_ids prints the options that let clients supply string vertex ids through T.id.
# They are GLOBAL_OFFLINE, fixed when a graph's storage is first opened (the storage here is new
# at every start). JanusGraph 1.0.0 refuses allow-custom-vid-types on ordered key-value stores
# ("allow-custom-vid-types is not supported for OrderedKeyValueStore"), which is what BerkeleyJE
# is, so only the in-memory graph gets them.
custom_string_ids() {
	cat <<-'EOF'
		graph.set-vertex-id=true
		graph.allow-custom-vid-types=true
	EOF
}

write_config() {
	local data_dir="$1"
	mkdir -p "${RUN_DIR}"
	{
		graph_properties
		custom_string_ids
		echo "storage.backend=inmemory"
	} >"${RUN_DIR}/janusgraph-inmemory.properties"
	{
		graph_properties
		echo "storage.backend=berkeleyje"
		echo "storage.directory=${data_dir}"
	} >"${RUN_DIR}/janusgraph-berkeleyje.properties"
	# The init script only binds traversal sources to the configured graphs; it loads no data.
	cat >"${RUN_DIR}/bind-traversal-sources.groovy" <<-'EOF'
		def globals = [:]
		globals << [g : traversal().withEmbedded(graph)]
		globals << [gberkeley : traversal().withEmbedded(berkeley)]
	EOF
	cat >"${RUN_DIR}/logback.xml" <<-'EOF'
		<configuration>
		  <appender name="stdout" class="ch.qos.logback.core.ConsoleAppender">
		    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
		  </appender>
		  <logger name="com.sleepycat" level="WARN"/>
		  <root level="INFO"><appender-ref ref="stdout"/></root>
		</configuration>
	EOF
	cat >"${RUN_DIR}/janusgraph-server.yaml" <<-EOF
		host: 127.0.0.1
		port: ${PORT}
		evaluationTimeout: 60000
		channelizer: org.apache.tinkerpop.gremlin.server.channel.WebSocketChannelizer
		graphManager: org.janusgraph.graphdb.management.JanusGraphManager
		graphs: {
		  graph: ${RUN_DIR}/janusgraph-inmemory.properties,
		  berkeley: ${RUN_DIR}/janusgraph-berkeleyje.properties}
		scriptEngines: {
		  gremlin-groovy: {
		    plugins: { org.janusgraph.graphdb.tinkerpop.plugin.JanusGraphGremlinPlugin: {},
		               org.apache.tinkerpop.gremlin.server.jsr223.GremlinServerGremlinPlugin: {},
		               org.apache.tinkerpop.gremlin.jsr223.ImportGremlinPlugin: {classImports: [java.lang.Math], methodImports: [java.lang.Math#*]},
		               org.apache.tinkerpop.gremlin.jsr223.ScriptFileGremlinPlugin: {files: [${RUN_DIR}/bind-traversal-sources.groovy]}}}}
		serializers:
		  - { className: org.apache.tinkerpop.gremlin.util.ser.GraphBinaryMessageSerializerV1, config: { ioRegistries: [org.janusgraph.graphdb.tinkerpop.JanusGraphIoRegistry] }}
		processors:
		  - { className: org.apache.tinkerpop.gremlin.server.op.session.SessionOpProcessor, config: { sessionTimeout: 28800000 }}
		  - { className: org.apache.tinkerpop.gremlin.server.op.traversal.TraversalOpProcessor }
		resultIterationBatchSize: 64
		maxContentLength: 10485760
		metrics: {
		  slf4jReporter: {enabled: false}}
		grpcServer: {enabled: false}
	EOF
}

# remove_data_dir deletes the BerkeleyJE directory recorded by start, if any.
remove_data_dir() {
	if [[ -f "${DATA_DIR_FILE}" ]]; then
		local dir
		dir="$(cat "${DATA_DIR_FILE}")"
		[[ -n "${dir}" && -d "${dir}" ]] && rm -rf -- "${dir}"
		rm -f "${DATA_DIR_FILE}"
	fi
}

start() {
	if running; then
		echo "janusgraph.sh: already running (pid $(cat "${PID_FILE}")) at $(url)" >&2
		return 0
	fi
	if port_open; then
		die "port ${PORT} on 127.0.0.1 is taken by another process; set WIFIVAULT_JANUSGRAPH_PORT"
	fi
	command -v java >/dev/null || die "java not found (Java 11 or 17 required)"
	fetch
	remove_data_dir # left over from a server that was killed rather than stopped
	mkdir -p "${RUN_DIR}"
	local data_dir
	data_dir="$(mktemp -d "${TMPDIR:-/tmp}/wifivault-janusgraph-berkeleyje.XXXXXX")"
	echo "${data_dir}" >"${DATA_DIR_FILE}"
	write_config "${data_dir}"
	# Java 17 closes JDK internals that Groovy, Netty and Kryo reflect into; JanusGraph's own
	# start script opens the same packages.
	# shellcheck disable=SC2086 # JAVA_OPTS is a word list on purpose
	nohup java ${JAVA_OPTS} \
		--add-opens=java.base/java.lang=ALL-UNNAMED \
		--add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
		--add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
		--add-opens=java.base/java.io=ALL-UNNAMED \
		--add-opens=java.base/java.nio=ALL-UNNAMED \
		--add-opens=java.base/java.net=ALL-UNNAMED \
		--add-opens=java.base/java.util=ALL-UNNAMED \
		--add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
		--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
		--add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
		-Dio.netty.tryReflectionSetAccessible=true \
		-DJANUSGRAPH_RELATION_DELIMITER="${RELATION_DELIMITER}" \
		-Dlogback.configurationFile="${RUN_DIR}/logback.xml" -cp "${LIB_DIR}/*" \
		org.janusgraph.graphdb.server.JanusGraphServer "${RUN_DIR}/janusgraph-server.yaml" \
		>"${LOG_FILE}" 2>&1 </dev/null &
	echo $! >"${PID_FILE}"
	local waited=0
	until port_open; do
		if grep -q "was unable to start" "${LOG_FILE}" 2>/dev/null; then
			tail -n 40 "${LOG_FILE}" >&2 || true
			stop
			die "server failed to start; log: ${LOG_FILE}"
		fi
		if ! running; then
			tail -n 40 "${LOG_FILE}" >&2 || true
			rm -f "${PID_FILE}"
			remove_data_dir
			die "server exited during start-up; log: ${LOG_FILE}"
		fi
		if ((waited >= START_TIMEOUT)); then
			stop
			die "server did not open port ${PORT} within ${START_TIMEOUT}s; log: ${LOG_FILE}"
		fi
		sleep 1
		waited=$((waited + 1))
	done
	echo "janusgraph.sh: started pid $(cat "${PID_FILE}") at $(url) (log ${LOG_FILE})" >&2
}

stop() {
	if ! running; then
		rm -f "${PID_FILE}"
		remove_data_dir
		echo "janusgraph.sh: not running" >&2
		return 0
	fi
	local pid waited=0
	pid="$(cat "${PID_FILE}")"
	kill -TERM "${pid}"
	while kill -0 "${pid}" 2>/dev/null; do
		if ((waited >= 30)); then
			echo "janusgraph.sh: pid ${pid} ignored SIGTERM for 30s, sending SIGKILL" >&2
			kill -KILL "${pid}" 2>/dev/null || true
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	rm -f "${PID_FILE}"
	remove_data_dir
	echo "janusgraph.sh: stopped pid ${pid}" >&2
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
