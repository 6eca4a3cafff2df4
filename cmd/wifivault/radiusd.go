package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd"
	"github.com/wifivault/wifivault/service"
)

func init() { commands["radiusd"] = radiusdMain }

// radiusdConfig is what `wifivault radiusd` is told, by flag or variable.
type radiusdConfig struct {
	authAddr, acctAddr string
	redisURL           string
	secret             string
	defaultVenue       string
	dataDir            string
	logLevel           string
	logFormat          string
}

// parseRadiusdConfig reads flags over WIFIVAULT_* variables.
func parseRadiusdConfig(args []string) (radiusdConfig, error) {
	var c radiusdConfig
	fs := flag.NewFlagSet("radiusd", flag.ContinueOnError)
	fs.StringVar(&c.authAddr, "auth-addr", envOr("WIFIVAULT_RADIUS_AUTH_ADDR", "127.0.0.1:1812"), "UDP address for Access-Requests (WIFIVAULT_RADIUS_AUTH_ADDR)")
	fs.StringVar(&c.acctAddr, "acct-addr", envOr("WIFIVAULT_RADIUS_ACCT_ADDR", "127.0.0.1:1813"), "UDP address for Accounting-Requests (WIFIVAULT_RADIUS_ACCT_ADDR)")
	fs.StringVar(&c.redisURL, "redis-url", os.Getenv("WIFIVAULT_REDIS_URL"), "Redis holding the projection, redis://host:6379/0 (WIFIVAULT_REDIS_URL, required)")
	fs.StringVar(&c.secret, "secret", os.Getenv("WIFIVAULT_RADIUS_SECRET"), "shared secret of venues without their own (WIFIVAULT_RADIUS_SECRET)")
	fs.StringVar(&c.defaultVenue, "default-venue", os.Getenv("WIFIVAULT_RADIUS_DEFAULT_VENUE"), "single-site use: serve unknown gateways as gateways of this venue (needs --secret) (WIFIVAULT_RADIUS_DEFAULT_VENUE)")
	fs.StringVar(&c.dataDir, "data", envOr("WIFIVAULT_DATA_DIR", "wifivault-data"), "data directory holding master.key, unless WIFIVAULT_MASTER_KEY is set (WIFIVAULT_DATA_DIR)")
	fs.StringVar(&c.logLevel, "log-level", envOr("WIFIVAULT_LOG_LEVEL", "info"), "debug, info, warn or error (WIFIVAULT_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", envOr("WIFIVAULT_LOG_FORMAT", "text"), "text or json (WIFIVAULT_LOG_FORMAT)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.redisURL == "" {
		return c, errors.New("radiusd: --redis-url or WIFIVAULT_REDIS_URL is required")
	}
	return c, nil
}

// radiusKeyRing returns the key ring that decrypts the PSKs, PMKs and
// secrets of the projection: WIFIVAULT_MASTER_KEY, else the service's key
// file in the data directory. Unlike the service it never creates a key
// file: a new key could not decrypt anything.
func radiusKeyRing(dataDir string) (*vaultcrypto.KeyRing, error) {
	if v := os.Getenv(vaultcrypto.MasterKeyEnv); strings.TrimSpace(v) != "" {
		return vaultcrypto.LoadKeyRing(v, "")
	}
	return vaultcrypto.ReadKeyFile(filepath.Join(dataDir, vaultcrypto.KeyFileName))
}

// radiusdMain runs radiusd standalone against a Redis projection:
//
//	wifivault radiusd --redis-url redis://127.0.0.1:6379/0 --secret S [--auth-addr :1812 --acct-addr :1813]
//
// SIGINT or SIGTERM stops it: the sockets close and requests in progress
// finish (up to 10 s).
func radiusdMain(args []string) int {
	cfg, err := parseRadiusdConfig(args)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		return 2
	}
	log := service.NewLogger(cfg.logLevel, cfg.logFormat)
	ring, err := radiusKeyRing(cfg.dataDir)
	if err != nil {
		log.Error("radiusd: key ring", "error", err)
		return 1
	}
	opts, err := redis.ParseURL(cfg.redisURL)
	if err != nil {
		log.Error("radiusd: WIFIVAULT_REDIS_URL", "error", err)
		return 2
	}
	opts.PoolSize = max(opts.PoolSize, 64)
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	srv, err := radiusd.New(radiusd.Config{
		AuthAddr: cfg.authAddr, AcctAddr: cfg.acctAddr,
		DefaultSecret: cfg.secret, DefaultVenueID: cfg.defaultVenue,
		Store:  policycache.NewStore(rdb, ring, ""),
		Logger: log,
	})
	if err != nil {
		log.Error("radiusd", "error", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Start(ctx); err != nil {
		log.Error("radiusd: start", "error", err)
		return 1
	}
	log.Info("radiusd serving", "auth", srv.AuthAddr().String(), "acct", srv.AcctAddr().String())
	<-ctx.Done()
	log.Info("radiusd shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("radiusd: shutdown", "error", err)
		return 1
	}
	return 0
}
