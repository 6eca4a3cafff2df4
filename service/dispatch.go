package service

import (
	"context"
	"fmt"

	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/notify"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/webhooks"
)

// startDispatcher starts the outbox dispatcher with the webhook and notification handlers
// (email over WIFIVAULT_SMTP_URL, or logged when unset; SMS through the log-only provider),
// makes every successful mutating command wake it, and stops it (waiting for deliveries in
// flight to end) before the graph closes. Every replica runs one: leases in the graph keep
// them from delivering the same event at once.
func (s *Service) startDispatcher() error {
	log := s.Log.With("component", "outbox")
	var mail notify.Mailer = notify.LogMailer{Log: log}
	if raw := env("SMTP_URL", ""); raw != "" {
		m, err := notify.NewSMTPMailer(raw)
		if err != nil {
			return fmt.Errorf("email: %w", err)
		}
		mail = m
	}
	d := outbox.New(s.DB, outbox.Options{Log: log})
	(&webhooks.Deliverer{DB: s.DB, Secrets: s.Secrets, Log: log}).Register(d)
	(&notify.Notifier{DB: s.DB, Secrets: s.Secrets, Mail: mail, SMS: notify.LogProvider{Log: log}, Log: log}).Register(d)
	for _, cmd := range s.Registry.Commands() {
		if !cmd.Mutating {
			continue
		}
		run := cmd.Run
		cmd.Run = func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
			res, err := run(ctx, c)
			if err == nil {
				d.Wake()
			}
			return res, err
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	s.Outbox = d
	s.closers = append(s.closers, func() error { cancel(); <-done; return nil })
	return nil
}
