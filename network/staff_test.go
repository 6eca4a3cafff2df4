package network_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/service/servicetest"
)

const (
	opStaffEnable     = "/networkoperatorconsole/staff/enableStaffAccess"
	opStaffDisable    = "/networkoperatorconsole/staff/disableStaffAccess"
	venueStaffEnable  = "/venuemgmtconsole/staff/enableStaffAccess"
	opVenueEnable     = "/networkoperatorconsole/venues/enableStaffAccess"
	venueStaffDisable = "/venuemgmtconsole/staff/disableStaffAccess"
	opVenueRevoke     = "/networkoperatorconsole/venues/disableStaffAccess"
)

func newStaffEmail() string { return strings.ToLower(servicetest.Unique("staff")) + "@staff.test" }

func TestEnableStaffAccessInvitation(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	ctx := context.Background()
	email := newStaffEmail()
	r := env.Post(opStaffEnable, f.tokens[auth.RoleDomainAdministrator], map[string]any{
		"EmailAddress": strings.ToUpper(email), "Role": "AccountManager", "GivenName": "Ada", "FamilyName": "Lovelace",
	}).Must(t, http.StatusOK)
	if r.Body["EmailAddress"] != email || r.Body["message"] != "Staff access has been enabled successfully." || strings.Contains(r.Raw, "assword") {
		t.Fatalf("%s", r.Raw)
	}
	a, found, err := env.Service.Admins.Find(ctx, email)
	if err != nil || !found || a.Status != identity.StatusInvited || a.Role != auth.RoleAccountManager || a.OperatorID != f.op {
		t.Fatalf("account %+v %v %v", a, found, err)
	}
	if len(opAuditEntries(t, env, f.op, "Staff.enableStaffAccess")) != 1 || eventCount(t, env, f.op, "StaffAccessEnabled") != 1 {
		t.Fatal("no audit entry or StaffAccessEnabled event")
	}
	if r := env.Post("/auth/login", "", map[string]any{"EmailAddress": email, "Password": ""}); r.Status == http.StatusOK {
		t.Fatal("an invited account signed in without a password")
	}
	tmp, err := env.Service.Admins.IssueTemporaryPassword(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if r := env.Post("/auth/login", "", map[string]any{"EmailAddress": email, "Password": tmp}); r.Status == http.StatusOK {
		t.Fatal("the temporary password signs in before it is replaced")
	}
	if err := env.Service.Admins.SetPermanentPassword(ctx, email, "wrong-temporary", "my-own-password"); err == nil {
		t.Fatal("a wrong temporary password was accepted")
	}
	if err := env.Service.Admins.SetPermanentPassword(ctx, email, tmp, "my-own-password"); err != nil {
		t.Fatal(err)
	}
	env.Login(email, "my-own-password")
	if err := env.Service.Admins.SetPermanentPassword(ctx, email, tmp, "again-password"); err == nil {
		t.Fatal("the temporary password worked twice")
	}
	if strings.Contains(env.Logs.String(), tmp) {
		t.Fatal("the temporary password reached the log")
	}
}

func TestStaffAccessHierarchy(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	y := newOpFixture(t, env)
	venue := func(role string, v string) map[string]any {
		return map[string]any{"EmailAddress": newStaffEmail(), "Role": role, "VenueID": v, "GivenName": "G", "FamilyName": "F"}
	}
	operator := func(role string) map[string]any {
		return map[string]any{"EmailAddress": newStaffEmail(), "Role": role, "GivenName": "G", "FamilyName": "F"}
	}
	cases := []struct {
		name   string
		caller auth.Role
		path   string
		body   map[string]any
		want   int
	}{
		{"NSP grants DomainAdministrator", auth.RoleNetworkSoftwareProvider, opStaffEnable, map[string]any{"OperatorID": f.op, "EmailAddress": newStaffEmail(), "Role": "DomainAdministrator", "GivenName": "G", "FamilyName": "F"}, 200},
		{"DomainAdministrator grants SIEMAdministrator", auth.RoleDomainAdministrator, opStaffEnable, operator("SIEMAdministrator"), 200},
		{"DomainAdministrator grants LeasingAgent", auth.RoleDomainAdministrator, opStaffEnable, venue("LeasingAgent", f.venueB), 200},
		{"AccountManager grants VenueAdministrator", auth.RoleAccountManager, opVenueEnable, venue("VenueAdministrator", f.venueB), 200},
		{"CustomerSupport grants LeasingAgent", auth.RoleCustomerSupport, opStaffEnable, venue("LeasingAgent", f.venueA), 200},
		{"VenueAdministrator grants LeasingAgent at its venue", auth.RoleVenueAdministrator, venueStaffEnable, venue("LeasingAgent", f.venueA), 200},
		{"AccountManager may not grant DomainAdministrator", auth.RoleAccountManager, opStaffEnable, operator("DomainAdministrator"), 403},
		{"CustomerSupport may not grant AccountManager", auth.RoleCustomerSupport, opStaffEnable, operator("AccountManager"), 403},
		{"VenueAdministrator may not grant CustomerSupport", auth.RoleVenueAdministrator, opStaffEnable, operator("CustomerSupport"), 403},
		{"VenueAdministrator of A may not grant at B", auth.RoleVenueAdministrator, venueStaffEnable, venue("LeasingAgent", f.venueB), 403},
		{"LeasingAgent may not grant", auth.RoleLeasingAgent, venueStaffEnable, venue("LeasingAgent", f.venueA), 403},
		{"SIEMAdministrator may not grant", auth.RoleSIEMAdministrator, venueStaffEnable, venue("LeasingAgent", f.venueA), 403},
		{"operator X may not grant at operator Y's venue", auth.RoleDomainAdministrator, venueStaffEnable, venue("LeasingAgent", y.venueA), 403},
		{"operator X may not grant in operator Y", auth.RoleDomainAdministrator, opStaffEnable, map[string]any{"OperatorID": y.op, "EmailAddress": newStaffEmail(), "Role": "AccountManager", "GivenName": "G", "FamilyName": "F"}, 403},
		{"nobody changes their own access", auth.RoleVenueAdministrator, venueStaffEnable, map[string]any{"EmailAddress": f.emails[auth.RoleVenueAdministrator], "Role": "LeasingAgent", "VenueID": f.venueA, "GivenName": "G"}, 403},
		{"a venue role on an operator-role account conflicts", auth.RoleDomainAdministrator, venueStaffEnable, map[string]any{"EmailAddress": f.emails[auth.RoleCustomerSupport], "Role": "LeasingAgent", "VenueID": f.venueA, "GivenName": "G"}, 409},
		{"an account of another operator conflicts", auth.RoleDomainAdministrator, opStaffEnable, map[string]any{"EmailAddress": y.emails[auth.RoleAccountManager], "Role": "AccountManager", "GivenName": "G", "FamilyName": "F"}, 409},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := vertexCount(t, env)
			r := env.Post(c.path, f.tokens[c.caller], c.body).Must(t, c.want)
			if c.want != http.StatusOK && vertexCount(t, env) != before {
				t.Fatalf("a refused grant wrote to the graph: %s", r.Raw)
			}
		})
	}
	t.Run("validation", func(t *testing.T) {
		da := f.tokens[auth.RoleDomainAdministrator]
		before := vertexCount(t, env)
		mustField(t, env.Post(opStaffEnable, da, map[string]any{"EmailAddress": newStaffEmail(), "Role": "LeasingAgent"}), "VenueID")
		mustField(t, env.Post(opStaffEnable, da, map[string]any{"EmailAddress": newStaffEmail(), "Role": "AccountManager", "FamilyName": "F"}), "GivenName")
		mustField(t, env.Post(opStaffEnable, da, map[string]any{"EmailAddress": newStaffEmail(), "Role": "AccountManager", "GivenName": "G"}), "FamilyName")
		mustField(t, env.Post(opStaffEnable, da, map[string]any{"EmailAddress": "nope", "Role": "AccountManager"}), "EmailAddress")
		mustField(t, env.Post(venueStaffEnable, da, map[string]any{"VenueID": f.venueA, "EmailAddress": newStaffEmail(), "Role": "DomainAdministrator", "GivenName": "G"}), "Role")
		mustField(t, env.Post(venueStaffEnable, da, map[string]any{"VenueID": f.venueA, "EmailAddress": newStaffEmail(), "Role": "LeasingAgent", "GivenName": strings.Repeat("g", 41)}), "GivenName")
		mustField(t, env.Post(opStaffEnable, f.tokens[auth.RoleNetworkSoftwareProvider], map[string]any{"EmailAddress": newStaffEmail(), "Role": "AccountManager", "GivenName": "G", "FamilyName": "F"}), "OperatorID")
		if vertexCount(t, env) != before {
			t.Fatal("a refused request wrote to the graph")
		}
	})
}

