// Package service assembles and runs the wifivault service: the JSON API, the graph (an
// embedded engine unless a Gremlin server is configured), the cache (an embedded
// Redis-protocol server unless a Redis is configured), identity and the named commands.
package service
