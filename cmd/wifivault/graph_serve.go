package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/wifivault/wifivault/graph"
)

// graphServe runs the embedded graph engine standalone:
//
//	wifivault graph serve --addr 127.0.0.1:8182 --data DIR [--user U --password P]
//
// It serves until SIGINT or SIGTERM, then closes the graphs cleanly.
func graphServe(args []string) int {
	fs := flag.NewFlagSet("graph serve", flag.ContinueOnError)
	addr := fs.String("addr", envOr("WIFIVAULT_GRAPH_ADDR", "127.0.0.1:8182"), "listen address (env WIFIVAULT_GRAPH_ADDR)")
	dir := fs.String("data", os.Getenv("WIFIVAULT_DATA_DIR"), "data directory; empty keeps graphs in memory (env WIFIVAULT_DATA_DIR)")
	user := fs.String("user", "", "require SASL PLAIN authentication with this user")
	password := fs.String("password", "", "password for --user")
	autoCreate := fs.Bool("auto-create", true, "create a named graph when a request first aliases it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	e, err := graph.Open(graph.Options{Dir: *dir, AutoCreate: *autoCreate, Username: *user, Password: *password, Logger: log})
	if err != nil {
		log.Error("open graph engine", "error", err)
		return 1
	}
	url, err := e.Start(*addr)
	if err != nil {
		log.Error("start", "error", err)
		_ = e.Close()
		return 1
	}
	fmt.Println(url)
	log.Info("serving Gremlin", "url", url, "data", *dir, "auth", *user != "")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Info("shutting down")
	if err := e.Close(); err != nil {
		log.Error("close", "error", err)
		return 1
	}
	return 0
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
