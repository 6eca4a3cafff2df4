package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestCacheRebuild: the rebuild restores a lost venue and drops a key the graph lacks,
// reading the graph over Gremlin and the key ring from the data directory.
func TestCacheRebuild(t *testing.T) {
	t.Setenv("WIFIVAULT_CACHE_RECONCILE_INTERVAL", "0")
	env := servicetest.Start(t)
	nsp := env.NSP()
	op := servicetest.Unique("OP")
	env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Operator " + op, "EmailAddress": strings.ToLower(op) + "@ops.test", "Password": "first-admin-pw",
	}).Must(t, http.StatusOK)
	venue := env.Post("/networkoperatorconsole/venues/addVenue", nsp, map[string]any{
		"OperatorID": op, "VenueName": "Venue", "AddressLine1": servicetest.Unique("1 Main St "), "City": "Chicago",
		"State": "Illinois", "Country": "USA", "PostalCode": "60601",
	}).Must(t, http.StatusOK).Body["VenueID"].(string)
	ctx := context.Background()
	cache := env.Service.Cache
	if err := cache.DeleteVenue(ctx, venue); err != nil {
		t.Fatal(err)
	}
	if _, err := cache.PutKey(ctx, policycache.Key{KeyID: "psk_gone", VenueID: venue, SSID: "s", Passphrase: "passphrase-1", Revision: 1}); err != nil {
		t.Fatal(err)
	}
	cfg := env.Service.Config
	rep, err := rebuildCache(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), env.Service.DB.URL(), "", "", cfg.RedisURL, cfg.DataDir, policycache.DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if rep.VenuesWritten < 1 || rep.KeysDeleted != 1 {
		t.Fatalf("repairs %+v", rep)
	}
	clients, err := cache.NewReader().RefreshClients(ctx)
	if err != nil || clients.Venues[venue] == nil {
		t.Fatalf("venue %s not rebuilt: %v", venue, err)
	}
	if k, _ := cache.NewReader().Key(ctx, "psk_gone"); k != nil {
		t.Fatalf("stray key kept: %+v", k)
	}
	t.Setenv("WIFIVAULT_REDIS_URL", "")
	if code := run([]string{"cache", "rebuild"}); code != 2 {
		t.Fatalf("without --redis-url: exit %d, want 2", code)
	}
}
