package identity

import (
	"context"
	"errors"
	"net/http"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
)

// Staff invitations follow the seeds' account flow (a new account is created in
// FORCE_CHANGE_PASSWORD state, the welcome mail carries a temporary password, the person
// replaces it with their own): enableStaffAccess creates the account with
// AddInvitedAdmin, without any password; the mailer calls IssueTemporaryPassword when it
// sends the welcome mail (so the temporary password exists only in that mail and as a
// hash); SetPermanentPassword completes the account. No password is ever returned by a
// command, stored in clear or logged.

// Property keys of invitations.
const (
	KeyTemporaryPasswordExpires = "TemporaryPasswordExpires"
)

// TemporaryPasswordLifetime is how long a temporary password may be used.
const TemporaryPasswordLifetime = 7 * 24 * time.Hour

// Errors of the invitation flow.
var (
	// ErrNotInvited: the account does not exist or is not waiting for its password.
	ErrNotInvited = errors.New("identity: no invitation is pending for this account")
	// ErrTemporaryPasswordExpired: the temporary password is too old; issue a new one.
	ErrTemporaryPasswordExpired = errors.New("identity: the temporary password has expired")
)

// StaffProfile holds the names a staff account is created with.
type StaffProfile struct {
	GivenName, FamilyName, Locale string
}

// AddInvitedAdmin is the anonymous traversal that creates an account in StatusInvited
// without a password (its PasswordHash is empty, so nothing can sign in with it), for
// commands that create staff in the same traversal as their other changes.
func AddInvitedAdmin(a Admin, p StaffProfile, nowMillis int64) *gremlingo.GraphTraversal {
	return __.AddV(LabelAdministrator).Property(gremlingo.T.Id, vertexID(a.Email)).
		Property(gremlingo.Cardinality.Single, KeyEmail, normalize(a.Email)).
		Property(gremlingo.Cardinality.Single, KeyPasswordHash, "").
		Property(gremlingo.Cardinality.Single, KeyRole, string(a.Role)).
		Property(gremlingo.Cardinality.Single, gremlinconsole.KeyOperatorID, a.OperatorID).
		Property(gremlingo.Cardinality.Single, KeyVenueIDs, VenueIDsValue(a.VenueIDs)).
		Property(gremlingo.Cardinality.Single, KeyStatus, StatusInvited).
		Property(gremlingo.Cardinality.Single, KeyGivenName, p.GivenName).
		Property(gremlingo.Cardinality.Single, KeyFamilyName, p.FamilyName).
		Property(gremlingo.Cardinality.Single, KeyLocale, p.Locale).
		Property(gremlingo.Cardinality.Single, gremlinconsole.KeyDateAdded, nowMillis)
}

// Find reads an account (without its password hash); found is false when there is none.
func (s *Admins) Find(ctx context.Context, email string) (a Admin, found bool, err error) {
	a, _, found, err = s.find(email)
	return a, found, err
}

// IssueTemporaryPassword gives an invited account a new random temporary password,
// valid for TemporaryPasswordLifetime, and returns it once, for the welcome mail. It
// replaces any earlier temporary password. ErrNotInvited when the account is not
// waiting for its password.
func (s *Admins) IssueTemporaryPassword(ctx context.Context, email string) (string, error) {
	tmp, err := vaultcrypto.RandomToken(12)
	if err != nil {
		return "", err
	}
	hash, err := vaultcrypto.HashPassword(tmp, s.params())
	if err != nil {
		return "", err
	}
	expires := time.Now().Add(TemporaryPasswordLifetime).UnixMilli()
	err = graphdb.Exec(s.DB.G().Inject(0).
		Coalesce(__.V(vertexID(email)).HasLabel(LabelAdministrator).Has(KeyStatus, StatusInvited),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, "no invitation"))).
		Property(gremlingo.Cardinality.Single, KeyPasswordHash, hash).
		Property(gremlingo.Cardinality.Single, KeyTemporaryPasswordExpires, expires))
	var ce *graphdb.CommandError
	if errors.As(err, &ce) && ce.Status == http.StatusNotFound {
		return "", ErrNotInvited
	}
	if err != nil {
		return "", err
	}
	return tmp, nil
}

// SetPermanentPassword completes an invited account: the temporary password must match
// and be unexpired; the account becomes active with newPassword. The temporary password
// works once: the update is conditional on the hash it was checked against.
func (s *Admins) SetPermanentPassword(ctx context.Context, email, temporary, newPassword string) error {
	res, err := graphdb.First(s.DB.G().V(vertexID(email)).HasLabel(LabelAdministrator).Has(KeyStatus, StatusInvited).
		Project("h", "x").By(KeyPasswordHash).By(__.Coalesce(__.Values(KeyTemporaryPasswordExpires), __.Constant(int64(0)))))
	if err != nil {
		return err
	}
	if res == nil {
		vaultcrypto.EqualizeMissingPassword(temporary, s.params())
		return ErrNotInvited
	}
	m, _ := res.GetInterface().(map[any]any)
	hash, _ := m["h"].(string)
	expires, _ := m["x"].(int64)
	if hash == "" {
		return auth.ErrBadCredentials
	}
	if ok, err := vaultcrypto.VerifyPassword(temporary, hash); err != nil || !ok {
		return auth.ErrBadCredentials
	}
	if time.Now().UnixMilli() > expires {
		return ErrTemporaryPasswordExpired
	}
	newHash, err := vaultcrypto.HashPassword(newPassword, s.params())
	if err != nil {
		return err
	}
	err = graphdb.Exec(s.DB.G().Inject(0).
		Coalesce(__.V(vertexID(email)).Has(KeyStatus, StatusInvited).Has(KeyPasswordHash, hash),
			__.Fail(graphdb.FailMessage(http.StatusConflict, "temporary password already used"))).
		Property(gremlingo.Cardinality.Single, KeyPasswordHash, newHash).
		Property(gremlingo.Cardinality.Single, KeyStatus, StatusActive).
		SideEffect(__.Properties(KeyTemporaryPasswordExpires).Drop()))
	var ce *graphdb.CommandError
	if errors.As(err, &ce) && ce.Status == http.StatusConflict {
		return auth.ErrBadCredentials
	}
	return err
}
