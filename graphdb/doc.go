// Package graphdb is wifivault's connection to its graph: a gremlin-go remote connection to
// the embedded engine, JanusGraph or Neptune, with the conventions every command relies on.
//
// Commands signal a broken precondition from inside their one traversal with
// Fail(status, message), which becomes fail("wvfail:<status>:<message>:wvend"); the
// message comes back to the caller as a *CommandError with that HTTP-class status, on
// every backend, because only the fail() text crosses the wire.
package graphdb
