package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/schema"
)

// Subscriber accounts live on the subscriber vertex (package subscribers writes it): the
// console password (argon2id) is KeyPasswordHash, the temporary password of an account
// that has not accepted the terms is KeyTemporaryPasswordHash, and KeyConsoleStatus is
// the sign-in state (the seeds' Cognito statuses).
const (
	LabelSubscriber          = string(schema.VertexSubscriber)
	KeyTemporaryPasswordHash = "TemporaryPasswordHash"
	KeyConsoleStatus         = "ConsoleStatus"
	// ConsoleForceChangePassword accounts hold only a temporary password: they must accept
	// the terms (acceptTandC) before they can sign in.
	ConsoleForceChangePassword = "FORCE_CHANGE_PASSWORD"
	// ConsoleConfirmed accounts sign in with their own password.
	ConsoleConfirmed = "CONFIRMED"
	// ConsoleDisabled accounts cannot sign in (closed or erased accounts).
	ConsoleDisabled = "DISABLED"
	// SubscriberStatusSuspended and SubscriberStatusClosed are the service statuses that
	// refuse sign-in even with a confirmed console account.
	SubscriberStatusSuspended = "Suspended"
	SubscriberStatusClosed    = "Closed"
)

// ErrAmbiguousSubscriber is returned when an email address or phone number names
// accounts with several operators and no operator was given.
var ErrAmbiguousSubscriber = errors.New("identity: several operators have a subscriber with this identifier")

// SubscriberPrincipal is the token subject of a subscriber: Kind subscriber, Role
// Subscriber, Subject the SubscriberToken, OperatorID the operator the account belongs to.
func SubscriberPrincipal(token, operatorID string) auth.Principal {
	return auth.Principal{Subject: token, Kind: auth.KindSubscriber, Role: auth.RoleSubscriber, OperatorID: operatorID}
}

// SubscriberLookup names a subscriber account by exactly one of Token, Email or Phone
// (E.164). OperatorID narrows Email and Phone to one operator (they are unique within an
// operator only).
type SubscriberLookup struct {
	OperatorID, Token, Email, Phone string
}

// SubscriberAccount is what sign-in needs of a subscriber.
type SubscriberAccount struct {
	Token, OperatorID, Email, GivenName, FamilyName, Locale string
	Status, ConsoleStatus                                   string
	PasswordHash, TemporaryPasswordHash                     string
}

// CanSignIn reports whether the account may sign in with its own password.
func (a SubscriberAccount) CanSignIn() bool {
	return a.ConsoleStatus == ConsoleConfirmed && a.PasswordHash != "" &&
		a.Status != SubscriberStatusSuspended && a.Status != SubscriberStatusClosed
}

// Principal is the account's token subject.
func (a SubscriberAccount) Principal() auth.Principal {
	return SubscriberPrincipal(a.Token, a.OperatorID)
}

// Subscribers verifies subscriber credentials against the graph.
type Subscribers struct {
	DB *graphdb.DB
	// Params are the argon2id costs of new hashes (DefaultPasswordParams when zero).
	Params vaultcrypto.PasswordParams
}

// HashPassword hashes a subscriber password (console or temporary) with the store's costs.
func (s *Subscribers) HashPassword(password string) (string, error) {
	return vaultcrypto.HashPassword(password, s.params())
}

// Verify reports whether password matches encoded. An empty encoded hash costs the same
// time as a real one and never matches, so timing does not tell whether an account exists.
func (s *Subscribers) Verify(password, encoded string) bool {
	if encoded == "" {
		vaultcrypto.EqualizeMissingPassword(password, s.params())
		return false
	}
	ok, err := vaultcrypto.VerifyPassword(password, encoded)
	return err == nil && ok
}

func (s *Subscribers) params() vaultcrypto.PasswordParams {
	if s.Params.MemoryKiB == 0 {
		return vaultcrypto.DefaultPasswordParams
	}
	return s.Params
}

