package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// Admins is the store of administrator accounts the login endpoints need.
type Admins interface {
	// Authenticate checks an email and password and returns the account's principal.
	// A wrong email or password is auth.ErrBadCredentials (the caller cannot tell which).
	Authenticate(ctx context.Context, email, password string) (auth.Principal, error)
	// Current re-reads a principal at refresh time (role or venue changes, disabled accounts).
	Current(ctx context.Context, issued auth.Principal) (auth.Principal, error)
}

// Route binds an endpoint path to a named command.
type Route struct {
	Path    string
	Command string
}

// API holds what the handlers need.
type API struct {
	Registry *gremlinconsole.Registry
	Tokens   *auth.AccessTokens
	Sessions *auth.Sessions
	Keys     *auth.KeyRing
	Logins   *auth.AttemptLimiter
	Admins   Admins
	Log      *slog.Logger
	// AllowedOrigins, when not empty, are the only origin header values accepted.
	AllowedOrigins []string
	// Ready reports whether the graph and Redis answer.
	Ready   func(ctx context.Context) error
	Metrics *prometheus.Registry
	Routes  []Route
	// RequestTimeout bounds each request (default 30 s).
	RequestTimeout time.Duration
}

// Echo builds the HTTP server with every route and middleware.
func (a *API) Echo() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = ErrorHandler(a.Log)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		Generator: func() string { return newRequestID() },
	}))
	e.Use(a.recoverPanics)
	e.Use(a.observe())
	e.Use(middleware.BodyLimit("1M"))
	e.Use(a.checkOrigin)
	if a.RequestTimeout <= 0 {
		a.RequestTimeout = 30 * time.Second
	}
	e.Use(a.timeout)

	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/readyz", a.readyz)
	if a.Metrics != nil {
		e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(a.Metrics, promhttp.HandlerOpts{})))
	}
	e.GET("/.well-known/jwks.json", a.jwks)
	e.POST("/auth/login", a.login)
	e.POST("/auth/refresh", a.refresh)
	e.POST("/auth/logout", a.logout)
	e.POST("/gremlinconsole/executeCommand", a.executeCommand)
	e.POST("/gremlinconsole/listCommands", a.listCommands)
	for _, r := range a.Routes {
		e.POST(r.Path, a.commandHandler(r.Command))
	}
	return e
}

// commandHandler runs the named command with the request body as its parameters.
func (a *API) commandHandler(name string) echo.HandlerFunc {
	return func(c echo.Context) error {
		m, p, err := a.bodyAndPrincipal(c)
		if err != nil {
			return err
		}
		delete(m, "AccessToken")
		res, err := a.Registry.Execute(c.Request().Context(), gremlinconsole.Request{
			Command: name, Params: m, Principal: p, Source: source(c, "http"),
		})
		if err != nil {
			return err
		}
		return ok(c, res)
	}
}

func (a *API) executeCommand(c echo.Context) error {
	m, p, err := a.bodyAndPrincipal(c)
	if err != nil {
		return err
	}
	if p == nil {
		return &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "An AccessToken is required."}
	}
	if p.Kind != auth.KindAdmin {
		return &gremlinconsole.Error{Status: http.StatusForbidden, Message: "Only administrators may run console commands."}
	}
	name, isString := m["Command"].(string)
	if !isString || name == "" {
		return &gremlinconsole.Error{Status: http.StatusBadRequest, Message: "Command: is required and must be a string", Field: "Command"}
	}
	params := map[string]any{}
	if raw, present := m["Parameters"]; present && raw != nil {
		pm, isMap := raw.(map[string]any)
		if !isMap {
			return &gremlinconsole.Error{Status: http.StatusBadRequest, Message: "Parameters: must be an object", Field: "Parameters"}
		}
		params = pm
	}
	res, err := a.Registry.Execute(c.Request().Context(), gremlinconsole.Request{
		Command: name, Params: params, Principal: p, Source: source(c, "executeCommand"),
	})
	if err != nil {
		return err
	}
	return ok(c, res)
}

// commandDescription is one command as listCommands describes it.
type commandDescription struct {
	Command  string                 `json:"Command"`
	Summary  string                 `json:"Summary"`
	Mutating bool                   `json:"Mutating"`
	Public   bool                   `json:"Public"`
	Roles    []auth.Role            `json:"Roles"`
	Params   []gremlinconsole.Param `json:"Parameters"`
	Paths    []string               `json:"Endpoints"`
}

func (a *API) listCommands(c echo.Context) error {
	_, p, err := a.bodyAndPrincipal(c)
	if err != nil {
		return err
	}
	if p == nil || p.Kind != auth.KindAdmin {
		return &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "An administrator AccessToken is required."}
	}
	paths := map[string][]string{}
	for _, r := range a.Routes {
		paths[r.Command] = append(paths[r.Command], r.Path)
	}
	var out []commandDescription
	for _, cmd := range a.Registry.Commands() {
		roles := cmd.Roles
		if roles == nil {
			roles = []auth.Role{}
		}
		params := cmd.Params
		if params == nil {
			params = []gremlinconsole.Param{}
		}
		out = append(out, commandDescription{
			Command: cmd.Name, Summary: cmd.Summary, Mutating: cmd.Mutating, Public: cmd.Public,
			Roles: roles, Params: params, Paths: paths[cmd.Name],
		})
	}
	return ok(c, map[string]any{"Commands": out})
}

func (a *API) readyz(c echo.Context) error {
	if a.Ready != nil {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
		defer cancel()
		if err := a.Ready(ctx); err != nil {
			c.Response().Header().Set("Retry-After", retryAfterSeconds)
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

func (a *API) jwks(c echo.Context) error {
	js, err := a.Keys.JWKS()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/jwk-set+json", js)
}

// checkOrigin refuses requests whose origin header is not allowed (when a list is set).
func (a *API) checkOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if len(a.AllowedOrigins) == 0 {
			return next(c)
		}
		o := c.Request().Header.Get("Origin")
		if o == "" {
			return next(c)
		}
		for _, allowed := range a.AllowedOrigins {
			if strings.EqualFold(strings.TrimRight(o, "/"), strings.TrimRight(allowed, "/")) {
				return next(c)
			}
		}
		return &gremlinconsole.Error{Status: http.StatusForbidden, Message: "The origin " + o + " is not allowed."}
	}
}

func (a *API) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), a.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}
