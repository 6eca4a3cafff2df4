package subscribers

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
)

// piiChange is one field an update writes.
type piiChange struct {
	field, key string
	value      any
}

// truncate cuts s to n characters (the venue console's "trimmed to 40").
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// updateSubscriberPII is the venue and operator consoles' update. Who may change what:
// names, phone, locale, contact preferences and Status for every administrator; the email
// address (NewEmailAddress) and the external id for operator roles only. Names and the
// external id are sanitised and trimmed to 40 characters, as the venue console does.
// An email, phone or external id already used by another subscriber of the operator is a
// 409 naming the field, and nothing is written.
func (s *Commands) updateSubscriberPII(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	p := c.Params
	operatorRole := c.Principal != nil && c.Principal.Role.Scope() != auth.ScopeVenues
	if !operatorRole {
		for _, f := range []string{"NewEmailAddress", "newExternalSubscriberID"} {
			if p.Has(f) {
				return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: f + ": only operator administrators may change it.", Field: f}
			}
		}
	}
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	var ch []piiChange
	if p.Has("GivenName") {
		ch = append(ch, piiChange{"GivenName", keyGiven, truncate(sanitize(p.String("GivenName")), 40)})
	}
	if p.Has("FamilyName") {
		ch = append(ch, piiChange{"FamilyName", keyFamily, truncate(sanitize(p.String("FamilyName")), 40)})
	}
	if p.Has("PhoneNumber.E164") {
		ch = append(ch, piiChange{"PhoneNumber.E164", keyPhone, p.String("PhoneNumber.E164")})
	} else if p.Has("PhoneNumber") && p.Has("SubscriberToken") {
		// The operator console names the subscriber by token and sends the new phone as PhoneNumber.
		ch = append(ch, piiChange{"PhoneNumber", keyPhone, p.String("PhoneNumber")})
	}
	if p.Has("NewEmailAddress") {
		ch = append(ch, piiChange{"NewEmailAddress", keyEmail, schema.NormalizeEmail(p.String("NewEmailAddress"))})
	}
	if p.Has("newExternalSubscriberID") {
		ch = append(ch, piiChange{"newExternalSubscriberID", keyExternal, truncate(sanitize(p.String("newExternalSubscriberID")), 40)})
	} else if operatorRole && p.Has("externalSubscriberID") && p.Has("SubscriberToken") {
		ch = append(ch, piiChange{"externalSubscriberID", keyExternal, truncate(sanitize(p.String("externalSubscriberID")), 40)})
	}
	for _, f := range []struct{ field, key string }{{"locale", keyLocale}, {"contactpref_sms", keyPrefSMS}, {"contactpref_email", keyPrefEmail}} {
		if p.Has(f.field) {
			ch = append(ch, piiChange{f.field, f.key, p[f.field]})
		}
	}
	if p.Has("Status") {
		st := p.String("Status")
		if st == "AUP Not Accepted" {
			st = StatusAUPNotAccepted
		}
		ch = append(ch, piiChange{"Status", keyStatus, st})
	}
	return s.applyPII(c, sub, ch)
}

// applyPII writes changes to a subscriber in one traversal: unique values swap their
// value claims (409 when taken), the audit entry records before and after (never a
// secret), and the subscriber's messages in the answer list what changed.
func (s *Commands) applyPII(c *gremlinconsole.Call, sub *subscriber, ch []piiChange) (gremlinconsole.Result, error) {
	if len(ch) == 0 {
		return gremlinconsole.Result{"message": "Nothing to update."}, nil
	}
	if str(sub.props, keyStatus) == StatusClosed {
		return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: "The subscriber account is closed."}
	}
	tok, op := sub.token(), sub.operator()
	t := c.G().V(subscriberVID(tok)).As("target")
	var changes []gremlinconsole.Change
	var msg strings.Builder
	for _, x := range ch {
		var claimKey schema.PropertyKey
		switch x.key {
		case keyEmail:
			claimKey = schema.KeyOperatorEmailAddress
		case keyPhone:
			claimKey = schema.KeyOperatorPhoneNumber
		case keyExternal:
			claimKey = schema.KeyOperatorExternalSubscriberID
		}
		if claimKey != "" {
			v, _ := x.value.(string)
			if v == str(sub.props, x.key) {
				continue
			}
			if oldComposite := str(sub.props, string(claimKey)); oldComposite != "" {
				oldID, err := claimVID(claimKey, oldComposite)
				if err != nil {
					return nil, err
				}
				t = t.SideEffect(__.V(oldID).Drop())
			}
			if composite, ok := schema.CompositeKey(op, v); ok {
				id, err := claimVID(claimKey, composite)
				if err != nil {
					return nil, err
				}
				t = t.SideEffect(__.V(id).Fail(graphdb.FailMessage(http.StatusConflict, x.field+": another subscriber has this value."))).
					SideEffect(graphdb.Claim(labelValueClaim, id).AddE(edgeClaimHeldBy).To("target"))
				t = set(t, string(claimKey), composite)
			} else {
				t = t.SideEffect(__.Properties(string(claimKey)).Drop())
			}
		}
		t = set(t, x.key, x.value)
		changes = append(changes, gremlinconsole.Change{Field: x.field, BeforeKey: x.key, After: x.value})
		fmt.Fprintf(&msg, "Updating %s=%v. ", x.field, x.value)
	}
	if len(changes) == 0 {
		return gremlinconsole.Result{"message": "Nothing to update."}, nil
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: tok, Message: "Subscriber details updated.", Changes: changes, Operator: op})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	msg.WriteString("PII updated successfully.")
	return gremlinconsole.Result{"message": msg.String(), "errorProcessing": false}, nil
}

// sealSecret seals a secret for an outbox payload.
func sealSecret(s *Commands, secret string) (string, error) { return outbox.Seal(s.Secrets, secret) }
