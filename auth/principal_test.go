package auth

import (
	"errors"
	"testing"
)

func TestPrincipalValidate(t *testing.T) {
	tests := []struct {
		name  string
		p     Principal
		valid bool
	}{
		{"network software provider", nspAdmin, true},
		{"domain administrator", Principal{Subject: "a", Kind: KindAdmin, Role: RoleDomainAdministrator, OperatorID: "op"}, true},
		{"SIEM administrator", Principal{Subject: "a", Kind: KindAdmin, Role: RoleSIEMAdministrator, OperatorID: "op"}, true},
		{"account manager", Principal{Subject: "a", Kind: KindAdmin, Role: RoleAccountManager, OperatorID: "op"}, true},
		{"customer support", Principal{Subject: "a", Kind: KindAdmin, Role: RoleCustomerSupport, OperatorID: "op"}, true},
		{"venue administrator", venueAdm, true},
		{"leasing agent", Principal{Subject: "a", Kind: KindAdmin, Role: RoleLeasingAgent, OperatorID: "op", VenueIDs: []string{"v"}}, true},
		{"subscriber", Principal{Subject: "s", Kind: KindSubscriber, Role: RoleSubscriber}, true},
		{"subscriber of an operator", Principal{Subject: "s", Kind: KindSubscriber, Role: RoleSubscriber, OperatorID: "op"}, true},
		{"no subject", Principal{Kind: KindAdmin, Role: RoleNetworkSoftwareProvider}, false},
		{"unknown role", Principal{Subject: "a", Kind: KindAdmin, Role: "Root"}, false},
		{"subscriber kind with admin role", Principal{Subject: "a", Kind: KindSubscriber, Role: RoleDomainAdministrator, OperatorID: "op"}, false},
		{"admin kind with subscriber role", Principal{Subject: "a", Kind: KindAdmin, Role: RoleSubscriber}, false},
		{"provider with operator", Principal{Subject: "a", Kind: KindAdmin, Role: RoleNetworkSoftwareProvider, OperatorID: "op"}, false},
		{"operator role without operator", Principal{Subject: "a", Kind: KindAdmin, Role: RoleDomainAdministrator}, false},
		{"operator role with venues", Principal{Subject: "a", Kind: KindAdmin, Role: RoleAccountManager, OperatorID: "op", VenueIDs: []string{"v"}}, false},
		{"venue role without venues", Principal{Subject: "a", Kind: KindAdmin, Role: RoleVenueAdministrator, OperatorID: "op"}, false},
		{"venue role without operator", Principal{Subject: "a", Kind: KindAdmin, Role: RoleLeasingAgent, VenueIDs: []string{"v"}}, false},
		{"empty venue id", Principal{Subject: "a", Kind: KindAdmin, Role: RoleLeasingAgent, OperatorID: "op", VenueIDs: []string{""}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if (err == nil) != tt.valid {
				t.Fatalf("Validate() = %v, want valid %v", err, tt.valid)
			}
			if err != nil && !errors.Is(err, ErrInvalidPrincipal) {
				t.Fatalf("err %v does not wrap ErrInvalidPrincipal", err)
			}
		})
	}
}

func TestPrincipalReach(t *testing.T) {
	domainAdmin := Principal{Subject: "a", Kind: KindAdmin, Role: RoleDomainAdministrator, OperatorID: "op-1"}
	subscriber := Principal{Subject: "s", Kind: KindSubscriber, Role: RoleSubscriber, OperatorID: "op-1"}
	tests := []struct {
		name               string
		p                  Principal
		operator, venue    string
		wantOperator       bool
		wantVenue          bool
		wantScope          Scope
		wantAccessCategory string
	}{
		{"provider reaches any operator", nspAdmin, "op-9", "venue-9", true, true, ScopeAllOperators, "NetworkSoftwareProvider"},
		{"operator role reaches own operator", domainAdmin, "op-1", "venue-9", true, true, ScopeOperator, "NetworkOperator"},
		{"operator role denied other operator", domainAdmin, "op-2", "venue-1", false, false, ScopeOperator, "NetworkOperator"},
		{"venue role reaches listed venue", venueAdm, "op-1", "venue-2", false, true, ScopeVenues, "Venue"},
		{"venue role denied unlisted venue", venueAdm, "op-1", "venue-3", false, false, ScopeVenues, "Venue"},
		{"venue role denied listed venue id under other operator", venueAdm, "op-2", "venue-1", false, false, ScopeVenues, "Venue"},
		{"subscriber reaches no operator or venue", subscriber, "op-1", "venue-1", false, false, ScopeSelf, "Subscriber"},
		{"empty venue id never reached", nspAdmin, "op-1", "", true, false, ScopeAllOperators, "NetworkSoftwareProvider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.CanAccessOperator(tt.operator); got != tt.wantOperator {
				t.Errorf("CanAccessOperator(%q) = %v, want %v", tt.operator, got, tt.wantOperator)
			}
			if got := tt.p.CanAccessVenue(tt.operator, tt.venue); got != tt.wantVenue {
				t.Errorf("CanAccessVenue(%q, %q) = %v, want %v", tt.operator, tt.venue, got, tt.wantVenue)
			}
			if got := tt.p.Role.Scope(); got != tt.wantScope {
				t.Errorf("Scope() = %v, want %v", got, tt.wantScope)
			}
			if got := tt.p.Role.AccessCategory(); got != tt.wantAccessCategory {
				t.Errorf("AccessCategory() = %q, want %q", got, tt.wantAccessCategory)
			}
		})
	}
}