func TestVenueStaffAccumulatesAndIsRemoved(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	ctx := context.Background()
	da, va := f.tokens[auth.RoleDomainAdministrator], f.tokens[auth.RoleVenueAdministrator]
	email := newStaffEmail()
	env.Post(opVenueEnable, da, map[string]any{"VenueID": f.venueA, "Role": "LeasingAgent", "EmailAddress": email, "GivenName": "G"}).Must(t, http.StatusOK)
	env.Post(opVenueEnable, da, map[string]any{"VenueID": f.venueB, "Role": "LeasingAgent", "EmailAddress": email, "GivenName": "G"}).Must(t, http.StatusOK)
	env.Post(opVenueEnable, da, map[string]any{"VenueID": f.venueB, "Role": "LeasingAgent", "EmailAddress": email, "GivenName": "G"}).Must(t, http.StatusConflict)
	env.Post(opVenueEnable, da, map[string]any{"VenueID": f.venueB, "Role": "VenueAdministrator", "EmailAddress": email, "GivenName": "G"}).Must(t, http.StatusConflict)
	a, _, _ := env.Service.Admins.Find(ctx, email)
	if len(a.VenueIDs) != 2 {
		t.Fatalf("venues %v", a.VenueIDs)
	}
	t.Run("venue administrator of A removes access at A only", func(t *testing.T) {
		env.Post(venueStaffDisable, va, map[string]any{"VenueID": f.venueB, "EmailAddress": email}).Must(t, http.StatusForbidden)
		r := env.Post(venueStaffDisable, va, map[string]any{"VenueID": f.venueA, "EmailAddress": email}).Must(t, http.StatusOK)
		if r.Body["message"] != "Operation complete. " {
			t.Fatalf("%s", r.Raw)
		}
		a, _, _ := env.Service.Admins.Find(ctx, email)
		if len(a.VenueIDs) != 1 || a.VenueIDs[0] != f.venueB {
			t.Fatalf("venues %v", a.VenueIDs)
		}
		env.Post(venueStaffDisable, va, map[string]any{"VenueID": f.venueA, "EmailAddress": email}).Must(t, http.StatusNotFound)
	})
	t.Run("revoking the last venue keeps the account, disabled", func(t *testing.T) {
		mustField(t, env.Post(opVenueRevoke, da, map[string]any{"VenueID": f.venueB, "StaffEmailAddress": email, "Role": "CustomerService"}), "Role")
		mustField(t, env.Post(opVenueRevoke, da, map[string]any{"VenueID": f.venueB, "StaffEmailAddress": email, "Role": "LeasingAgent",
			"EffectiveDate": "2999-01-01T00:00:00Z"}), "EffectiveDate")
		env.Post(opVenueRevoke, da, map[string]any{"VenueID": f.venueB, "StaffEmailAddress": email, "Role": "VenueAdministrator"}).Must(t, http.StatusNotFound)
		r := env.Post(opVenueRevoke, da, map[string]any{"VenueID": f.venueB, "StaffEmailAddress": email, "Role": "LeasingAgent",
			"RevocationReason": "RoleChange", "AuditNotes": "moved"}).Must(t, http.StatusOK)
		if r.Body["success"] != true {
			t.Fatalf("%s", r.Raw)
		}
		a, found, _ := env.Service.Admins.Find(ctx, email)
		if !found || a.Status != identity.StatusDisabled || len(a.VenueIDs) != 0 {
			t.Fatalf("account %+v", a)
		}
		entries := opAuditEntries(t, env, f.op, "Staff.revokeVenueStaffRole")
		if len(entries) != 1 || !strings.Contains(entries[0]["Message"].(string), "RoleChange") {
			t.Fatalf("audit %v", entries)
		}
	})
	t.Run("nobody removes their own access", func(t *testing.T) {
		env.Post(venueStaffDisable, va, map[string]any{"VenueID": f.venueA, "EmailAddress": f.emails[auth.RoleVenueAdministrator]}).Must(t, http.StatusForbidden)
	})
	t.Run("roles", func(t *testing.T) {
		roleCase(t, f, venueStaffDisable, func() map[string]any {
			return map[string]any{"VenueID": f.venueA, "EmailAddress": newStaffEmail()}
		}, []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator, auth.RoleAccountManager,
			auth.RoleCustomerSupport, auth.RoleVenueAdministrator}, http.StatusNotFound)
	})
}