// Find returns the accounts the lookup names (none, one, or, for an email or phone
// without an operator, one per operator).
func (s *Subscribers) Find(ctx context.Context, q SubscriberLookup) ([]SubscriberAccount, error) {
	g := s.DB.G()
	t := g.V()
	switch {
	case q.Token != "":
		t = g.V(schema.GraphID(schema.VertexSubscriber, q.Token)).HasLabel(LabelSubscriber)
		if q.OperatorID != "" {
			t = t.Has(string(schema.KeyOperatorID), q.OperatorID)
		}
	case q.Email != "" && q.OperatorID != "":
		key, _ := schema.CompositeKey(q.OperatorID, schema.NormalizeEmail(q.Email))
		t = g.V().HasLabel(LabelSubscriber).Has(string(schema.KeyOperatorEmailAddress), key)
	case q.Email != "":
		t = g.V().HasLabel(LabelSubscriber).Has(string(schema.KeyEmailAddress), schema.NormalizeEmail(q.Email))
	case q.Phone != "" && q.OperatorID != "":
		key, _ := schema.CompositeKey(q.OperatorID, q.Phone)
		t = g.V().HasLabel(LabelSubscriber).Has(string(schema.KeyOperatorPhoneNumber), key)
	case q.Phone != "":
		t = g.V().HasLabel(LabelSubscriber).Has(string(schema.KeyPhoneNumber), q.Phone)
	default:
		return nil, nil
	}
	res, err := graphdb.All(t.Limit(10).ValueMap(string(schema.KeySubscriberToken), string(schema.KeyOperatorID),
		string(schema.KeyEmailAddress), string(schema.KeyGivenName), string(schema.KeyFamilyName), string(schema.KeyLocale),
		string(schema.KeyStatus), KeyConsoleStatus, KeyPasswordHash, KeyTemporaryPasswordHash))
	if err != nil {
		return nil, err
	}
	out := make([]SubscriberAccount, 0, len(res))
	for _, r := range res {
		m, ok := r.GetInterface().(map[any]any)
		if !ok {
			return nil, fmt.Errorf("identity: subscriber: unexpected result %T", r.GetInterface())
		}
		str := func(k string) string {
			if l, isList := m[k].([]any); isList && len(l) > 0 {
				s, _ := l[0].(string)
				return s
			}
			return ""
		}
		out = append(out, SubscriberAccount{
			Token: str(string(schema.KeySubscriberToken)), OperatorID: str(string(schema.KeyOperatorID)),
			Email: str(string(schema.KeyEmailAddress)), GivenName: str(string(schema.KeyGivenName)),
			FamilyName: str(string(schema.KeyFamilyName)), Locale: str(string(schema.KeyLocale)),
			Status: str(string(schema.KeyStatus)), ConsoleStatus: str(KeyConsoleStatus),
			PasswordHash: str(KeyPasswordHash), TemporaryPasswordHash: str(KeyTemporaryPasswordHash),
		})
	}
	return out, nil
}

// Authenticate checks a subscriber's console password. A wrong identifier, a wrong
// password, a temporary password (the terms are not accepted yet) and a suspended or
// closed account are all auth.ErrBadCredentials, in the same time; an identifier shared
// by several operators without OperatorID is ErrAmbiguousSubscriber.
func (s *Subscribers) Authenticate(ctx context.Context, q SubscriberLookup, password string) (SubscriberAccount, error) {
	accounts, err := s.Find(ctx, q)
	if err != nil {
		return SubscriberAccount{}, err
	}
	if len(accounts) > 1 {
		return SubscriberAccount{}, ErrAmbiguousSubscriber
	}
	if len(accounts) == 0 || !accounts[0].CanSignIn() {
		s.Verify(password, "")
		return SubscriberAccount{}, auth.ErrBadCredentials
	}
	if !s.Verify(password, accounts[0].PasswordHash) {
		return SubscriberAccount{}, auth.ErrBadCredentials
	}
	return accounts[0], nil
}

// Current re-reads a subscriber at refresh time: a closed, suspended or erased account
// ends the session.
func (s *Subscribers) Current(ctx context.Context, issued auth.Principal) (auth.Principal, error) {
	if issued.Kind != auth.KindSubscriber {
		return auth.Principal{}, auth.ErrBadCredentials
	}
	accounts, err := s.Find(ctx, SubscriberLookup{Token: issued.Subject})
	if err != nil {
		return auth.Principal{}, err
	}
	if len(accounts) != 1 || !accounts[0].CanSignIn() {
		return auth.Principal{}, auth.ErrBadCredentials
	}
	return accounts[0].Principal(), nil
}
