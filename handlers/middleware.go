package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

func newRequestID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}

// recoverPanics turns a panic into a 500 that leaks nothing; the stack goes to the log.
func (a *API) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				a.Log.Error("panic in handler", "request_id", requestID(c), "path", c.Path(),
					"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fail(c, http.StatusInternalServerError, "Internal error.")
			}
		}()
		return next(c)
	}
}

// observe logs each request (never its body) and counts it for /metrics.
func (a *API) observe() echo.MiddlewareFunc {
	var requests *prometheus.CounterVec
	var latency *prometheus.HistogramVec
	if a.Metrics != nil {
		requests = prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wifivault_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"})
		latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wifivault_http_request_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"})
		a.Metrics.MustRegister(requests, latency)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			status := c.Response().Status
			took := time.Since(start)
			if requests != nil {
				requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
				latency.WithLabelValues(route).Observe(took.Seconds())
			}
			a.Log.Debug("request", "request_id", requestID(c), "method", c.Request().Method, "route", route,
				"status", status, "duration_ms", float64(took.Microseconds())/1000, "ip", c.RealIP())
			return nil
		}
	}
}
