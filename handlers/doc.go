// Package handlers is wifivault's JSON API over HTTP (echo v4): every endpoint is a POST
// with a JSON body, answered with the seeds' envelope (message, errorProcessing, and
// statusCode on errors). Endpoints call named commands of package gremlinconsole; the
// conventions (binding, tokens, errors, request ids, limits) live here once.
package handlers
