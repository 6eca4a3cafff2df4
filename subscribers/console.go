package subscribers

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
)

// consoleGroup is the subscriber console's sign-in: public endpoints (login, acceptTandC,
// password reset, refresh) plus logout and viewTandC.
func (s *Commands) consoleGroup() ([]*gremlinconsole.Command, []Route) {
	pPassword := gremlinconsole.Param{Name: "Password", Kind: gremlinconsole.String, Required: true, MinLen: 8, MaxLen: 128, Secret: true}
	pNewPassword := gremlinconsole.Param{Name: "NewPassword", Kind: gremlinconsole.String, Required: true, MinLen: 8, MaxLen: 63, Pattern: wpaPattern, Secret: true,
		Doc: "becomes the WiFi key: 8 to 63 printable characters without spaces"}
	pLoginPhone := gremlinconsole.Param{Name: "PhoneNumber", Kind: gremlinconsole.String, Pattern: `^\+?[1-9][0-9]{0,15}$`}
	return []*gremlinconsole.Command{
			{
				Name:    "Subscriber.login",
				Summary: "Signs a subscriber in by email, phone or token with their password.",
				Public:  true,
				Params:  []gremlinconsole.Param{pEmail, pLoginPhone, pToken, pPassword, pOperator},
				Run:     s.login,
			},
			{
				Name:     "Subscriber.acceptTandC",
				Summary:  "Accepts the terms: the temporary password is replaced by the subscriber's own, which becomes their WiFi key.",
				Public:   true,
				Mutating: true,
				Params: []gremlinconsole.Param{pEmail, pLoginPhone, pToken, pOperator,
					{Name: "TemporaryPassword", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 128, Secret: true}, pNewPassword},
				Run: s.acceptTandC,
			},
			{
				Name:    "Subscriber.viewTandC",
				Summary: "Returns the operator's terms in the subscriber's locale, else the device locale, else en-us.",
				Roles:   append([]auth.Role{auth.RoleSubscriber}, venueConsole...),
				Params:  []gremlinconsole.Param{pVenueReq, pEmail, {Name: "locale", Kind: gremlinconsole.String, MaxLen: 10}, pOperator},
				Scope:   gremlinconsole.ScopeParams{Operator: "OperatorID"},
				Run:     s.viewTandC,
			},
			{
				Name:     "Subscriber.initiateResetConsolePassword",
				Summary:  "Sends a password reset code (or the welcome message again); the answer is the same whether or not the account exists.",
				Public:   true,
				Mutating: true,
				Params:   []gremlinconsole.Param{pToken, pEmail, pLoginPhone, pOperator, pChannel},
				Run:      s.initiateReset,
			},
			{
				Name:     "Subscriber.confirmResetConsolePassword",
				Summary:  "Sets a new password (and WiFi key) with the 8-character reset code; codes expire after 15 minutes and guesses are limited.",
				Public:   true,
				Mutating: true,
				Params: []gremlinconsole.Param{pTokenReq, {Name: "OTP", Kind: gremlinconsole.String, Required: true, MinLen: otpLen, MaxLen: otpLen, Secret: true},
					pNewPassword},
				Run: s.confirmReset,
			},
			{
				Name:    "Subscriber.refreshAccessToken",
				Summary: "Exchanges a refresh token for a new access token and the next refresh token.",
				Public:  true,
				Params:  []gremlinconsole.Param{{Name: "RefreshToken", Kind: gremlinconsole.String, Required: true, MaxLen: 512, Secret: true}, pVenue},
				Run:     s.refresh,
			},
			{
				Name:    "Subscriber.logout",
				Summary: "Ends the sign-in the refresh token belongs to.",
				Roles:   subscriberOnly,
				Params:  []gremlinconsole.Param{{Name: "RefreshToken", Kind: gremlinconsole.String, Required: true, MaxLen: 512, Secret: true}, pVenue},
				Run:     s.logout,
			},
		}, []Route{
			{"/subscriberconsole/login", "Subscriber.login"},
			{"/subscriberconsole/acceptTandC", "Subscriber.acceptTandC"},
			{"/subscriberconsole/viewTandC", "Subscriber.viewTandC"},
			{"/subscriberconsole/initiateResetConsolePassword", "Subscriber.initiateResetConsolePassword"},
			{"/subscriberconsole/confirmResetConsolePassword", "Subscriber.confirmResetConsolePassword"},
			{"/subscriberconsole/refreshAccessToken", "Subscriber.refreshAccessToken"},
			{"/subscriberconsole/logout", "Subscriber.logout"},
		}
}

