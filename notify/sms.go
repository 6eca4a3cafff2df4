package notify

import (
	"context"
	"log/slog"
)

// SMS is one text message to send.
type SMS struct {
	To, Text string
	// Template names the template, for logs.
	Template string
}

// Provider sends SMS (Twilio, SNS, ... behind this interface).
type Provider interface {
	SendSMS(ctx context.Context, m SMS) error
}

// LogProvider is the embedded default provider: it logs that an SMS was sent, to whom and
// which template. It never logs the text, which can carry a password or a code.
type LogProvider struct{ Log *slog.Logger }

// SendSMS logs the message's recipient and template.
func (l LogProvider) SendSMS(ctx context.Context, m SMS) error {
	l.Log.Info("sms sent (log-only provider)", "to", m.To, "template", m.Template)
	return nil
}
