package service

import (
	"context"
	"fmt"
	"time"

	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/radiusd"
)

// startRadius runs radiusd inside the service on Config.RadiusAuthAddr and
// RadiusAcctAddr, answering from the service's Redis with its key ring and
// Config.RadiusSecret as the default shared secret. An empty
// RadiusAuthAddr leaves RADIUS off. radiusd is stopped before Redis is
// closed.
func (s *Service) startRadius(ctx context.Context) error {
	if s.Config.RadiusAuthAddr == "" {
		return nil
	}
	srv, err := radiusd.New(radiusd.Config{
		AuthAddr:      s.Config.RadiusAuthAddr,
		AcctAddr:      s.Config.RadiusAcctAddr,
		DefaultSecret: s.Config.RadiusSecret,
		Store:         s.cache(),
		Logger:        s.Log,
	})
	if err != nil {
		return err
	}
	if err := srv.Start(ctx); err != nil {
		return fmt.Errorf("radius: %w", err)
	}
	s.Radius = srv
	// Ended keys (KeyEnd, resets, subscriptions ending) disconnect their sessions.
	s.SetDisconnector(projection.DisconnectFunc(func(ctx context.Context, keyID string) error {
		_, err := srv.DisconnectKey(ctx, keyID)
		return err
	}))
	s.closers = append(s.closers, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	})
	s.Log.Info("radiusd serving", "auth", srv.AuthAddr().String(), "acct", srv.AcctAddr().String())
	return nil
}
