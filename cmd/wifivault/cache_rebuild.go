package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graph"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/projection"
)

func init() { commands["cache rebuild"] = cacheRebuild }

// cacheRebuild writes radiusd's Redis projection from the graph: every venue and every
// valid key with its policy and PMK, and deletes what the graph no longer has valid.
//
//	wifivault cache rebuild --redis-url redis://… [--graph-url ws://…/gremlin] [--data DIR]
//
// Without --graph-url it opens the embedded graph in DIR/graph (serve must not be running
// on that directory). The key ring is read from DIR (or WIFIVAULT_MASTER_KEY). It prints
// the counts and exits 0, or 1 on failure.
func cacheRebuild(args []string) int {
	fs := flag.NewFlagSet("cache rebuild", flag.ContinueOnError)
	graphURL := fs.String("graph-url", os.Getenv("WIFIVAULT_GRAPH_URL"), "Gremlin server URL; empty opens the embedded graph in the data directory (WIFIVAULT_GRAPH_URL)")
	graphUser := fs.String("graph-user", os.Getenv("WIFIVAULT_GRAPH_USER"), "Gremlin SASL user (WIFIVAULT_GRAPH_USER)")
	graphPassword := fs.String("graph-password", os.Getenv("WIFIVAULT_GRAPH_PASSWORD"), "Gremlin SASL password (WIFIVAULT_GRAPH_PASSWORD)")
	redisURL := fs.String("redis-url", os.Getenv("WIFIVAULT_REDIS_URL"), "Redis URL of the projection (WIFIVAULT_REDIS_URL)")
	dataDir := fs.String("data", envOr("WIFIVAULT_DATA_DIR", "wifivault-data"), "data directory holding the key ring (WIFIVAULT_DATA_DIR)")
	prefix := fs.String("prefix", policycache.DefaultPrefix, "key prefix of the projection")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if *redisURL == "" {
		log.Error("cache rebuild: --redis-url (or WIFIVAULT_REDIS_URL) is required")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	rep, err := rebuildCache(ctx, log, *graphURL, *graphUser, *graphPassword, *redisURL, *dataDir, *prefix)
	if err != nil {
		log.Error("cache rebuild", "error", err)
		return 1
	}
	fmt.Printf("venues written %d, deleted %d; keys written %d, deleted %d (of %d in the graph)\n",
		rep.VenuesWritten, rep.VenuesDeleted, rep.KeysAdded, rep.KeysDeleted, rep.KeysChecked)
	return 0
}

// rebuildCache opens the graph, Redis and the key ring and runs projection.Rebuild.
func rebuildCache(ctx context.Context, log *slog.Logger, graphURL, user, password, redisURL, dataDir, prefix string) (projection.Repairs, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return projection.Repairs{}, err
	}
	ring, err := vaultcrypto.LoadKeyRing(os.Getenv(vaultcrypto.MasterKeyEnv), abs)
	if err != nil {
		return projection.Repairs{}, fmt.Errorf("key ring: %w", err)
	}
	if graphURL == "" {
		e, err := graph.Open(graph.Options{Dir: filepath.Join(abs, "graph"), Logger: log})
		if err != nil {
			return projection.Repairs{}, fmt.Errorf("embedded graph: %w", err)
		}
		defer e.Close()
		if graphURL, err = e.Start("127.0.0.1:0"); err != nil {
			return projection.Repairs{}, fmt.Errorf("embedded graph: %w", err)
		}
	}
	db, err := graphdb.Open(ctx, graphdb.Options{URL: graphURL, Username: user, Password: password})
	if err != nil {
		return projection.Repairs{}, err
	}
	defer db.Close()
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return projection.Repairs{}, fmt.Errorf("redis url: %w", err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	p := &projection.Projector{DB: db, Secrets: ring, Store: policycache.NewStore(rdb, ring, prefix), Prefix: prefix, Log: log}
	return p.Rebuild(ctx)
}
