package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Vertex label and property keys of administrator accounts.
const (
	LabelAdministrator = string(schema.VertexAdministrator)
	KeyEmail           = "EmailAddress"
	KeyPasswordHash    = "PasswordHash"
	KeyRole            = "Role"
	KeyVenueIDs        = "VenueIDs"
	KeyStatus          = "Status"
	KeyGivenName       = "GivenName"
	KeyFamilyName      = "FamilyName"
	KeyLocale          = "locale"
)

// Account statuses. Only an active account signs in.
const (
	// StatusActive accounts sign in with their password.
	StatusActive = "active"
	// StatusDisabled accounts are kept but have no access (staff access removed).
	StatusDisabled = "disabled"
	// StatusInvited accounts were created by enableStaffAccess and have no password
	// yet: the invitation mail issues a temporary password (IssueTemporaryPassword)
	// that the person replaces with their own (SetPermanentPassword).
	StatusInvited = "FORCE_CHANGE_PASSWORD"
)

// Admin is an administrator account.
type Admin struct {
	Email      string
	Role       auth.Role
	OperatorID string
	VenueIDs   []string
	// Status is StatusActive, StatusDisabled or StatusInvited (set when read).
	Status   string
	Disabled bool
}

// Principal is the token subject of the account.
func (a Admin) Principal() auth.Principal {
	return auth.Principal{Subject: a.Email, Kind: auth.KindAdmin, Role: a.Role, OperatorID: a.OperatorID, VenueIDs: a.VenueIDs}
}

// Admins stores administrator accounts in the graph.
type Admins struct {
	DB     *graphdb.DB
	Params vaultcrypto.PasswordParams
}

// ErrExists is returned when creating an account whose email is taken.
var ErrExists = errors.New("an administrator with this email address exists")

// VertexID is the graph id of the account of email.
func VertexID(email string) string { return vertexID(email) }

// AddAdmin is the anonymous traversal that creates an account with an already hashed
// password, for commands that create an account in the same traversal as other changes.
func AddAdmin(a Admin, hash string, nowMillis int64) *gremlingo.GraphTraversal {
	venues, _ := json.Marshal(a.VenueIDs)
	return __.AddV(LabelAdministrator).Property(gremlingo.T.Id, vertexID(a.Email)).
		Property(gremlingo.Cardinality.Single, KeyEmail, normalize(a.Email)).
		Property(gremlingo.Cardinality.Single, KeyPasswordHash, hash).
		Property(gremlingo.Cardinality.Single, KeyRole, string(a.Role)).
		Property(gremlingo.Cardinality.Single, gremlinconsole.KeyOperatorID, a.OperatorID).
		Property(gremlingo.Cardinality.Single, KeyVenueIDs, string(venues)).
		Property(gremlingo.Cardinality.Single, KeyStatus, StatusActive).
		Property(gremlingo.Cardinality.Single, gremlinconsole.KeyDateAdded, nowMillis)
}

// VenueIDsValue is the stored form of an account's venue list (its KeyVenueIDs value).
func VenueIDsValue(venueIDs []string) string {
	if len(venueIDs) == 0 {
		return "[]"
	}
	js, _ := json.Marshal(venueIDs)
	return string(js)
}

// Normalize is the form an email address is stored and compared in: trimmed and
// lower-cased.
func Normalize(email string) string { return normalize(email) }

func vertexID(email string) string {
	return gremlinconsole.VertexID(LabelAdministrator, normalize(email))
}

func normalize(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Create adds an account. The password is hashed here; it is never stored or logged.
func (s *Admins) Create(ctx context.Context, a Admin, password string) error {
	p := a.Principal()
	if err := p.Validate(); err != nil {
		return err
	}
	hash, err := vaultcrypto.HashPassword(password, s.params())
	if err != nil {
		return err
	}
	id := vertexID(a.Email)
	err = graphdb.Exec(s.DB.G().Inject(1).Coalesce(
		__.V(id).Fail(graphdb.FailMessage(409, "An administrator with this email address exists.")),
		AddAdmin(a, hash, time.Now().UnixMilli()),
	))
	var ce *graphdb.CommandError
	if errors.As(err, &ce) && ce.Status == 409 {
		return ErrExists
	}
	return err
}

var __ = gremlingo.T__

// find reads an account with its password hash; found is false when there is none.
func (s *Admins) find(email string) (a Admin, hash string, found bool, err error) {
	res, err := s.DB.G().V(vertexID(email)).HasLabel(LabelAdministrator).
		Project("e", "h", "r", "o", "v", "s").
		By(KeyEmail).By(KeyPasswordHash).By(KeyRole).By(gremlinconsole.KeyOperatorID).By(KeyVenueIDs).By(KeyStatus).
		ToList()
	if err != nil {
		return Admin{}, "", false, graphdb.Classify(err)
	}
	if len(res) == 0 {
		return Admin{}, "", false, nil
	}
	m, ok := res[0].GetInterface().(map[any]any)
	if !ok {
		return Admin{}, "", false, fmt.Errorf("administrator %s: unexpected result %T", email, res[0].GetInterface())
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	a = Admin{Email: str("e"), Role: auth.Role(str("r")), OperatorID: str("o"), Status: str("s"), Disabled: str("s") != StatusActive}
	if v := str("v"); v != "" {
		if err := json.Unmarshal([]byte(v), &a.VenueIDs); err != nil {
			return Admin{}, "", false, fmt.Errorf("administrator %s: venues: %w", email, err)
		}
	}
	if len(a.VenueIDs) == 0 {
		a.VenueIDs = nil
	}
	return a, str("h"), true, nil
}

// Authenticate checks email and password. Unknown accounts cost the same time as known
// ones, so timing tells nothing.
func (s *Admins) Authenticate(ctx context.Context, email, password string) (auth.Principal, error) {
	a, hash, found, err := s.find(email)
	if err != nil {
		return auth.Principal{}, err
	}
	if !found || a.Disabled {
		vaultcrypto.EqualizeMissingPassword(password, s.params())
		return auth.Principal{}, auth.ErrBadCredentials
	}
	ok, err := vaultcrypto.VerifyPassword(password, hash)
	if err != nil || !ok {
		return auth.Principal{}, auth.ErrBadCredentials
	}
	return a.Principal(), nil
}

// Current re-reads the account behind a refresh; a removed or disabled account ends the login.
func (s *Admins) Current(ctx context.Context, issued auth.Principal) (auth.Principal, error) {
	if issued.Kind != auth.KindAdmin {
		return auth.Principal{}, auth.ErrBadCredentials
	}
	a, _, found, err := s.find(issued.Subject)
	if err != nil {
		return auth.Principal{}, err
	}
	if !found || a.Disabled {
		return auth.Principal{}, auth.ErrBadCredentials
	}
	return a.Principal(), nil
}

// Bootstrap creates the first Network Software Provider administrator unless the account
// exists already.
func (s *Admins) Bootstrap(ctx context.Context, email, password string) error {
	err := s.Create(ctx, Admin{Email: email, Role: auth.RoleNetworkSoftwareProvider}, password)
	if errors.Is(err, ErrExists) {
		return nil
	}
	return err
}

// HashPassword hashes a new account password with the store's parameters.
func (s *Admins) HashPassword(password string) (string, error) {
	return vaultcrypto.HashPassword(password, s.params())
}

func (s *Admins) params() vaultcrypto.PasswordParams {
	if s.Params.MemoryKiB == 0 {
		return vaultcrypto.DefaultPasswordParams
	}
	return s.Params
}
