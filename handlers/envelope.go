package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// retryAfterSeconds is what a 503 tells clients to wait.
const retryAfterSeconds = "5"

// ok writes a successful answer: the result's fields at the top level, with message
// (default "") and errorProcessing false.
func ok(c echo.Context, result map[string]any) error {
	out := make(map[string]any, len(result)+2)
	for k, v := range result {
		out[k] = v
	}
	if _, has := out["message"]; !has {
		out["message"] = ""
	}
	out["errorProcessing"] = false
	return c.JSON(http.StatusOK, out)
}

// fail writes an error answer with the status that tells its class.
func fail(c echo.Context, status int, message string) error {
	if status == http.StatusServiceUnavailable && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", retryAfterSeconds)
	}
	return c.JSON(status, map[string]any{
		"message":         message,
		"errorProcessing": true,
		"statusCode":      status,
	})
}

// ErrorHandler renders every error that reaches echo: refusals keep their status and
// message, an unreachable graph or Redis is a 503 with Retry-After, anything else is a
// 500 whose details go to the log only.
func ErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, msg := classify(err)
		var re *gremlinconsole.Error
		if errors.As(err, &re) && re.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(re.RetryAfter))
		}
		if status >= 500 && status != http.StatusServiceUnavailable {
			log.Error("request failed", "request_id", requestID(c), "path", c.Path(), "error", err.Error())
		} else if status == http.StatusServiceUnavailable {
			log.Warn("backend unavailable", "request_id", requestID(c), "path", c.Path(), "error", err.Error())
		}
		if werr := fail(c, status, msg); werr != nil {
			log.Error("write error response", "error", werr)
		}
	}
}

// classify maps an error to the HTTP status and the message the caller may see.
func classify(err error) (int, string) {
	var re *gremlinconsole.Error
	var he *echo.HTTPError
	var ce *graphdb.CommandError
	var ue *graphdb.UnavailableError
	switch {
	case errors.As(err, &re):
		return re.Status, re.Message
	case errors.As(err, &ce):
		return ce.Status, ce.Message
	case errors.As(err, &ue), isRedisDown(err):
		return http.StatusServiceUnavailable, "The service is temporarily unavailable. Please retry shortly."
	case errors.Is(err, auth.ErrTokenExpired):
		return http.StatusUnauthorized, "The AccessToken has expired."
	case errors.Is(err, auth.ErrInvalidToken):
		return http.StatusUnauthorized, "The AccessToken is not valid."
	case errors.As(err, &he):
		msg, _ := he.Message.(string)
		if msg == "" {
			msg = http.StatusText(he.Code)
		}
		return he.Code, msg
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "The request timed out. Please retry shortly."
	}
	return http.StatusInternalServerError, "Internal error."
}

// isRedisDown reports a Redis connection failure (not a Redis reply such as a script error).
func isRedisDown(err error) bool {
	if err == nil || errors.Is(err, redis.Nil) {
		return false
	}
	var re redis.Error
	if errors.As(err, &re) {
		return false
	}
	if errors.Is(err, redis.ErrClosed) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "connection reset", "redis: connection pool timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