// lookupOf reads the identifier of a public call (token, then email, then phone).
func lookupOf(p gremlinconsole.Params) (identity.SubscriberLookup, string, error) {
	q := identity.SubscriberLookup{OperatorID: p.String("OperatorID")}
	switch {
	case p.String("SubscriberToken") != "":
		q.Token = p.String("SubscriberToken")
		return q, q.Token, nil
	case p.String("EmailAddress") != "":
		q.Email = p.String("EmailAddress")
		return q, q.OperatorID + "/" + q.Email, nil
	case p.String("PhoneNumber") != "":
		q.Phone = p.String("PhoneNumber")
		if q.Phone[0] != '+' {
			q.Phone = "+" + q.Phone
		}
		return q, q.OperatorID + "/" + q.Phone, nil
	}
	return q, "", &gremlinconsole.ValidationError{Field: "EmailAddress", Message: "is required (or PhoneNumber or SubscriberToken)"}
}

// tooMany is the 429 of a limited attempt, with its Retry-After.
func tooMany(d auth.Decision) error {
	return &gremlinconsole.Error{Status: http.StatusTooManyRequests, RetryAfter: d.RetryAfterSeconds(),
		Message: "Too many attempts. Please try again in " + strconv.Itoa(d.RetryAfterSeconds()) + " seconds."}
}

// loginAttempt reads the account the request names and counts the attempt against it
// and the source address; over the limit it is the 429.
func (s *Commands) loginAttempt(ctx context.Context, c *gremlinconsole.Call) (identity.SubscriberLookup, string, error) {
	q, account, err := lookupOf(c.Params)
	if err != nil {
		return q, "", err
	}
	d, err := s.Logins.Attempt(ctx, account, c.Source.IP)
	if err != nil {
		return q, "", err
	}
	if !d.Allowed {
		return q, "", tooMany(d)
	}
	return q, account, nil
}

// login: every attempt is counted (per account and per address) before the password is
// checked. An email or phone that several operators share needs OperatorID.
func (s *Commands) login(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	q, account, err := s.loginAttempt(ctx, c)
	if err != nil {
		return nil, err
	}
	a, err := s.Accounts.Authenticate(ctx, q, c.Params.String("Password"))
	switch {
	case errors.Is(err, identity.ErrAmbiguousSubscriber):
		return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required: this identifier has accounts with several operators"}
	case errors.Is(err, auth.ErrBadCredentials):
		return nil, &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The sign-in details or password are not correct."}
	case err != nil:
		return nil, err
	}
	if err := s.Logins.Succeeded(ctx, account, c.Source.IP); err != nil {
		return nil, err
	}
	res, err := s.Sessions.Start(ctx, a.Principal())
	if err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "", "errorProcessing": false, "AuthenticationResult": res, "SubscriberToken": a.Token,
		"GivenName": a.GivenName, "FamilyName": a.FamilyName, "locale": orDefault(a.Locale, "en-us"), "SupportedLocales": supportedLocales}, nil
}

// acceptTandC checks the temporary password (attempts limited like a login), then in one
// traversal: the account must still await the terms (a second acceptance is a 409), the
// new password's hash replaces the temporary one, Status becomes In Service, the
// acceptance is recorded with time and source IP, the keys that follow the password get
// it as passphrase (409 when it is taken on an SSID), and LoginPasswordCreated is recorded.
func (s *Commands) acceptTandC(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	q, account, err := s.loginAttempt(ctx, c)
	if err != nil {
		return nil, err
	}
	accounts, err := s.Accounts.Find(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(accounts) > 1 {
		return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required: this identifier has accounts with several operators"}
	}
	temp := c.Params.String("TemporaryPassword")
	if len(accounts) == 0 || !s.Accounts.Verify(temp, accounts[0].TemporaryPasswordHash) {
		return nil, &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The sign-in details or temporary password are not correct."}
	}
	a := accounts[0]
	if a.ConsoleStatus != identity.ConsoleForceChangePassword {
		return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: "The terms were already accepted."}
	}
	c.OperatorID = a.OperatorID
	c.Principal = &auth.Principal{Subject: a.Token, Kind: auth.KindSubscriber, Role: auth.RoleSubscriber, OperatorID: a.OperatorID}
	if err := s.setPassword(c, a.Token, c.Params.String("NewPassword"), true); err != nil {
		return nil, err
	}
	_ = s.Logins.Succeeded(ctx, account, c.Source.IP)
	return gremlinconsole.Result{"message": "User verified. Password changed. Email verified.", "errorProcessing": false}, nil
}

