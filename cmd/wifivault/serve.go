package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wifivault/wifivault/service"
)

// serve runs the whole service: wifivault serve [--demo] [flags]. SIGINT or SIGTERM
// drains in-flight requests (up to 30 s) and closes the graph and the cache.
func serve(args []string) int {
	cfg, err := service.ParseConfig("serve", args)
	if err != nil {
		return 2
	}
	log := service.NewLogger(cfg.LogLevel, cfg.LogFormat)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := service.Start(ctx, cfg, log)
	if err != nil {
		log.Error("start", "error", err)
		return 1
	}
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil {
		log.Error("shutdown", "error", err)
		return 1
	}
	return 0
}
