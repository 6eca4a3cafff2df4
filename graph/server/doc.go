// Package server is a Gremlin Server speaking the WebSocket protocol of TinkerPop 3.7 with
// GraphBinary v1, as gremlin-go v3.7.3, gremlin-javascript 3.7 and the Gremlin Console use it.
//
// One binary WebSocket frame carries one request or one response. Requests on a connection
// run concurrently and are answered by request id; the connection keeps reading while they
// run, so pings are answered during long queries. Supported ops: "bytecode" (processors
// "traversal" and "session"), "eval" (when Config.ScriptParser is set), "authentication"
// (SASL PLAIN) and "close" (sessions). Results go out as Lists of Traversers in batches of
// batchSize: 206 for every batch but the last, 200 with the last, 204 when there is none.
//
// Status codes: 401 authentication failed, 407 authentication required, 499 bad request,
// 500 server error, 595 fail() step, 597 evaluation error, 598 evaluation timeout.
package server
