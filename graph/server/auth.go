package server

import (
	"bytes"
	"encoding/base64"

	"github.com/wifivault/wifivault/graph/graphbinary"
)

// authenticate handles a SASL PLAIN answer ({"sasl": base64("\0user\0password")}), called
// with authMu held (and releases it). On success the requests held back run and are
// answered on their own ids; on failure each is answered with 401. The authentication
// request itself is never answered: gremlin-go keeps no result set for its id.
func (c *conn) authenticate(req *graphbinary.Request) {
	pending := c.pending
	c.pending = nil
	ok := c.checkSASL(req.Args)
	if ok {
		c.authenticated = true
	}
	c.authMu.Unlock()
	if !ok {
		c.s.stats.authFailures.Add(1)
		c.s.log.Info("gremlin: authentication failed", "remote", c.host)
		for _, p := range pending {
			_ = c.respondError(p.ID, StatusUnauthorized, "Username and/or password are incorrect")
		}
		return
	}
	for _, p := range pending {
		c.route(p)
	}
}

func (c *conn) checkSASL(args map[string]any) bool {
	var raw []byte
	switch v := args["sasl"].(type) {
	case string:
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return false
		}
		raw = b
	case []byte:
		raw = v
	default:
		return false
	}
	// PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd
	parts := bytes.Split(raw, []byte{0})
	if len(parts) != 3 {
		return false
	}
	return c.s.cfg.Authenticate(string(parts[1]), string(parts[2]))
}