// setPassword writes a new console password in one traversal with the keys that follow
// it; accepting marks the terms accepted (and requires the account to await them).
func (s *Commands) setPassword(c *gremlinconsole.Call, token, password string, accepting bool) error {
	hash, err := s.Accounts.HashPassword(password)
	if err != nil {
		return err
	}
	keys, err := readKeys(c, token)
	if err != nil {
		return err
	}
	sub, err := loadSelf(c)
	if err != nil {
		return err
	}
	t := c.G().V(subscriberVID(token)).As("target")
	if accepting {
		t = t.Coalesce(__.Has(identity.KeyConsoleStatus, identity.ConsoleForceChangePassword),
			__.Fail(graphdb.FailMessage(http.StatusConflict, "The terms were already accepted.")))
		t = set(set(set(t, keyStatus, StatusInService), keyTandCAccepted, c.NowMillis()), keyTandCSourceIP, c.Source.IP)
	}
	t = set(set(t, identity.KeyPasswordHash, hash), identity.KeyConsoleStatus, identity.ConsoleConfirmed).
		SideEffect(__.Properties(identity.KeyTemporaryPasswordHash, keyResetCode, keyResetStart).Drop()).Fold()
	for _, k := range keys {
		if !boolean(k.props, keyFollowsPassword) {
			continue
		}
		if t, err = s.rekey(c, t, k, password, true); err != nil {
			return err
		}
	}
	msg := "Password changed."
	if accepting {
		msg = "Subscriber accepted TandC. "
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: token, Message: msg, Operator: sub.operator()})
	payload := profile(sub.props)
	payload["Type"], payload["event"], payload["SourceIP"] = EventLoginPasswordCreated, msg, c.Source.IP
	payload["AdministratorBrowser"] = c.Source.UserAgent
	typ := EventLoginPasswordCreated
	if !accepting {
		typ = EventPasswordChanged
		payload["Type"] = typ
	}
	t = c.WithEvent(t, gremlinconsole.Event{Type: typ, Key: token, Payload: payload})
	return conflictField(graphdb.Exec(t), "NewPassword")
}

// viewTandC: the operator's terms (configureTandC) in the locale of the subscriber (a
// subscriber caller, or the EmailAddress given), else the device locale, else en-us.
func (s *Commands) viewTandC(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	venue := c.Params.String("VenueID")
	r, err := graphdb.First(c.G().V(venueVID(venue)).HasLabel(labelVenue).Values(keyOperator))
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "VenueID " + venue + " was not found.", Field: "VenueID"}
	}
	op := r.GetString()
	if p := c.Principal; p != nil && p.Kind == auth.KindAdmin && !p.CanAccessVenue(op, venue) {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not act on venue " + venue + "."}
	}
	want := []string{}
	if tok := selfToken(c); tok != "" {
		sub, err := loadSelf(c)
		if err != nil {
			return nil, err
		}
		if sub.operator() != op {
			return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not act on venue " + venue + "."}
		}
		want = append(want, str(sub.props, keyLocale))
	} else if e := c.Params.String("EmailAddress"); e != "" {
		accounts, err := s.Accounts.Find(ctx, identity.SubscriberLookup{OperatorID: op, Email: e})
		if err != nil {
			return nil, err
		}
		if len(accounts) == 1 {
			want = append(want, accounts[0].Locale)
		}
	}
	want = append(want, c.Params.String("locale"), "en-us")
	r, err = graphdb.First(c.G().V(operatorVID(op)).ValueMap("TandC.en-us", "TandC.es-xl"))
	if err != nil {
		return nil, err
	}
	texts := map[string]any{}
	if r != nil {
		texts = graphdb.Flatten(r.GetInterface())
	}
	for _, l := range want {
		if text := str(texts, "TandC."+l); text != "" {
			return gremlinconsole.Result{"message": "", "DeviceLocale": l, "TandC": text}, nil
		}
	}
	return gremlinconsole.Result{"message": "The operator has not published terms yet.", "DeviceLocale": "en-us", "TandC": ""}, nil
}

