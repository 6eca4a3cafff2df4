package auth

import "errors"

// ErrBadCredentials is what a credential check returns for a wrong account name or
// password; callers must not tell the two apart.
var ErrBadCredentials = errors.New("auth: wrong account or password")
