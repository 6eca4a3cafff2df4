package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// stringField reads a required string field of a login body.
func stringField(m map[string]any, name string, maxLen int) (string, error) {
	v, present := m[name]
	s, isString := v.(string)
	switch {
	case !present || v == nil || (isString && s == ""):
		return "", &gremlinconsole.Error{Status: http.StatusBadRequest, Message: name + ": is required", Field: name}
	case !isString:
		return "", &gremlinconsole.Error{Status: http.StatusBadRequest, Message: name + ": must be a string", Field: name}
	case len(s) > maxLen:
		return "", &gremlinconsole.Error{Status: http.StatusBadRequest, Message: name + ": is too long", Field: name}
	}
	return s, nil
}

func (a *API) login(c echo.Context) error {
	m, err := body(c)
	if err != nil {
		return err
	}
	email, err := stringField(m, "EmailAddress", 254)
	if err != nil {
		return err
	}
	password, err := stringField(m, "Password", 128)
	if err != nil {
		return err
	}
	account := strings.ToLower(strings.TrimSpace(email))
	ctx := c.Request().Context()
	decision, err := a.Logins.Attempt(ctx, account, c.RealIP())
	if err != nil {
		return err
	}
	if !decision.Allowed {
		return &gremlinconsole.Error{Status: http.StatusTooManyRequests, RetryAfter: decision.RetryAfterSeconds(),
			Message: "Too many sign-in attempts. Please try again later."}
	}
	p, err := a.Admins.Authenticate(ctx, account, password)
	if errors.Is(err, auth.ErrBadCredentials) {
		return &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The email address or password is not correct."}
	}
	if err != nil {
		return err
	}
	if err := a.Logins.Succeeded(ctx, account, c.RealIP()); err != nil {
		return err
	}
	res, err := a.Sessions.Start(ctx, p)
	if err != nil {
		return err
	}
	return ok(c, map[string]any{"AuthenticationResult": res})
}

// refreshToken reads the required RefreshToken of a refresh or logout body.
func refreshToken(c echo.Context) (string, error) {
	m, err := body(c)
	if err != nil {
		return "", err
	}
	return stringField(m, "RefreshToken", 512)
}

func (a *API) refresh(c echo.Context) error {
	rt, err := refreshToken(c)
	if err != nil {
		return err
	}
	res, err := a.Sessions.Refresh(c.Request().Context(), rt, a.Admins.Current)
	switch {
	case errors.Is(err, auth.ErrRefreshTokenReused):
		return &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The RefreshToken was already used; sign in again."}
	case errors.Is(err, auth.ErrRefreshTokenInvalid), errors.Is(err, auth.ErrBadCredentials):
		return &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The RefreshToken is not valid; sign in again."}
	case err != nil:
		return err
	}
	return ok(c, map[string]any{"AuthenticationResult": res})
}

func (a *API) logout(c echo.Context) error {
	rt, err := refreshToken(c)
	if err != nil {
		return err
	}
	if err := a.Sessions.End(c.Request().Context(), rt); err != nil && !errors.Is(err, auth.ErrRefreshTokenInvalid) {
		return err
	}
	return ok(c, map[string]any{"message": "Signed out."})
}