// initiateReset answers the same message whether or not the account exists, and is
// limited per identifier and address like a login (it sends messages).
func (s *Commands) initiateReset(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	q, account, err := lookupOf(c.Params)
	if err != nil {
		return nil, err
	}
	if tok := selfToken(c); tok != "" && q.Token != tok {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "A subscriber may reset only their own password."}
	}
	d, err := s.OTPs.Attempt(ctx, "initiate/"+account, c.Source.IP)
	if err != nil {
		return nil, err
	}
	if !d.Allowed {
		return nil, tooMany(d)
	}
	done := gremlinconsole.Result{"message": "Password reset code sent successfully", "errorProcessing": false, "statusCode": 200}
	accounts, err := s.Accounts.Find(ctx, q)
	if err != nil || len(accounts) != 1 {
		return done, err
	}
	c.OperatorID = accounts[0].OperatorID
	c.Principal = &auth.Principal{Subject: accounts[0].Token, Kind: auth.KindSubscriber, Role: auth.RoleSubscriber, OperatorID: c.OperatorID}
	sub, err := loadSelf(c)
	if err != nil {
		return nil, err
	}
	if st := str(sub.props, keyStatus); st == StatusSuspended || st == StatusClosed {
		return done, nil
	}
	msg, err := s.sendAccessCode(c, sub)
	if err != nil {
		return nil, err
	}
	done["message"] = msg
	return done, nil
}

// otpContext binds a stored reset code to its subscriber.
func otpContext(token string) string { return "subscriber-reset-code:" + token }

// resetCode returns the subscriber's valid reset code or a new one (fresh).
func (s *Commands) resetCode(c *gremlinconsole.Call, sub *subscriber) (code string, fresh bool, err error) {
	if stored := str(sub.props, keyResetCode); stored != "" && c.NowMillis()-millis(sub.props, keyResetStart) < otpTTL.Milliseconds() {
		if code, err := s.Secrets.DecryptString(stored, otpContext(sub.token())); err == nil {
			return code, false, nil
		}
	}
	return randomString(otpAlphabet, otpLen), true, nil
}

// confirmReset: guesses are counted per subscriber and address before the code is
// compared (5 per 15 minutes per subscriber); an expired code is refused like a wrong one.
func (s *Commands) confirmReset(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	tok := c.Params.String("SubscriberToken")
	if self := selfToken(c); self != "" && self != tok {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "A subscriber may reset only their own password."}
	}
	d, err := s.OTPs.Attempt(ctx, "confirm/"+tok, c.Source.IP)
	if err != nil {
		return nil, err
	}
	if !d.Allowed {
		return nil, tooMany(d)
	}
	bad := &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The code is not correct or has expired.", Field: "OTP"}
	c.Principal = &auth.Principal{Subject: tok, Kind: auth.KindSubscriber, Role: auth.RoleSubscriber}
	sub, err := loadSelf(c)
	if err != nil {
		return nil, bad
	}
	stored := str(sub.props, keyResetCode)
	if stored == "" || c.NowMillis()-millis(sub.props, keyResetStart) >= otpTTL.Milliseconds() {
		return nil, bad
	}
	code, err := s.Secrets.DecryptString(stored, otpContext(tok))
	if err != nil || subtle.ConstantTimeCompare([]byte(code), []byte(c.Params.String("OTP"))) != 1 {
		return nil, bad
	}
	c.Principal.OperatorID = sub.operator()
	if err := s.setPassword(c, tok, c.Params.String("NewPassword"), false); err != nil {
		return nil, err
	}
	_ = s.OTPs.Succeeded(ctx, "confirm/"+tok, c.Source.IP)
	return gremlinconsole.Result{"message": "Password changed."}, nil
}

// refresh rotates the refresh token; the subscriber is re-read (a closed or suspended
// account ends the session). An expired AccessToken in the body is refused by the API
// before the command runs, so clients send only the RefreshToken.
func (s *Commands) refresh(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	res, err := s.Sessions.Refresh(ctx, c.Params.String("RefreshToken"), s.Accounts.Current)
	switch {
	case errors.Is(err, auth.ErrRefreshTokenReused):
		return nil, &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The RefreshToken was already used; sign in again."}
	case errors.Is(err, auth.ErrRefreshTokenInvalid), errors.Is(err, auth.ErrBadCredentials):
		return nil, &gremlinconsole.Error{Status: http.StatusUnauthorized, Message: "The RefreshToken is not valid; sign in again."}
	case err != nil:
		return nil, err
	}
	return gremlinconsole.Result{"message": "", "AuthenticationResult": res}, nil
}

// logout revokes the refresh token's family. Access tokens already issued stay valid
// until they expire (the seeds' global sign-out of every device needs a per-subscriber
// revocation list, which auth does not have yet).
func (s *Commands) logout(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := s.Sessions.End(ctx, c.Params.String("RefreshToken")); err != nil && !errors.Is(err, auth.ErrRefreshTokenInvalid) {
		return nil, err
	}
	return gremlinconsole.Result{"message": "User logged out."}, nil
}
