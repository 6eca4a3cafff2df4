package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 1 << 20

// body reads the request's JSON object, numbers kept exact (json.Number). An empty body
// is an empty object; anything but one JSON object is a 400.
func body(c echo.Context) (map[string]any, error) {
	raw, err := io.ReadAll(io.LimitReader(c.Request().Body, MaxBodyBytes+1))
	if err != nil {
		return nil, &gremlinconsole.Error{Status: http.StatusBadRequest, Message: "The request body could not be read."}
	}
	if len(raw) > MaxBodyBytes {
		return nil, &gremlinconsole.Error{Status: http.StatusRequestEntityTooLarge, Message: "The request body is larger than 1 MiB."}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, &gremlinconsole.Error{Status: http.StatusBadRequest, Message: "The request body must be one JSON object."}
	}
	if dec.More() {
		return nil, &gremlinconsole.Error{Status: http.StatusBadRequest, Message: "The request body must be one JSON object."}
	}
	return m, nil
}

// bodyAndPrincipal reads the JSON body and the caller it authenticates (nil without a token).
func (a *API) bodyAndPrincipal(c echo.Context) (map[string]any, *auth.Principal, error) {
	m, err := body(c)
	if err != nil {
		return nil, nil, err
	}
	p, err := a.principal(c, m)
	return m, p, err
}

// principal verifies the caller's token, from Authorization: Bearer or the body field
// AccessToken; nil when there is none.
func (a *API) principal(c echo.Context, m map[string]any) (*auth.Principal, error) {
	bodyToken, isString := m["AccessToken"].(string)
	if _, present := m["AccessToken"]; present && !isString && m["AccessToken"] != nil {
		return nil, &gremlinconsole.Error{Status: http.StatusBadRequest, Message: "AccessToken: must be a string", Field: "AccessToken"}
	}
	tok, err := auth.ExtractToken(c.Request().Header.Get(echo.HeaderAuthorization), bodyToken)
	if err != nil {
		if errors.Is(err, auth.ErrNoToken) {
			return nil, nil
		}
		return nil, &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: err.Error()}
	}
	if tok == "" {
		return nil, nil
	}
	claims, err := a.Tokens.Verify(tok)
	if err != nil {
		return nil, err
	}
	p := claims.Principal
	return &p, nil
}

// source describes the caller for the audit log.
func source(c echo.Context, via string) gremlinconsole.Source {
	return gremlinconsole.Source{
		IP:        c.RealIP(),
		UserAgent: c.Request().UserAgent(),
		RequestID: requestID(c),
		Via:       via,
	}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}