func TestDisableOperatorStaff(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	y := newOpFixture(t, env)
	da := f.tokens[auth.RoleDomainAdministrator]
	env.Post(opStaffDisable, da, map[string]any{"EmailAddress": f.emails[auth.RoleDomainAdministrator]}).Must(t, http.StatusForbidden)
	env.Post(opStaffDisable, da, map[string]any{"EmailAddress": y.emails[auth.RoleAccountManager]}).Must(t, http.StatusNotFound)
	env.Post(opStaffDisable, da, map[string]any{"OperatorID": y.op, "EmailAddress": y.emails[auth.RoleAccountManager]}).Must(t, http.StatusForbidden)
	env.Post(opStaffDisable, da, map[string]any{"EmailAddress": f.emails[auth.RoleLeasingAgent]}).Must(t, http.StatusNotFound)
	mustField(t, env.Post(opStaffDisable, da, map[string]any{"EmailAddress": "x"}), "EmailAddress")
	r := env.Post(opStaffDisable, da, map[string]any{"EmailAddress": f.emails[auth.RoleSIEMAdministrator]}).Must(t, http.StatusOK)
	if roles, _ := r.Body["RolesRemoved"].([]any); len(roles) != 1 || roles[0] != "SIEMAdministrator" || r.Body["DisabledDateTime"] == "" {
		t.Fatalf("%s", r.Raw)
	}
	if r := env.Post("/auth/login", "", map[string]any{"EmailAddress": f.emails[auth.RoleSIEMAdministrator], "Password": staffPassword}); r.Status == http.StatusOK {
		t.Fatal("a disabled account signed in")
	}
	if len(opAuditEntries(t, env, f.op, "Staff.disableStaffAccess")) != 1 || eventCount(t, env, f.op, "StaffAccessDisabled") != 1 {
		t.Fatal("no audit entry or event")
	}
	t.Run("roles", func(t *testing.T) {
		roleCase(t, f, opStaffDisable, func() map[string]any {
			return map[string]any{"OperatorID": f.op, "EmailAddress": newStaffEmail()}
		}, operatorAdminRoles, http.StatusNotFound)
	})
}
